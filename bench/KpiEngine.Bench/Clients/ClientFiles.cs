using System.Globalization;
using System.Text;

namespace KpiEngine.Bench.Clients;

/// <summary>
/// Writes many small client KPI sets over one tiny shared dataset: what a consultancy's
/// <c>kpi validate clients/</c> sees. Clients differ in id, name, parameter and which KPIs they add.
/// </summary>
internal static class ClientFiles
{
    private static readonly string[] Channels = ["organic", "paid_search", "social", "email"];

    private static readonly (string Id, string Unit, string Direction, string Formula)[] Kpis =
    [
        ("conversion_rate", "percent", "higher", "[orders] / [visits] * 100"),
        ("aov", "currency", "higher", "[revenue] / [orders]"),
        ("revenue_per_visit", "currency", "higher", "[revenue] / [visits]"),
        ("roas", "ratio", "higher", "[revenue] / [marketing_spend]"),
        ("cpc", "currency", "lower", "[marketing_spend] / [clicks]"),
        ("gross_profit", "currency", "higher", "[revenue] * [gross_margin]"),
        ("bounce_rate", "percent", "lower", "[bounced] / [visits] * 100"),
    ];

    public static void Write(string directory, int count)
    {
        var clients = Path.Combine(directory, "clients");
        var data = Path.Combine(directory, "data");
        Directory.CreateDirectory(clients);
        Directory.CreateDirectory(data);
        WriteDataset(Path.Combine(data, "shop.csv"));
        for (var i = 1; i <= count; i++)
        {
            File.WriteAllText(Path.Combine(clients, string.Create(CultureInfo.InvariantCulture, $"client-{i:D4}.yaml")), ClientYaml(i), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
    }

    private static string ClientYaml(int number)
    {
        var yaml = new StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"""
            client: client-{number:D4}
            name: Benchmark client {number}
            datasets:
              shop:
                path: ../data/shop.csv
                time: day
                columns: {"{"} day: date, channel: text, visits: number, bounced: number, orders: number, revenue: number, spend: number, clicks: number {"}"}
            inputs:
              visits:          {"{"} dataset: shop, formula: "Sum([visits])" {"}"}
              bounced:         {"{"} dataset: shop, formula: "Sum([bounced])" {"}"}
              orders:          {"{"} dataset: shop, formula: "Sum([orders])" {"}"}
              revenue:         {"{"} dataset: shop, formula: "Sum([revenue])" {"}"}
              marketing_spend: {"{"} dataset: shop, formula: "Sum([spend])" {"}"}
              clicks:          {"{"} dataset: shop, formula: "SumIf([clicks], [channel] != 'organic')" {"}"}
            parameters:
              gross_margin: 0.{30 + (number % 40):D2}
            kpis:

            """);
        for (var k = 0; k < 5; k++)
        {
            var (id, unit, direction, formula) = Kpis[(number + k) % Kpis.Length];
            yaml.Append(CultureInfo.InvariantCulture, $"  - {{ id: {id}, unit: {unit}, direction: {direction}, formula: \"{formula}\" }}\n");
        }

        return yaml.ToString();
    }

    private static void WriteDataset(string path)
    {
        var csv = new StringBuilder("day,channel,visits,bounced,orders,revenue,spend,clicks\n");
        var day = new DateOnly(2026, 1, 1);
        for (var d = 0; d < 59; d++, day = day.AddDays(1))
        {
            for (var c = 0; c < Channels.Length; c++)
            {
                var visits = 40 + ((d * 7 + c * 13) % 90);
                csv.Append(CultureInfo.InvariantCulture,
                    $"{day:yyyy-MM-dd},{Channels[c]},{visits},{visits / 3},{visits / 25 + 1},{(visits / 25 + 1) * 37.5m:F2},{c * 12.25m:F2},{visits / 2}\n");
            }
        }

        File.WriteAllText(path, csv.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }
}
