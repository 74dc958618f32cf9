using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;

namespace KpiEngine.Cli.Tests;

/// <summary><c>kpi report</c> and <c>kpi run --format html|markdown|xlsx</c> as a user runs them, over TestData/tiny-shop and TestData/channel-shop.</summary>
public sealed class ReportEndToEndTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("kpi-report-e2e-");

    private string Work => _work.FullName;

    private static string TinyShop => KpiProcess.TestData("tiny-shop/tiny-shop.yaml");

    private static string ChannelShop => KpiProcess.TestData("channel-shop/channel-shop.yaml");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public void Report_TinyShop_WritesOneSelfContainedHtmlFile_ByteIdenticalOnRerun()
    {
        var path = Path.Combine(Work, "tiny.html");

        var first = KpiProcess.Run(Work, "report", TinyShop, "--out", path);
        var bytes = File.ReadAllBytes(path);
        var second = KpiProcess.Run(Work, "report", TinyShop, "--out", path);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(bytes, File.ReadAllBytes(path));
        var html = File.ReadAllText(path);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Tiny Shop</h1>", html, StringComparison.Ordinal);
        // The tiny shop's numbers (see the README): AOV 65 in 2026-01 (partial), 70 in 2026-02, 40 in 2026-03 (partial).
        Assert.Contains("<td class=\"num\">65.00*</td><td class=\"num\">70.00</td><td class=\"num\">40.00*</td>", html, StringComparison.Ordinal);
        Assert.Contains("division by zero: [visits] is 0", html, StringComparison.Ordinal);
        Assert.Contains("<code>orders.csv</code>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Report_FromAnotherFolder_SameBytes()
    {
        // Paths in the header are relative to the client file, so where kpi runs from does not change the report.
        var here = Path.Combine(Work, "here.html");
        var there = Path.Combine(Work, "there.html");
        Directory.CreateDirectory(Path.Combine(Work, "elsewhere"));

        Assert.Equal(0, KpiProcess.Run(Work, "report", TinyShop, "--out", here).ExitCode);
        Assert.Equal(0, KpiProcess.Run(Path.Combine(Work, "elsewhere"), "report", TinyShop, "--out", there).ExitCode);

        Assert.Equal(File.ReadAllBytes(here), File.ReadAllBytes(there));
    }

    [Fact]
    public void Report_HostileClientName_IsEscaped()
    {
        var folder = Path.Combine(Work, "hostile");
        Directory.CreateDirectory(folder);
        foreach (var file in new[] { "orders.csv", "traffic.csv" })
        {
            File.Copy(KpiProcess.TestData("tiny-shop/" + file), Path.Combine(folder, file));
        }

        var yaml = File.ReadAllText(TinyShop)
            .Replace("name: Tiny Shop", "name: \"<script>alert('x')</script> \\\"Shop\\\"\"", StringComparison.Ordinal)
            .Replace("name: Average order value", "name: \"AOV <img src=x onerror=alert(1)>\"", StringComparison.Ordinal);
        var client = Path.Combine(folder, "hostile.yaml");
        File.WriteAllText(client, yaml);
        var path = Path.Combine(Work, "hostile.html");

        var run = KpiProcess.Run(Work, "report", client, "--out", path);

        Assert.Equal(0, run.ExitCode);
        var html = File.ReadAllText(path);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<h1>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;Shop&quot;</h1>", html, StringComparison.Ordinal);
        Assert.Contains("AOV &lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_ByChannel_HasABreakdownTableAndBarChartPerKpi()
    {
        var path = Path.Combine(Work, "channels.html");

        var run = KpiProcess.Run(Work, "report", ChannelShop, "--by", "channel", "--out", path);

        Assert.Equal(0, run.ExitCode);
        var html = File.ReadAllText(path);
        Assert.Contains("<h2>Breakdown by channel</h2>", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("<svg class=\"bars\"").Length - 1);
        // Channel Shop, 2026-01 (DimensionsEndToEndTests): web orders 100 + 50 over 2 = 75, shop 30 over 1 = 30, the order without a channel 20;
        // partial (*), as the rows cover 5 to 8 January only.
        Assert.Contains("<tr><td>channel = web</td><td class=\"num\">75.00*</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>channel = shop</td><td class=\"num\">30.00*</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>channel = (missing)</td><td class=\"num\">20.00*</td></tr>", html, StringComparison.Ordinal);
        // Its conversion rate: no traffic row has an empty channel, so 1 order over 0 visits.
        Assert.Contains("<td class=\"num\" title=\"division by zero: [visits] is 0\">n/a</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_GrainAll_IsWrittenWithoutAYearAgo()
    {
        // One period covering the whole span has no "same period a year earlier"; asking for one once stopped the report.
        var path = Path.Combine(Work, "all.html");

        var run = KpiProcess.Run(Work, "report", TinyShop, "--grain", "all", "--out", path);

        Assert.True(run.ExitCode == 0, run.ToString());
        var html = File.ReadAllText(path);
        Assert.Contains("<span class=\"muted\">vs a year ago</span><span>n/a</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_MarkdownByExtension_HasTheTablesWithoutCharts()
    {
        var path = Path.Combine(Work, "tiny.md");

        var run = KpiProcess.Run(Work, "report", TinyShop, "--out", path);

        Assert.Equal(0, run.ExitCode);
        var markdown = File.ReadAllText(path);
        Assert.StartsWith("# Tiny Shop\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| 2026-02 | 70.00 | – no benchmark |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Conversion rate | Total | 2026-02 | division by zero: \\[visits\\] is 0 |", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_Xlsx_ReadsBackWithTheValuesOfTheRun()
    {
        var path = Path.Combine(Work, "tiny.xlsx");

        var run = KpiProcess.Run(Work, "report", TinyShop, "--format", "xlsx", "--out", path);
        var bytes = File.ReadAllBytes(path);
        var again = KpiProcess.Run(Work, "report", TinyShop, "--format", "xlsx", "--out", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(bytes, File.ReadAllBytes(path));
        using var document = SpreadsheetDocument.Open(path, false);
        var names = document.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(s => s.Name!.Value).ToList();
        Assert.Equal(["Values", "Statuses", "Goals"], names);
        var values = document.WorkbookPart.WorksheetParts.First().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>()
            .ToDictionary(c => c.CellReference!.Value!, c => c.InlineString?.InnerText ?? c.CellValue?.Text);
        Assert.Equal(("aov", "65", "70", "40"), (values["A2"], values["D2"], values["E2"], values["F2"]));
        Assert.Equal("1", values["D3"]);          // conversion 2026-01: 1 order / 100 visits * 100
        Assert.False(values.ContainsKey("E3"));  // 2026-02 undefined: no cell, not 0
    }

    [Fact]
    public void Run_FormatHtml_WritesTheSameReportAsReport()
    {
        var viaRun = Path.Combine(Work, "run.html");
        var viaReport = Path.Combine(Work, "report.html");

        Assert.Equal(0, KpiProcess.Run(Work, "run", TinyShop, "--format", "html", "--out", viaRun).ExitCode);
        Assert.Equal(0, KpiProcess.Run(Work, "report", TinyShop, "--out", viaReport).ExitCode);

        Assert.Equal(File.ReadAllBytes(viaReport), File.ReadAllBytes(viaRun));
    }

    [Fact]
    public void Report_HtmlToStandardOutput_IsTheReport()
    {
        var run = KpiProcess.Run(Work, "report", TinyShop);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("<!DOCTYPE html>", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_SeveralClientsToOneFile_IsRefusedBeforeRunning()
    {
        var path = Path.Combine(Work, "both.html");
        File.WriteAllText(path, "before");

        var run = KpiProcess.Run(Work, "report", TinyShop, ChannelShop, "--out", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error KPI5020: a html report holds one client, and 2 clients were named", run.Error, StringComparison.Ordinal);
        Assert.Equal("before", File.ReadAllText(path));
    }

    [Fact]
    public void Report_XlsxToStandardOutput_IsRefused()
    {
        var run = KpiProcess.Run(Work, "report", TinyShop, "--format", "xlsx");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error KPI5021: an Excel workbook is binary", run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public void Report_UnknownFormat_NamesTheReportFormats()
    {
        var run = KpiProcess.Run(Work, "report", TinyShop, "--format", "json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'json' is not a report format; use html, markdown or xlsx", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_Batch_OneReportPerClientAndFormat_SkipUnchangedLeavesThemAlone()
    {
        var output = Path.Combine(Work, "reports");

        var first = KpiProcess.Run(Work, "report", TinyShop, ChannelShop, "--out-dir", output, "--format", "html,markdown,xlsx");
        var written = Directory.EnumerateFiles(output).ToDictionary(f => Path.GetFileName(f), f => (Bytes: File.ReadAllBytes(f), Time: File.GetLastWriteTimeUtc(f)));
        var second = KpiProcess.Run(Work, "report", TinyShop, ChannelShop, "--out-dir", output, "--format", "html,markdown,xlsx", "--skip-unchanged");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(
            ["channel-shop.html", "channel-shop.md", "channel-shop.xlsx", "run-summary.json", "tiny-shop.html", "tiny-shop.md", "tiny-shop.xlsx"],
            written.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, file) in written.Where(w => w.Key != "run-summary.json"))
        {
            Assert.Equal(file.Bytes, File.ReadAllBytes(Path.Combine(output, name)));
            Assert.Equal(file.Time, File.GetLastWriteTimeUtc(Path.Combine(output, name)));
        }

        using var summary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, "run-summary.json")));
        Assert.All(summary.RootElement.GetProperty("clients").EnumerateArray(), c => Assert.Equal("skipped", c.GetProperty("status").GetString()));
    }

    [Fact]
    public void Report_Manifest_WritesHtmlPerClientUnlessAFormatIsGiven()
    {
        var manifest = Path.Combine(Work, "nightly.yaml");
        File.WriteAllText(manifest, $"clients: [\"{TinyShop.Replace('\\', '/')}\"]\nformats: [json]\nout_dir: nightly\n");

        var run = KpiProcess.Run(Work, "report", "--manifest", manifest);

        Assert.Equal(0, run.ExitCode);
        Assert.True(File.Exists(Path.Combine(Work, "nightly", "tiny-shop.html")), run.ToString());
        Assert.False(File.Exists(Path.Combine(Work, "nightly", "tiny-shop.json")));
    }
}
