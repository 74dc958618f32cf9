using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// SQL pushdown against a real PostgreSQL server (see <see cref="PostgresFactAttribute"/>): the same
/// generated rows are loaded into a table and written to a CSV file, and every result of a client
/// that uses every aggregate kind, a filter, conditions, dimensions, each grain and a fiscal calendar
/// is compared value by value between the pushed-down run and the in-process scan of the CSV file.
/// Sums are computed exactly in the database (as numeric) and by a compensated double sum in the
/// engine, so values are compared within 1e-9 relative; reasons and partial-period flags exactly.
/// </summary>
public sealed class PushdownEndToEndTests : IDisposable
{
    private const double Tolerance = 1e-9;

    private static readonly string[] Channels = ["web", "shop", " web ", "", "app"];

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("kpi-pushdown-e2e-");
    private readonly PostgresTestSchema _schema = new("kpi_push");

    private string Work => _work.FullName;

    private string Connection => _schema.Connection;

    public void Dispose()
    {
        _schema.Dispose();
        _work.Delete(recursive: true);
    }

    [PostgresFact]
    public void Pushdown_EveryAggregateKindAndGrain_MatchesTheInProcessScanOfTheSameRows()
    {
        var (csv, database) = Load(fiscal: false);
        foreach (var grain in new[] { "day", "week", "month", "quarter", "year", "all" })
        {
            AssertSameResults(csv, database, "--grain", grain);
        }
    }

    [PostgresFact]
    public void Pushdown_FiscalCalendarAndSundayWeeks_MatchTheInProcessScan()
    {
        var (csv, database) = Load(fiscal: true);
        foreach (var grain in new[] { "week", "quarter", "year" })
        {
            AssertSameResults(csv, database, "--grain", grain);
        }
    }

    [PostgresFact]
    public void Pushdown_ByDimensionsAndFromTo_MatchTheInProcessScan()
    {
        var (csv, database) = Load(fiscal: false);
        AssertSameResults(csv, database, "--grain", "month", "--by", "channel");
        AssertSameResults(csv, database, "--grain", "quarter", "--by", "channel,region");
        AssertSameResults(csv, database, "--grain", "all", "--from", "2025-03", "--to", "2025-12", "--by", "region");
    }

    [PostgresFact]
    public void Explain_PushedDatasetAndMedianDataset_SayWhichPathEachTookWithTheSqlAndTheBytes()
    {
        var (_, database) = Load(fiscal: false);

        var plan = KpiProcess.Run(Work, Env(), "explain", database, "revenue_per_order");
        var trace = KpiProcess.Run(Work, Env(), "explain", database, "revenue", "--period", "2025-03");
        var median = KpiProcess.Run(Work, Env(), "explain", database, "middle_price", "--period", "2025-03");
        var off = KpiProcess.Run(Work, Env(), "explain", database, "revenue", "--period", "2025-03", "--no-pushdown");

        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Contains("data access of dataset 'facts' at grain month: pushdown", plan.Output, StringComparison.Ordinal);
        Assert.Contains("GROUP BY kpi_period", plan.Output, StringComparison.Ordinal);
        Assert.True(trace.ExitCode == 0, trace.ToString());
        Assert.Matches(@"data access: pushdown; \d+ rows, [1-9]\d* bytes transferred", trace.Output);
        Assert.True(median.ExitCode == 0, median.ToString());
        Assert.Contains("data access: streaming (Median([price]) does not translate exactly: Median is computed by the in-process scan only)", median.Output, StringComparison.Ordinal);
        Assert.Matches(@"; 600 rows, [1-9]\d* bytes transferred", median.Output);
        Assert.True(off.ExitCode == 0, off.ToString());
        Assert.Contains("data access: streaming (pushdown is turned off for the run (--no-pushdown)); 600 rows", off.Output, StringComparison.Ordinal);
    }

    [PostgresFact]
    public void Pushdown_SourcePushdownFalseAndNoPushdown_StreamTheSameNumbers()
    {
        var (csv, database) = Load(fiscal: false);
        var off = Path.Combine(Work, "off.yaml");
        File.WriteAllText(off, File.ReadAllText(database).Replace("table: facts }", "table: facts, pushdown: false }", StringComparison.Ordinal));

        var explained = KpiProcess.Run(Work, Env(), "explain", off, "revenue_per_order");

        Assert.Contains("streaming (pushdown: false on the dataset's source)", explained.Output, StringComparison.Ordinal);
        AssertSameResults(csv, off, "--grain", "month");
        AssertSameResults(csv, database, "--grain", "week", "--no-pushdown");
    }

    [PostgresFact]
    public void Pushdown_RowWithoutTime_FallsBackToStreamingWhichReportsItsRecord()
    {
        var (_, database) = Load(fiscal: false);
        using (var db = PostgresTestSchema.Open())
        {
            PostgresTestSchema.Execute(db, $"SET search_path TO {_schema.Name}");
            PostgresTestSchema.Execute(db, "INSERT INTO facts (day, amount) VALUES (NULL, 5)");
        }

        var run = KpiProcess.Run(Work, Env(), "run", database, "--format", "json");
        var trace = KpiProcess.Run(Work, Env(), "explain", database, "revenue", "--period", "2025-03");

        Assert.Contains("warning KPI3009", run.Error, StringComparison.Ordinal);
        Assert.Contains("have no value in time column 'day'", run.Error, StringComparison.Ordinal);
        Assert.Contains("data access: streaming (1 row(s) have no time", trace.Output, StringComparison.Ordinal);
    }

    /// <summary>Runs both clients with the same options and compares every result: value within 1e-9 relative, reason and partial flag exactly.</summary>
    private void AssertSameResults(string csv, string database, params string[] options)
    {
        string[] Arguments(string client) => ["run", client, "--format", "json", "--include-inputs", .. options];
        var expected = KpiProcess.Run(Work, Arguments(csv));
        var actual = KpiProcess.Run(Work, Env(), Arguments(database));
        Assert.True(expected.ExitCode == 0, expected.ToString());
        Assert.True(actual.ExitCode == 0, actual.ToString());
        var want = Results(expected.Output);
        var got = Results(actual.Output);
        var context = string.Join(' ', options);
        Assert.True(want.Count > 10, $"{context}: only {want.Count} results");
        Assert.Equal(want.Keys.Order(StringComparer.Ordinal), got.Keys.Order(StringComparer.Ordinal));
        if (!options.Contains("--no-pushdown") && !database.EndsWith("off.yaml", StringComparison.Ordinal))
        {
            // The database run did push down: a trace of the same scan says so.
            var period = want.Keys.First(k => k.StartsWith("revenue ", StringComparison.Ordinal)).Split(' ')[1];
            string[] trace = ["explain", database, "revenue", "--period", period, .. Pairs(options, "--grain", "--by")];
            var explained = KpiProcess.Run(Work, Env(), trace);
            Assert.True(explained.Output.Contains("data access: pushdown;", StringComparison.Ordinal), $"{context}: {explained}");
        }

        foreach (var (key, (value, reason, partial)) in want)
        {
            var (otherValue, otherReason, otherPartial) = got[key];
            Assert.True(reason == otherReason, $"{context} {key}: reason '{reason}' in-process, '{otherReason}' pushed down");
            Assert.True(partial == otherPartial, $"{context} {key}: partial {partial} in-process, {otherPartial} pushed down");
            Assert.True(value.HasValue == otherValue.HasValue, $"{context} {key}: {value} in-process, {otherValue} pushed down");
            if (value is { } v && otherValue is { } w)
            {
                Assert.True(Math.Abs(v - w) <= Tolerance * Math.Max(Math.Abs(v), Math.Abs(w)), $"{context} {key}: {v:R} in-process, {w:R} pushed down");
            }
        }
    }

    /// <summary>The options among <paramref name="names"/> with their values.</summary>
    private static IEnumerable<string> Pairs(string[] options, params string[] names)
    {
        for (var i = 0; i + 1 < options.Length; i++)
        {
            if (names.Contains(options[i]))
            {
                yield return options[i];
                yield return options[i + 1];
            }
        }
    }

    private static Dictionary<string, (double? Value, string? Reason, bool Partial)> Results(string json)
    {
        using var document = JsonDocument.Parse(json);
        var results = new Dictionary<string, (double?, string?, bool)>(StringComparer.Ordinal);
        foreach (var result in document.RootElement.GetProperty("clients").EnumerateArray().SelectMany(c => c.GetProperty("results").EnumerateArray()))
        {
            var dimensions = result.TryGetProperty("dimensions", out var d) ? d.GetRawText() : string.Empty;
            var value = result.GetProperty("value");
            results[$"{result.GetProperty("kpi").GetString()} {result.GetProperty("period").GetString()} {dimensions}"] = (
                value.ValueKind == JsonValueKind.Null ? null : value.GetDouble(),
                result.GetProperty("reason").GetString(),
                result.GetProperty("partial").GetBoolean());
        }

        return results;
    }

    private Dictionary<string, string> Env() => new() { ["FACTS_DB"] = Connection };

    /// <summary>
    /// 600 rows from 2025-01-03 to 2026-06-28 (none in August 2025, so that month is empty), written to
    /// facts.csv and loaded into table facts; returns the CSV client and the database client.
    /// </summary>
    private (string Csv, string Database) Load(bool fiscal)
    {
        var random = new Random(20260115);
        var rows = new List<object?[]>();
        var day = new DateOnly(2025, 1, 3);
        while (rows.Count < 600)
        {
            day = day.AddDays(random.Next(0, 2));
            if (day.Year == 2025 && day.Month == 8)
            {
                day = new DateOnly(2025, 9, 1);
            }

            var at = day.ToDateTime(new TimeOnly(random.Next(0, 24), random.Next(0, 60), random.Next(0, 60)));
            var amount = random.Next(0, 10) == 0 ? (decimal?)null : Math.Round((decimal)(random.NextDouble() * 500 - 50), 2);
            var price = random.Next(0, 12) == 0 ? (double?)null : (random.NextDouble() * 100) + 0.1;
            var qty = random.Next(0, 15) == 0 ? (int?)null : random.Next(-1, 7);
            var channel = Channels[random.Next(Channels.Length)];
            var region = random.Next(0, 8) == 0 ? null : random.Next(0, 2) == 0 ? "north" : "süd";
            var active = random.Next(0, 6) == 0 ? (bool?)null : random.Next(0, 2) == 0;
            rows.Add([day, at, amount, price, qty, channel, region, active]);
        }

        var csv = new StringBuilder("day,at,amount,price,qty,channel,region,active\n");
        foreach (var row in rows)
        {
            csv.AppendLine(string.Join(',', row.Select(Cell)));
        }

        File.WriteAllText(Path.Combine(Work, "facts.csv"), csv.ToString());
        using (var db = _schema.Create())
        {
            PostgresTestSchema.Execute(db, "CREATE TABLE facts (day date, at timestamp, amount numeric(12,2), price double precision, qty integer, channel text, region varchar(10), active boolean)");
            using var writer = db.BeginBinaryImport("COPY facts FROM STDIN (FORMAT BINARY)");
            foreach (var row in rows)
            {
                writer.StartRow();
                foreach (var value in row)
                {
                    writer.Write(value ?? DBNull.Value);
                }
            }

            writer.Complete();
        }

        var csvClient = Path.Combine(Work, "csv.yaml");
        var databaseClient = Path.Combine(Work, "database.yaml");
        File.WriteAllText(csvClient, Client("path: facts.csv", fiscal));
        File.WriteAllText(databaseClient, Client("source: { connection: FACTS_DB, table: facts }", fiscal));
        return (csvClient, databaseClient);
    }

    private static string Cell(object? value) => value switch
    {
        null => string.Empty,
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime time => time.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    /// <summary>
    /// A client with every aggregate kind over dataset facts (read as <paramref name="source"/>), a filter,
    /// conditions on texts, numbers and booleans, and a KPI that divides by zero; a second dataset over the
    /// same rows has a median, which only the in-process scan computes. Types are declared, so the CSV
    /// file and the table have the same column types.
    /// </summary>
    private static string Client(string source, bool fiscal) => $$"""
        client: pushdown
        {{(fiscal ? "calendar: { fiscal_year_start: april, week_start: sunday }" : string.Empty)}}
        datasets:
          facts:
            {{source}}
            time: day
            columns: { day: date, at: datetime, amount: number, price: number, qty: number, channel: text, region: text, active: boolean }
            filter: "[qty] >= 0 || IsMissing([qty])"
          timed:
            {{source}}
            time: at
            columns: { day: date, at: datetime, amount: number, price: number, qty: number, channel: text, region: text, active: boolean }
          medians:
            {{source}}
            time: day
            columns: { day: date, at: datetime, amount: number, price: number, qty: number, channel: text, region: text, active: boolean }
        inputs:
          rows: { dataset: facts, formula: "Count()" }
          web_rows: { dataset: facts, formula: "CountIf([channel] = 'web')" }
          not_web: { dataset: facts, formula: "CountIf([channel] != 'web')" }
          amounts: { dataset: facts, formula: "Count([amount])" }
          channels_named: { dataset: facts, formula: "Count([channel])" }
          revenue: { dataset: facts, formula: "Sum([amount])" }
          big_qty_price: { dataset: facts, formula: "SumIf([price], [qty] > 2)" }
          line_value: { dataset: facts, formula: "Sum([price] * [qty] - 1)" }
          avg_price: { dataset: facts, formula: "Avg([price])" }
          active_avg: { dataset: facts, formula: "AvgIf([amount], [active])" }
          inactive_avg: { dataset: facts, formula: "AvgIf([amount], ![active] && in([region], 'north', 'süd'))" }
          cheapest: { dataset: facts, formula: "Min([price])" }
          dearest: { dataset: facts, formula: "Max([amount])" }
          channel_count: { dataset: facts, formula: "DistinctCount([channel])" }
          qty_kinds: { dataset: facts, formula: "DistinctCountIf([qty], [channel] != 'shop')" }
          price_kinds: { dataset: facts, formula: "DistinctCount(Floor([price]) + 0)" }
          huge: { dataset: facts, formula: "CountIf([qty] > 1000)" }
          abs_amount: { dataset: facts, formula: "Sum(Abs(Coalesce([amount], -1)))" }
          starts: { dataset: facts, formula: "CountIf(StartsWith([channel], 'we') || EndsWith([region], 'd') || Contains([channel], 'p'))" }
          branchy: { dataset: facts, formula: "Sum(if([active], [price], 0))" }
          late_orders: { dataset: timed, formula: "Count()" }
          late_revenue: { dataset: timed, formula: "Sum([amount])" }
          middle_price: { dataset: medians, formula: "Median([price])" }
        kpis:
          - { id: revenue_per_order, name: Revenue per order, unit: currency, direction: higher, formula: "[revenue] / [rows]" }
          - { id: per_huge, name: Per huge order, unit: currency, direction: higher, formula: "[revenue] / [huge]" }
          - { id: web_share, name: Web share, unit: percent, direction: higher, formula: "[web_rows] / [rows] * 100" }
          - { id: growth, name: Growth, unit: percent, direction: higher, formula: "Growth([revenue])" }
          - { id: late_share, name: Late share, unit: percent, direction: higher, formula: "[late_revenue] / [late_orders]" }
          - { id: median_price, name: Median price, unit: currency, direction: higher, formula: "[middle_price]" }
        """;
}
