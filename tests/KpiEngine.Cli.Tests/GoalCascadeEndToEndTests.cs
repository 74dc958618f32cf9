using System.Text.Json;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// <c>kpi goals</c> on a two-level cascade, in its own project (<c>clients/c.yaml</c>, <c>data/sales.csv</c>).
/// One row a month, 2025-12 .. 2026-03: revenue 100, 104, 106, 110; orders 50, 52, 53, 56; returns 10, 10, 9, 9.
/// Goal: revenue +20 % (100 -> 120) by 2026-12, as of 2026-03 (the last month with data): progress 10 / 20 = 50 %,
/// expected 3 / 12 = 25 %. Least squares over t = 0..3 (t̄ = 1.5, Σ(t - t̄)² = 5):
///   revenue v̄ = 105, Σ(t - t̄)(v - v̄) = 16, slope 3.2, at t = 12: 105 + 3.2 × 10.5 = 138.6 -> on track;
///   orders, declared { target: 70 }: progress (56 - 50) / (70 - 50) = 30 %; v̄ = 52.75, Σ = 4.125 + 0.375 + 0.125 + 4.875 = 9.5,
///     slope 1.9, at 12: 52.75 + 1.9 × 10.5 = 72.7 >= 70 -> on track;
///   returns under orders, proportional: orders changes by (70 - 50) / 50 = +40 %, returns is "lower is better" so it
///     moves the other way: 10 - 0.4 × 10 = 6; progress (9 - 10) / (6 - 10) = 25 %; v̄ = 9.5, Σ = -0.75 - 0.25 - 0.25 - 0.75 = -2,
///     slope -0.4, at 12: 9.5 - 0.4 × 10.5 = 5.3 <= 6 -> on track.
/// </summary>
public sealed class GoalCascadeEndToEndTests : IDisposable
{
    private readonly DirectoryInfo _project = Directory.CreateTempSubdirectory("kpi-cascade-");

    public GoalCascadeEndToEndTests()
    {
        Directory.CreateDirectory(Path.Combine(_project.FullName, "clients"));
        Directory.CreateDirectory(Path.Combine(_project.FullName, "data"));
        Write("data/sales.csv", "day,amount,orders,returns\n2025-12-15,100,50,10\n2026-01-15,104,52,10\n2026-02-15,106,53,9\n2026-03-15,110,56,9\n");
        Write("clients/c.yaml", """
            client: c
            datasets:
              sales: { path: ../data/sales.csv, time: day }
            inputs:
              revenue_sum: { dataset: sales, formula: "Sum([amount])" }
              order_sum: { dataset: sales, formula: "Sum([orders])" }
              return_sum: { dataset: sales, formula: "Sum([returns])" }
            kpis:
              - { id: revenue, unit: number, direction: higher, formula: "[revenue_sum]" }
              - { id: orders, unit: number, direction: higher, formula: "[order_sum]" }
              - { id: returns, unit: number, direction: lower, formula: "[return_sum]" }
            goals:
              - id: grow
                kpi: revenue
                change: { relative: 20 }
                baseline: 2025-12
                deadline: 2026-12
                supporting:
                  - { kpi: orders, change: { target: 70 }, supporting: [returns] }
            """);
    }

    public void Dispose() => _project.Delete(recursive: true);

    [Fact]
    public void Goals_TwoLevelCascadeJson_GivesEachSupportingKpiItsTargetProgressProjectionAndStatus()
    {
        var run = KpiProcess.Run(_project.FullName, "goals", "clients/c.yaml", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.Output);
        var goal = document.RootElement.GetProperty("clients")[0].GetProperty("goals").EnumerateArray().Single();
        Assert.Equal((120.0, 50.0, "on_track"), (goal.GetProperty("target").GetDouble(), goal.GetProperty("progress").GetDouble(), goal.GetProperty("status").GetString()));
        var orders = goal.GetProperty("supporting").EnumerateArray().Single();
        Assert.Equal(("orders", "declared", "change", 70.0), (orders.GetProperty("kpi").GetString(), orders.GetProperty("derivation").GetString(), orders.GetProperty("kind").GetString(), orders.GetProperty("target").GetDouble()));
        Assert.Equal(30, orders.GetProperty("progress").GetDouble(), 9);
        Assert.Equal(25, orders.GetProperty("expected_progress").GetDouble(), 9);
        Assert.Equal(72.7, orders.GetProperty("projection").GetDouble(), 9);
        Assert.Equal("on_track", orders.GetProperty("status").GetString());
        var returns = orders.GetProperty("supporting").EnumerateArray().Single();
        Assert.Equal(("returns", "proportional", 10.0, 9.0), (returns.GetProperty("kpi").GetString(), returns.GetProperty("derivation").GetString(), returns.GetProperty("baseline").GetProperty("value").GetDouble(), returns.GetProperty("current").GetProperty("value").GetDouble()));
        Assert.Equal(6, returns.GetProperty("target").GetDouble(), 9);
        Assert.Equal(25, returns.GetProperty("progress").GetDouble(), 9);
        Assert.Equal(5.3, returns.GetProperty("projection").GetDouble(), 9);
        Assert.Equal(("on_track", "the trend reaches 5.3 by 2026-12"), (returns.GetProperty("status").GetString(), returns.GetProperty("reason").GetString()));
        Assert.Empty(returns.GetProperty("supporting").EnumerateArray());
    }

    [Fact]
    public void Goals_TwoLevelCascadeTable_DrawsTheTreeWithEachRowsTarget()
    {
        var run = KpiProcess.Run(_project.FullName, "goals", "clients/c.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split('\n');
        var ordersRow = Assert.Single(lines, l => l.Contains("└─ orders (orders, declared)", StringComparison.Ordinal));
        Assert.Contains("70", ordersRow, StringComparison.Ordinal);
        Assert.Contains("30.0 %", ordersRow, StringComparison.Ordinal);
        var returnsRow = Assert.Single(lines, l => l.Contains("   └─ returns (returns, proportional)", StringComparison.Ordinal));
        Assert.Contains("25.0 %", returnsRow, StringComparison.Ordinal);
        Assert.Contains("on track", returnsRow, StringComparison.Ordinal);
        Assert.Contains("grow › orders › returns: the trend reaches 5.3 by 2026-12", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Goals_SupportingCycle_IsKpi4050PointingAtTheEntryAndTheGoalStillTracked()
    {
        var client = File.ReadAllText(Path.Combine(_project.FullName, "clients/c.yaml")).Replace("supporting: [returns]", "supporting: [returns, revenue]", StringComparison.Ordinal);
        Write("clients/c.yaml", client);

        var run = KpiProcess.Run(_project.FullName, "goals", "clients/c.yaml", "--format", "json");

        // Exit 1: the client ran with an error diagnostic; the goal and its valid cascade are still there.
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("clients/c.yaml(19,70): error KPI4050", run.Error.Replace('\\', '/'), StringComparison.Ordinal);
        using var document = JsonDocument.Parse(run.Output);
        var orders = document.RootElement.GetProperty("clients")[0].GetProperty("goals")[0].GetProperty("supporting")[0];
        Assert.Equal("returns", orders.GetProperty("supporting").EnumerateArray().Single().GetProperty("kpi").GetString());
    }

    private void Write(string relative, string text) => File.WriteAllText(Path.Combine(_project.FullName, relative), text.ReplaceLineEndings("\n"));
}
