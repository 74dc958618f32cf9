using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using KpiEngine.Evaluation;
using KpiEngine.Reporting;

namespace KpiEngine.Core.Tests.Reporting;

public sealed partial class ReportWritersTests
{
    private const string HostileClient = "<script>alert(\"client\")</script> & 'Co'";
    private const string HostileKpi = "AOV \"net\" <b onmouseover=alert(1)>x</b>";
    private const string HostileChannel = "<img src=x onerror=alert(2)>|\"q\"";

    [Fact]
    public void Html_HostileNames_AreEscapedEverywhere()
    {
        var html = Html(ReportFixture.Client(HostileClient, HostileKpi, HostileChannel));

        // No element from the data: only the document's own tags.
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b ", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&quot;client&quot;)&lt;/script&gt; &amp; &#39;Co&#39;", html, StringComparison.Ordinal);
        Assert.Contains("AOV &quot;net&quot; &lt;b onmouseover=alert(1)&gt;x&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("channel = &lt;img src=x onerror=alert(2)&gt;|&quot;q&quot;", html, StringComparison.Ordinal);
        // No quote from the data is left raw, so none can close an attribute (titles and aria-labels hold these names).
        Assert.DoesNotContain("\"net\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\"q\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("'Co'", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_SameResult_SameBytes_AndNothingFromTheNetwork()
    {
        var first = Bytes(stream => HtmlReportWriter.Write(stream, ClientReportBuilder.Build(ReportFixture.Client())));
        var second = Bytes(stream => HtmlReportWriter.Write(stream, ClientReportBuilder.Build(ReportFixture.Client())));

        Assert.Equal(first, second);
        var html = Encoding.UTF8.GetString(first);
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        Assert.DoesNotContain("@import", html, StringComparison.Ordinal);
        Assert.DoesNotContain("url(http", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_Report_HasEverySectionAndMarksPartialAndUndefinedPeriods()
    {
        var html = Html(ReportFixture.Client());

        Assert.Contains("<h2>At a glance</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>KPIs over time</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Goals</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Breakdown by channel</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<h2>Notes</h2>", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(html, "<svg class=\"chart\""));
        Assert.Equal(2, Regex.Count(html, "<svg class=\"bars\""));
        Assert.Contains("class=\"point partial\"", html, StringComparison.Ordinal);
        // Four undefined months of the conversion rate are four hatched gaps, each titled with its reason.
        Assert.Equal(4, Regex.Count(html, "<rect class=\"gap\""));
        Assert.Contains("<title>2025-04: no value, because division by zero: [visits] is 0</title>", html, StringComparison.Ordinal);
        Assert.Contains("+10.0 %", html, StringComparison.Ordinal);   // 90 → 99
        Assert.Contains("+23.8 %", html, StringComparison.Ordinal);   // 80 → 99, 23.75 rounded to one decimal
        Assert.Contains("class=\"goal-target\"", html, StringComparison.Ordinal);
        Assert.Contains("break-inside: avoid", html, StringComparison.Ordinal);
        Assert.Contains("size: A4", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_HostileNames_CannotInjectHtmlOrSplitCells()
    {
        var markdown = Markdown(ReportFixture.Client(HostileClient, HostileKpi, HostileChannel));

        Assert.DoesNotContain("<script", markdown, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", markdown, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("# &lt;script&gt;alert(\"client\")&lt;/script&gt; &amp; 'Co'", markdown, StringComparison.Ordinal);
        Assert.Contains("channel = &lt;img src=x onerror=alert(2)&gt;\\|\"q\"", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_Report_HasTheTablesOfTheHtmlReport()
    {
        var markdown = Markdown(ReportFixture.Client());

        Assert.Contains("| Average order value | 99.00 EUR | 2026-03 (partial) | ? insufficient data | +10.0 % | +23.8 % |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 2025-04 | n/a | – |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Lift AOV to 100 | Average order value | on track | 85.00 EUR (2025-01) | 99.00 EUR (2026-03) | 100.00 EUR by 2026-06 | 93 % | 83 % | 101.50 EUR |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Conversion rate | Total | 2025-01 to 2025-03 | no data in dataset 'traffic' for each of these periods |", markdown, StringComparison.Ordinal);
        Assert.Contains("| channel = email | 95.00 EUR | 95.00 EUR | 95.00 EUR | 95.00 EUR | 100.00 EUR | 109.00 EUR |", markdown, StringComparison.Ordinal);
        Assert.Contains("| 2026-02 | 50 | 50 |\n| 2026-03 | n/a | n/a |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Average order value | Total | 2026-03 | partial period: the data covers 1 to 14 March |", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_Scorecard_ShowsTheLatestScoreByCategoryAndPerPeriod()
    {
        var html = Html(ReportFixture.Client());

        // The latest period with a score is 2026-02 (2026-03 has none: its only KPI is insufficient data).
        Assert.Contains("<div class=\"score\">50<small> / 100</small></div>", html, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"total\"><td>overall</td><td class=\"num\">50</td><td class=\"num\">n/a</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("class=\"status insufficient\"", html, StringComparison.Ordinal);
        Assert.Contains("<h3>Statuses not judged</h3>", html, StringComparison.Ordinal);
        Assert.Contains("good ≥ 95.00 EUR, poor ≤ 85.00 EUR per month", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Xlsx_ReadBack_HasValuesStatusesAndGoalsSheets()
    {
        var bytes = Bytes(stream => XlsxReportWriter.Write(stream, ClientReportBuilder.Build(ReportFixture.Client(aovName: "=HYPERLINK(\"http://x\")"))));

        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var sheets = Sheets(document);
        Assert.Equal(["Values", "Statuses", "Goals", "Scorecard", "Breakdown"], sheets.Keys);

        var values = sheets["Values"];
        Assert.Equal(["KPI", "Name", "Unit", .. ReportFixture.Periods], values[0]);
        Assert.Equal("aov", values[1][0]);
        Assert.Equal("=HYPERLINK(\"http://x\")", values[1][1]); // a text cell, never a formula
        Assert.Equal("80", values[1][3 + 2]);     // 2025-03
        Assert.Equal("99", values[1][3 + 14]);    // 2026-03
        Assert.Null(values[2][3]);                // conversion 2025-01 is undefined: an empty cell, not 0

        var statuses = sheets["Statuses"];
        var april = statuses.Single(r => r[0] == "conversion_rate" && r[2] == "2025-04");
        Assert.Equal(["conversion_rate", "Conversion rate", "2025-04", null, "percent", "no value", null, null, null, "division by zero: [visits] is 0", null], april);
        var march = statuses.Single(r => r[0] == "aov" && r[2] == "2026-03");
        Assert.Equal(["aov", "=HYPERLINK(\"http://x\")", "2026-03", "99", "currency", "insufficient data", "95", "85", "partial", null, ReportFixture.PartialReason], march);
        Assert.Equal(["Period", "Overall", "sales"], sheets["Scorecard"][0]);
        Assert.Equal(["2026-02", "50", "50"], sheets["Scorecard"][1]);
        Assert.Equal(["2026-03", null, null], sheets["Scorecard"][2]);

        var goal = sheets["Goals"][1];
        Assert.Equal(["Lift AOV to 100", "0", "aov", "=HYPERLINK(\"http://x\")", null, "goal", "on track", "2025-01", "85", "100", "2026-06", "2026-03", "99", "93.3", "83.3", "101.5", "the trend reaches 101.5 by 2026-06"], goal);
        Assert.Empty(document.WorkbookPart!.Workbook.Descendants<CellFormula>());
    }

    [Fact]
    public void Xlsx_SameResult_SameBytes()
    {
        var first = Bytes(stream => XlsxReportWriter.Write(stream, ClientReportBuilder.Build(ReportFixture.Client())));
        Thread.Sleep(2100); // zip entry times have a two-second resolution: a clock in the bytes would show now
        var second = Bytes(stream => XlsxReportWriter.Write(stream, ClientReportBuilder.Build(ReportFixture.Client())));

        Assert.Equal(first, second);
    }

    /// <summary>Each sheet as rows of cell texts (null for an empty cell), by sheet name in workbook order.</summary>
    private static Dictionary<string, List<List<string?>>> Sheets(SpreadsheetDocument document)
    {
        var workbook = document.WorkbookPart!;
        var sheets = new Dictionary<string, List<List<string?>>>();
        foreach (var sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
            var rows = new List<List<string?>>();
            foreach (var row in part.Worksheet.Descendants<Row>())
            {
                var cells = new List<string?>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = ColumnIndex(cell.CellReference!.Value!);
                    while (cells.Count < column)
                    {
                        cells.Add(null);
                    }

                    cells.Add(cell.InlineString?.InnerText ?? cell.CellValue?.Text);
                }

                var width = part.Worksheet.Descendants<Row>().First().Elements<Cell>().Count();
                while (cells.Count < width)
                {
                    cells.Add(null);
                }

                rows.Add(cells);
            }

            sheets[sheet.Name!.Value!] = rows;
        }

        return sheets;
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsLetter))
        {
            index = (index * 26) + (c - 'A' + 1);
        }

        return index - 1;
    }

    private static string Html(ClientResult result) =>
        Encoding.UTF8.GetString(Bytes(stream => HtmlReportWriter.Write(stream, ClientReportBuilder.Build(result))));

    private static string Markdown(ClientResult result) =>
        Encoding.UTF8.GetString(Bytes(stream => MarkdownReportWriter.Write(stream, ClientReportBuilder.Build(result))));

    private static byte[] Bytes(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return stream.ToArray();
    }
}
