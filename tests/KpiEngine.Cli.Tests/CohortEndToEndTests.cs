using System.Text.Json;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// Cohort KPIs as a user meets them: the demo shop's retention triangle in JSON, CSV, an 80-column
/// terminal, <c>kpi explain</c> and the HTML heatmap, and a bad <c>cohort:</c> caught by <c>kpi validate</c>.
/// </summary>
public sealed class CohortEndToEndTests : IDisposable
{
    private const string Shop = "kpi-definitions/clients/online-shop.yaml";

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("kpi-cohorts-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public void Run_DemoRetentionTriangle_JsonCarriesCohortAndAge()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "run", Shop, "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.Output);
        var cells = document.RootElement.GetProperty("clients")[0].GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("kpi").GetString() == "customer_retention").ToList();
        // Orders run from January to June 2026: six cohorts, ages 0 to 5, the cells after June undefined.
        Assert.Equal(36, cells.Count);
        Assert.All(cells.Where(c => c.GetProperty("age").GetInt32() == 0), c => Assert.Equal(100, c.GetProperty("value").GetDouble()));
        var corner = cells.Single(c => c.GetProperty("cohort").GetString() == "2026-06" && c.GetProperty("age").GetInt32() == 1);
        Assert.Equal(JsonValueKind.Null, corner.GetProperty("value").ValueKind);
        Assert.Equal("age 1 of cohort 2026-06 is 2026-07, after the data ends (2026-06)", corner.GetProperty("reason").GetString());
        Assert.Equal("2026-07", corner.GetProperty("period").GetString());
        // Every defined cell is a share of the cohort: 0 to 100.
        Assert.All(cells.Where(c => c.GetProperty("value").ValueKind == JsonValueKind.Number), c => Assert.InRange(c.GetProperty("value").GetDouble(), 0, 100));
    }

    [Fact]
    public void Run_Csv_HasCohortAndAgeColumnsEmptyForPeriodValues()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "run", Shop, "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("client,kpi,period,cohort,age,value,reason,unit,partial,status", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("online-shop,customer_retention,2026-02,2026-01,1,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("online-shop,aov,2026-01,,,", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_TriangleInAn80ColumnTerminal_FitsEveryLine()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, new Dictionary<string, string> { ["COLUMNS"] = "80" }, "run", Shop);

        Assert.True(run.ExitCode == 0, run.ToString());
        var triangle = run.Output[run.Output.IndexOf("Customer retention (customer_retention)", StringComparison.Ordinal)..].Split('\n');
        // The title may wrap at 80 columns (COLUMNS sets the console's width); its words are what matter.
        Assert.Contains("rows: cohorts, columns: months since the cohort", string.Join(' ', string.Join(' ', triangle.TakeWhile(l => !l.StartsWith('╭'))).Split(' ', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        var table = triangle.SkipWhile(l => !l.StartsWith('╭')).TakeWhile(l => !l.StartsWith("Blank", StringComparison.Ordinal)).ToList();
        Assert.All(table, line => Assert.True(line.TrimEnd().Length <= 80, $"{line.Length}: {line}"));
        // The first cohort's row has all six ages; the last cohort's only age 0, the rest blank (not 0).
        Assert.Contains(table, l => l.StartsWith("│ 2026-01 │ 100.0 │", StringComparison.Ordinal) && l.Count(c => c == '│') == 8);
        Assert.Contains(table, l => l.StartsWith("│ 2026-06 │ 100.0 │      │", StringComparison.Ordinal));
        Assert.Contains("Blank: ages after the data ends (not yet observed, not 0).", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_CohortKpi_SaysHowACellIsComputed()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "explain", Shop, "customer_retention");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("cohort: each customer_id belongs to the period of its start", run.Output, StringComparison.Ordinal);
        Assert.Contains("Cohort(x) is x at the cohort's age 0", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_CohortKpi_IsAHeatmapWithNumbersAndEscapedNames()
    {
        var folder = _work.FullName;
        File.WriteAllText(Path.Combine(folder, "orders.csv"), "order_id,ordered_at,customer_id\n1,2026-01-01,a\n2,2026-01-09,b\n3,2026-02-03,a\n4,2026-03-31,c\n");
        File.WriteAllText(Path.Combine(folder, "c.yaml"), """
            client: c
            name: "Shop <b>&</b>"
            datasets:
              orders: { path: orders.csv, time: ordered_at }
            inputs:
              active: { dataset: orders, formula: "DistinctCount([customer_id])" }
            kpis:
              - id: retention
                name: "Retention <script>alert(1)</script>"
                unit: percent
                direction: higher
                cohort: { entity: customer_id }
                formula: "[active] / Cohort([active]) * 100"
            """);
        var report = Path.Combine(folder, "c.html");

        var run = KpiProcess.Run(folder, "report", "c.yaml", "--out", report);

        Assert.True(run.ExitCode == 0, run.ToString());
        var html = File.ReadAllText(report);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("Retention &lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<table class=\"compact heatmap\">", html, StringComparison.Ordinal);
        // Cohort 2026-01 = a, b: age 0 100 (the deepest blue, white text), age 1 a: 50 (half way: #ee to #1f is 134.5, rounded to even 134 = #86), age 2 nobody: 0 (the palest).
        Assert.Contains("style=\"background:#1f4e9a;color:#fff\">100.0</td>", html, StringComparison.Ordinal);
        Assert.Contains("style=\"background:#86a0ca\">50.0</td>", html, StringComparison.Ordinal);
        Assert.Contains("style=\"background:#eef3fa\">0.0</td>", html, StringComparison.Ordinal);
        // Cohort 2026-03 (c) has no ages 1 and 2 yet: blank cells with the reason on hover.
        Assert.Contains("<td class=\"num future\" title=\"age 2 of cohort 2026-03 is 2026-05, after the data ends (2026-03)\"></td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CohortNamingAMissingColumn_IsAnErrorAtTheEntity()
    {
        var folder = _work.FullName;
        File.WriteAllText(Path.Combine(folder, "orders.csv"), "order_id,ordered_at,customer_id\n1,2026-01-01,a\n");
        File.WriteAllText(Path.Combine(folder, "c.yaml"), """
            client: c
            datasets:
              orders: { path: orders.csv, time: ordered_at }
            inputs:
              active: { dataset: orders, formula: "DistinctCount([customer_id])" }
            kpis:
              - { id: retention, unit: percent, direction: higher, cohort: { entity: customer }, formula: "[active] / Cohort([active]) * 100" }
            """);

        var run = KpiProcess.Run(folder, "validate", "c.yaml");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("c.yaml(7,74): error KPI7022: The cohort of KPI 'retention' follows 'customer', but dataset 'orders' has no such column.", run.Output + run.Error, StringComparison.Ordinal);
    }
}
