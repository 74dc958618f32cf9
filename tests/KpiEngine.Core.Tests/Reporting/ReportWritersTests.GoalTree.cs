using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using KpiEngine.Reporting;

namespace KpiEngine.Core.Tests.Reporting;

/// <summary>The goal cascade as a tree in every report format, over <see cref="ReportFixture.WithCascade"/> (its numbers are worked there).</summary>
public sealed partial class ReportWritersTests
{
    [Fact]
    public void Html_GoalCascade_IsANestedTreeWithEachNodesTargetBarAndStatus()
    {
        var html = Html(ReportFixture.WithCascade());

        // The tree: orders and the conversion rate under the goal, returns under orders, one list per level.
        var nodes = Regex.Matches(html, "<li class=\"node depth-(\\d)\"><div class=\"node-head\"><span class=\"node-name\">([^<]*)</span>").Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
        Assert.Equal([("1", "Orders"), ("2", "Returns"), ("1", "Conversion rate")], nodes);
        var orders = html.IndexOf(">Orders<", StringComparison.Ordinal);
        var returns = html.IndexOf(">Returns<", StringComparison.Ordinal);
        var conversion = html.IndexOf(">Conversion rate</span>", StringComparison.Ordinal);
        Assert.Contains("</div>\n<ul class=\"cascade\">\n<li class=\"node depth-2\">", html[orders..returns], StringComparison.Ordinal);
        Assert.Contains("</li>\n</ul>\n</li>\n<li class=\"node depth-1\">", html[returns..conversion], StringComparison.Ordinal);

        // orders: declared target 120, 100 → 110, a bar filled to 50 % with the time mark at 14 / 17 = 82.4 %.
        Assert.Contains("<code class=\"muted\">orders</code> <span class=\"derivation\">declared target</span><span class=\"status poor\">", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"node-values\">100 <span class=\"muted\">2025-01</span> → 110 <span class=\"muted\">2026-03</span> · target <strong>120</strong> by 2026-06 · projection 118</div>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"done\" style=\"width:50%\"></span><i class=\"elapsed\" style=\"left:82.4%\"></i></div><span class=\"small\">50 % done, 82 % of the time gone</span>", html, StringComparison.Ordinal);
        // returns: the proportional target 24 (30 − 20 % of 30, lower is better).
        Assert.Contains("<span class=\"derivation\">proportional target</span>", html[returns..conversion], StringComparison.Ordinal);
        Assert.Contains("30 <span class=\"muted\">2025-01</span> → 27 <span class=\"muted\">2026-03</span> · target <strong>24</strong> by 2026-06 · projection 25.50</div>", html, StringComparison.Ordinal);
        // The conversion rate has no target: n/a, no bar, unknown, and why.
        var unknown = html[conversion..html.IndexOf("</li>", conversion, StringComparison.Ordinal)];
        Assert.Contains("· target n/a · projection n/a", unknown, StringComparison.Ordinal);
        Assert.DoesNotContain("node-bar", unknown, StringComparison.Ordinal);
        Assert.Contains("<span class=\"status none\">", unknown, StringComparison.Ordinal);
        Assert.Contains("the baseline 2025-01 is undefined: no data in dataset &#39;traffic&#39; for 2025-01", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_GoalCascade_HostileKpiName_IsEscaped()
    {
        var html = Html(ReportFixture.WithCascade(HostileKpi));

        Assert.DoesNotContain("<b ", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"node-name\">AOV &quot;net&quot; &lt;b onmouseover=alert(1)&gt;x&lt;/b&gt;</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_GoalCascade_NestsOneIndentPerLevel()
    {
        var markdown = Markdown(ReportFixture.WithCascade(HostileKpi));

        Assert.Contains(
            "- **Orders** (`orders`, declared target) ✗ off track: 100 (2025-01) → 110 (2026-03), target 120 by 2026-06, 50 % done, 82 % of the time gone, projection 118 — 50 % done, 82.4 % of the time gone; the trend gives 118 by 2026-06\n"
            + "  - **AOV \"net\" &lt;b onmouseover=alert(1)&gt;x&lt;/b&gt;** (`returns`, proportional target) ✗ off track: 30 (2025-01) → 27 (2026-03), target 24 by 2026-06, 50 % done, 82 % of the time gone, projection 25.50 — 50 % done, 82.4 % of the time gone; the trend gives 25.5 by 2026-06\n"
            + "- **Conversion rate** (`conversion_rate`, proportional target) – unknown: n/a (2025-01) → n/a (2025-01), target n/a, projection n/a — the baseline 2025-01 is undefined: no data in dataset 'traffic' for 2025-01\n",
            markdown,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Xlsx_GoalsSheet_HasARowPerNodeWithItsLevelParentAndIndent()
    {
        var bytes = Bytes(stream => XlsxReportWriter.Write(stream, ClientReportBuilder.Build(ReportFixture.WithCascade())));

        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var goals = Sheets(document)["Goals"];
        Assert.Equal(["Goal", "Level", "KPI", "Name", "Parent", "Target from", "Status", "Baseline period", "Baseline", "Target", "Deadline", "Current period", "Current", "Done %", "Time elapsed %", "Projection", "Why"], goals[0]);
        Assert.Equal([("0", "aov", null, "goal"), ("1", "orders", "aov", "declared"), ("2", "returns", "orders", "proportional"), ("1", "conversion_rate", "aov", "proportional")], goals.Skip(1).Select(r => (r[1], r[2], r[4], r[5])));
        Assert.Equal(["Lift AOV to 100", "2", "returns", "Returns", "orders", "proportional", "off track", "2025-01", "30", "24", "2026-06", "2026-03", "27", "50"], goals[3][..14]);
        Assert.Equal(100.0 * 14 / 17, double.Parse(goals[3][14]!, System.Globalization.CultureInfo.InvariantCulture), 9);
        Assert.Equal(["25.5", "50 % done, 82.4 % of the time gone; the trend gives 25.5 by 2026-06"], goals[3][15..]);
        Assert.Equal(["Lift AOV to 100", "1", "conversion_rate", "Conversion rate", "aov", "proportional", "unknown", "2025-01", null, null, "2026-06", "2025-01", null, null, null, null], goals[4][..16]);

        // The names indent by level: the style of returns' name cell indents twice, orders' once.
        var sheet = document.WorkbookPart!.WorksheetParts.ElementAt(2).Worksheet;
        var formats = document.WorkbookPart.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<DocumentFormat.OpenXml.Spreadsheet.CellFormat>().ToList();
        uint? Indent(string reference) => formats[(int)sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().Single(c => c.CellReference == reference).StyleIndex!.Value].Alignment?.Indent?.Value;
        Assert.Equal((null, 1u, 2u), (Indent("D2"), Indent("D3"), Indent("D4")));
    }
}
