using System.Text.Json;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// The cohort plugin's triangle outputs (contract 1.2 cohort outputs) come out as cohort × age cells like a formula cohort
/// KPI's — the same numbers on the same data, in JSON, CSV, the console and the reports, in-process and in the worker.
/// </summary>
public sealed class PluginCohortEndToEndTests : IDisposable
{
    // Four customers over four months, with amounts:
    //   a: January 10, February 20, April 5    b: January 30
    //   c: February 40, March 40               d: April 8
    // Cohorts: 2026-01 = {a, b} (revenue 40), 2026-02 = {c} (revenue 40), 2026-03 = nobody, 2026-04 = {d}. The data ends in April.
    private const string Orders = """
        order_id,ordered_at,customer_id,amount
        1,2026-01-03,a,10
        2,2026-01-20,b,30
        3,2026-02-02,a,20
        4,2026-02-14,c,40
        5,2026-03-09,c,40
        6,2026-04-01,a,5
        7,2026-04-30,d,8
        """;

    private const string Client = """
        client: c
        datasets:
          orders: { path: orders.csv, time: ordered_at, columns: { amount: number, customer_id: text } }
        inputs:
          active: { dataset: orders, formula: "DistinctCount([customer_id])" }
          revenue: { dataset: orders, formula: "Sum([amount])" }
        kpis:
          - { id: formula_retention, name: Retention by formula, unit: ratio, direction: higher, cohort: { entity: customer_id }, formula: "[active] / Cohort([active])" }
          - { id: formula_revenue, name: Revenue retention by formula, unit: ratio, direction: higher, cohort: { entity: customer_id }, formula: "[revenue] / Cohort([revenue])" }
          - id: plugin_retention
            name: Retention by plugin
            unit: ratio
            direction: higher
            dataset: orders
            plugin: cohort/retention
            output: retention_by_age
            parameters: { column.customer: customer_id, column.amount: amount }
          - id: plugin_revenue
            name: Revenue retention by plugin
            unit: ratio
            direction: higher
            dataset: orders
            plugin: cohort/retention
            output: revenue_retention_by_age
            parameters: { column.customer: customer_id, column.amount: amount }
        """;

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("kpi-plugin-cohorts-");

    public PluginCohortEndToEndTests()
    {
        File.WriteAllText(Path.Combine(_work.FullName, "orders.csv"), Orders);
        File.WriteAllText(Path.Combine(_work.FullName, "c.yaml"), Client);
    }

    public void Dispose() => _work.Delete(recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_PluginTriangle_EqualsTheFormulaTriangleCellByCell(bool isolated)
    {
        string[] arguments = ["run", "c.yaml", "--format", "json"];

        var run = KpiProcess.Run(_work.FullName, isolated ? [.. arguments, "--isolate-plugins", "--plugin-timeout", "60"] : arguments);

        Assert.True(run.ExitCode == 0, run.ToString());
        var cells = Cells(run.Output);
        foreach (var (plugin, formula) in new[] { ("plugin_retention", "formula_retention"), ("plugin_revenue", "formula_revenue") })
        {
            // The same cohorts and ages (four cohorts, ages 0 to 3), each cell defined in both or undefined in both.
            Assert.Equal(cells[formula].Keys.Order(), cells[plugin].Keys.Order());
            Assert.All(cells[formula], cell => Assert.Equal(cell.Value.Value, cells[plugin][cell.Key].Value));
        }

        // Retention, worked by hand: 2026-01 {a, b}: a in February (1/2), nobody in March, a in April (1/2).
        // 2026-02 {c}: c in March (1/1), not in April (0). 2026-04 {d}: age 0 only.
        Assert.Equal([1, 0.5, 0, 0.5], Row(cells["plugin_retention"], "2026-01"));
        Assert.Equal([1, 1, 0, null], Row(cells["plugin_retention"], "2026-02"));
        Assert.Equal([1, null, null, null], Row(cells["plugin_retention"], "2026-04"));
        // Revenue retention: 2026-01 started with 10 + 30 = 40; a's 20 in February is 0.5, nothing in March, a's 5 in April 0.125.
        Assert.Equal([1, 0.5, 0, 0.125], Row(cells["plugin_revenue"], "2026-01"));
        // Nobody starts in March: the row is there (age 0 and 1 undefined, not 0), as in the formula's triangle.
        Assert.Equal([null, null, null, null], Row(cells["plugin_retention"], "2026-03"));
        Assert.Equal("no new customers in 2026-03", cells["plugin_retention"][("2026-03", 0)].Reason);
        // Ages after the data ends are undefined with the same reason as the formula KPI's.
        Assert.Equal("age 1 of cohort 2026-04 is 2026-05, after the data ends (2026-04)", cells["plugin_retention"][("2026-04", 1)].Reason);
    }

    [Fact]
    public void RunAndReport_PluginTriangle_IsATriangleInCsvTheConsoleAndMarkdown()
    {
        var csv = KpiProcess.Run(_work.FullName, "run", "c.yaml", "--format", "csv");
        var table = KpiProcess.Run(_work.FullName, new Dictionary<string, string> { ["COLUMNS"] = "120" }, "run", "c.yaml");
        var markdown = KpiProcess.Run(_work.FullName, "report", "c.yaml", "--format", "markdown");

        Assert.True(csv.ExitCode == 0, csv.ToString());
        Assert.Contains("c,plugin_retention,2026-02,2026-01,1,0.5,", csv.Output, StringComparison.Ordinal);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("Retention by plugin (plugin_retention)", table.Output, StringComparison.Ordinal);
        Assert.True(markdown.ExitCode == 0, markdown.ToString());
        Assert.Contains("### Retention by plugin\n\n`plugin_retention` · ratio\n", markdown.Output, StringComparison.Ordinal);
        Assert.Contains("| 2026-01 | 1 | 0.5 | 0 | 0.5 |\n", markdown.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--period", "2026-01", "error KPI7140: KPI 'plugin_retention' names a plugin metric's cohort output: its values are per cohort and age, not per period")]
    [InlineData("--cohort", "2026-01", "error KPI7140: KPI 'plugin_retention' is computed by plugin metric 'cohort/retention', which has no formula to trace.")]
    public void Explain_TraceOfAPluginCohortOutput_SaysThereIsNoFormulaToTrace(string option, string value, string error)
    {
        var run = KpiProcess.Run(_work.FullName, option == "--cohort" ? ["explain", "c.yaml", "plugin_retention", option, value, "--age", "1"] : ["explain", "c.yaml", "plugin_retention", option, value]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(error, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CohortBlockOnAPluginKpi_SuggestsTheCohortOutput()
    {
        File.WriteAllText(Path.Combine(_work.FullName, "c.yaml"), Client.Replace("output: retention_by_age", "output: retention_by_age\n    cohort: { entity: customer_id }", StringComparison.Ordinal));

        var run = KpiProcess.Run(_work.FullName, "validate", "c.yaml");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error KPI7020: KPI 'plugin_retention' is plugin metric 'cohort/retention', which cannot be split by cohort.", run.Output + run.Error, StringComparison.Ordinal);
        Assert.Contains("name one of the metric's cohort outputs (such as cohort/retention's retention_by_age)", run.Output + run.Error, StringComparison.Ordinal);
    }

    /// <summary>Each KPI's cells by cohort and age: value (null when undefined) and reason.</summary>
    private static Dictionary<string, Dictionary<(string Cohort, int Age), (double? Value, string? Reason)>> Cells(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("clients")[0].GetProperty("results").EnumerateArray()
            .Where(r => r.TryGetProperty("cohort", out var cohort) && cohort.ValueKind == JsonValueKind.String)
            .GroupBy(r => r.GetProperty("kpi").GetString()!)
            .ToDictionary(g => g.Key, g => g.ToDictionary(
                r => (r.GetProperty("cohort").GetString()!, r.GetProperty("age").GetInt32()),
                r => (r.GetProperty("value").ValueKind == JsonValueKind.Number ? r.GetProperty("value").GetDouble() : (double?)null,
                      r.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null)));
    }

    private static double?[] Row(Dictionary<(string Cohort, int Age), (double? Value, string? Reason)> cells, string cohort) =>
        [.. cells.Where(c => c.Key.Cohort == cohort).OrderBy(c => c.Key.Age).Select(c => c.Value.Value)];
}
