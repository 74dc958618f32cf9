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
    public void Report_TwoLevelCascade_DrawsTheTreeWithTheNumbersWorkedAbove_InHtmlMarkdownAndXlsx()
    {
        var run = KpiProcess.Run(_project.FullName, "report", "clients/c.yaml", "--out-dir", "out", "--format", "html,markdown,xlsx");

        Assert.True(run.ExitCode == 0, run.ToString());
        var html = File.ReadAllText(Path.Combine(_project.FullName, "out", "c.html"));
        // orders under the goal, returns under orders: a list per level.
        Assert.Contains("<li class=\"node depth-1\"><div class=\"node-head\"><span class=\"node-name\">orders</span> <code class=\"muted\">orders</code> <span class=\"derivation\">declared target</span>", html, StringComparison.Ordinal);
        Assert.Contains("</div>\n<ul class=\"cascade\">\n<li class=\"node depth-2\"><div class=\"node-head\"><span class=\"node-name\">returns</span> <code class=\"muted\">returns</code> <span class=\"derivation\">proportional target</span>", html, StringComparison.Ordinal);
        // orders 50 -> 56, target 70, projection 72.7, 30 % done against 25 % of the time; returns 10 -> 9, target 6, projection 5.3, 25 % against 25 %.
        Assert.Contains("50 <span class=\"muted\">2025-12</span> → 56 <span class=\"muted\">2026-03</span> · target <strong>70</strong> by 2026-12 · projection 72.7</div>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"done\" style=\"width:30%\"></span><i class=\"elapsed\" style=\"left:25%\"></i></div><span class=\"small\">30 % done, 25 % of the time gone</span>", html, StringComparison.Ordinal);
        Assert.Contains("10 <span class=\"muted\">2025-12</span> → 9 <span class=\"muted\">2026-03</span> · target <strong>6</strong> by 2026-12 · projection 5.3</div>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"done\" style=\"width:25%\"></span><i class=\"elapsed\" style=\"left:25%\"></i></div><span class=\"small\">25 % done, 25 % of the time gone</span>", html, StringComparison.Ordinal);
        var tree = html[html.IndexOf("<ul class=\"cascade\">", StringComparison.Ordinal)..html.IndexOf("</article>", html.IndexOf("<ul class=\"cascade\">", StringComparison.Ordinal), StringComparison.Ordinal)];
        Assert.Equal(2, tree.Split("<span class=\"status good\">").Length - 1); // both on track

        var markdown = File.ReadAllText(Path.Combine(_project.FullName, "out", "c.md"));
        Assert.Contains("\n- **orders** (`orders`, declared target) ✓ on track: 50 (2025-12) → 56 (2026-03), target 70 by 2026-12, 30 % done, 25 % of the time gone, projection 72.7 — the trend reaches 72.7 by 2026-12\n"
            + "  - **returns** (`returns`, proportional target) ✓ on track: 10 (2025-12) → 9 (2026-03), target 6 by 2026-12, 25 % done, 25 % of the time gone, projection 5.3 — the trend reaches 5.3 by 2026-12\n", markdown, StringComparison.Ordinal);

        using var workbook = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(Path.Combine(_project.FullName, "out", "c.xlsx"), false);
        var sheet = workbook.WorkbookPart!.WorksheetParts.ElementAt(2).Worksheet;
        var cells = sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().ToDictionary(c => c.CellReference!.Value!, c => c.InlineString?.InnerText ?? c.CellValue?.Text);
        double Number(string reference) => double.Parse(cells[reference]!, System.Globalization.CultureInfo.InvariantCulture);
        // Row 2 the goal, 3 orders (level 1, under revenue), 4 returns (level 2, under orders): B level, C KPI, E parent, F target from, I baseline, J target, M current, N done, O time, P projection.
        Assert.Equal(("0", "revenue", "1", "orders", "revenue", "declared", "2", "returns", "orders", "proportional"), (cells["B2"], cells["C2"], cells["B3"], cells["C3"], cells["E3"], cells["F3"], cells["B4"], cells["C4"], cells["E4"], cells["F4"]));
        Assert.Equal((50.0, 70.0, 56.0, 30.0, 25.0, 72.7), (Number("I3"), Number("J3"), Number("M3"), Math.Round(Number("N3"), 9), Math.Round(Number("O3"), 9), Math.Round(Number("P3"), 9)));
        Assert.Equal((10.0, 6.0, 9.0, 25.0, 25.0, 5.3), (Number("I4"), Math.Round(Number("J4"), 9), Number("M4"), Math.Round(Number("N4"), 9), Math.Round(Number("O4"), 9), Math.Round(Number("P4"), 9)));
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
