namespace KpiEngine.Cli.Tests;

/// <summary>
/// The HTML report as a client's browser shows it: headless Chromium opens the demo shop's report
/// (with a breakdown by channel) and the test checks that every chart was laid out at its size and
/// drew its shapes, that the page logged no error and asked the network for nothing.
/// </summary>
public sealed class ReportBrowserTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("kpi-browser-");

    public void Dispose() => _work.Delete(recursive: true);

    /// <summary>The window: a laptop screen's width, so the KPI charts sit two per row.</summary>
    private const int WindowWidth = 1280, WindowHeight = 900;

    [BrowserFact]
    public async Task Report_InHeadlessChromium_ChartsRenderWithoutErrorsOrNetwork()
    {
        var report = Path.Combine(_work.FullName, "online-shop.html");
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "report", "kpi-definitions/clients/online-shop.yaml", "--by", "channel", "--out", report);
        Assert.True(run.ExitCode is 0 or 1, run.ToString()); // 1: a dataset without a channel column makes some breakdown values undefined
        var screenshot = Path.Combine(AppContext.BaseDirectory, "online-shop-report.png");

        var visit = await HeadlessChromium.VisitAsync(report, WindowWidth, WindowHeight, screenshot);

        Assert.Empty(visit.Errors);
        Assert.Empty(visit.Requests);
        // The demo shop reports 22 KPIs (its use: list, channel_revenue_share included): a chart and a sparkline each, and a bar chart per KPI for the breakdown.
        var charts = visit.Svgs.Where(s => s.Cls == "chart").ToList();
        Assert.Equal(22, charts.Count);
        Assert.All(charts, chart =>
        {
            // Two per row in a 1280-pixel window: wider than 400 pixels, never past the 560 of its viewBox, and scaled without distortion.
            Assert.InRange(chart.Width, 400, 560);
            Assert.Equal((560, 240), (chart.ViewWidth, chart.ViewHeight));
            Assert.Equal(chart.Width * 240 / 560, chart.Height, 1.0);
            Assert.True(chart.Shapes > 10, $"a chart drew only {chart.Shapes} shapes");
        });
        var sparklines = visit.Svgs.Where(s => s.Cls == "spark").ToList();
        Assert.Equal(22, sparklines.Count);
        Assert.All(sparklines, spark => Assert.True(spark.Width > 150 && spark.Height > 25 && spark.Shapes > 0, $"sparkline {spark}"));
        var bars = visit.Svgs.Where(s => s.Cls == "bars").ToList();
        Assert.Equal(22, bars.Count);
        Assert.All(bars, bar => Assert.True(bar.Width > 400 && bar.Height > 20, $"bar chart {bar}"));
        var png = await File.ReadAllBytesAsync(screenshot);
        Assert.True(png.Length > 50_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', $"screenshot of {png.Length} bytes");
    }

    [BrowserFact]
    public async Task Visit_PageThatFetchesFromTheNetwork_IsCaught()
    {
        // The check above must be able to fail: the same report with one remote image must show up as a request or a blocked load.
        var report = Path.Combine(_work.FullName, "tiny-shop.html");
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "report", KpiProcess.TestData("tiny-shop/tiny-shop.yaml"), "--out", report);
        Assert.Equal(0, run.ExitCode);
        var html = await File.ReadAllTextAsync(report);
        await File.WriteAllTextAsync(report, html.Replace("</main>", "<img src=\"http://127.0.0.1:9/pixel.png\" alt=\"\"></main>", StringComparison.Ordinal));

        var visit = await HeadlessChromium.VisitAsync(report, WindowWidth, WindowHeight);

        Assert.True(visit.Requests.Count + visit.Errors.Count > 0, "a remote image went unnoticed");
    }
}
