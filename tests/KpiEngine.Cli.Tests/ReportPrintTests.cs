namespace KpiEngine.Cli.Tests;

/// <summary>
/// The HTML report printed as a client prints it: headless Chromium prints each demo client's report to PDF on A4
/// (the report's <c>@page</c> rule, print media, backgrounds on) and the test checks, page by page, that no tile, KPI
/// block, chart, goal card, breakdown or scorecard is cut across a page break, and that the page count is what the
/// content needs. To find the blocks in the PDF, a script marks the start and the end of each block with an empty
/// element and links to both from the end of the page (only in the browser, never in the report): Chromium writes a
/// named destination with its page for every link target, so a block is whole when its start and end are on one page.
/// </summary>
public sealed class ReportPrintTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("kpi-print-");

    public void Dispose() => _work.Delete(recursive: true);

    /// <summary>
    /// Marks every block: an empty <c>&lt;i&gt;</c> first and last inside it (beside it for an SVG or a grid or flex
    /// container, where a child would be laid out as an item), named <c>m{index}-{kind}-start</c> and <c>-end</c>, and
    /// a link to each at the end of the body, after everything the report prints.
    /// </summary>
    private const string MarkBlocks = """
        (() => {
          const kinds = ['tile', 'kpi', 'chart', 'bars', 'goal', 'breakdown', 'scorecard'];
          const blocks = [...document.querySelectorAll('.tile, article.kpi, svg.chart, svg.bars, article.goal, .breakdown, .scorecard')];
          const nav = document.createElement('nav');
          blocks.forEach((block, index) => {
            const kind = kinds.find(k => block.classList.contains(k));
            const [start, end] = ['start', 'end'].map(edge => { const i = document.createElement('i'); i.id = `m${index}-${kind}-${edge}`; return i; });
            const display = getComputedStyle(block).display;
            if (block instanceof SVGElement || display.includes('grid') || display.includes('flex')) { block.before(start); block.after(end); }
            else { block.prepend(start); block.append(end); }
            for (const mark of [start, end]) { const a = document.createElement('a'); a.href = '#' + mark.id; a.textContent = mark.id + ' '; nav.append(a); }
          });
          document.body.append(nav);
          return blocks.length;
        })()
        """;

    [BrowserTheory]
    [InlineData("online-shop", "")]
    [InlineData("online-shop", "--by channel")]
    [InlineData("saas", "")]
    [InlineData("saas", "--grain quarter")]
    [InlineData("coaching-program", "")]
    [InlineData("consulting-agency", "")]
    [InlineData("factory", "")]
    [InlineData("factory-shifts", "")]
    [InlineData("telecom", "")]
    public async Task Report_PrintedToA4_NoBlockIsSplitAcrossPagesAndThePageCountFitsTheContent(string client, string options)
    {
        var report = Path.Combine(_work.FullName, client + ".html");
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, ["report", $"kpi-definitions/clients/{client}.yaml", .. options.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--out", report]);
        Assert.True(run.ExitCode is 0 or 1, run.ToString()); // 1: a client whose run reported a problem still gets its report
        // Kept beside the test binaries, to look at: {client}{options}.pdf.
        var pdf = Path.Combine(AppContext.BaseDirectory, $"{client}{options.Replace(" ", string.Empty, StringComparison.Ordinal)}-print.pdf");

        var visit = await HeadlessChromium.VisitAsync(report, 1280, 900, print: new PrintRequest(pdf, MarkBlocks));

        Assert.Empty(visit.Errors);
        var printed = PrintedPdf.Read(await File.ReadAllBytesAsync(pdf));
        // A4 portrait: 297 mm = 841.9 points.
        Assert.All(printed.PageHeights, height => Assert.Equal(841.9, height, 0.5));
        var marks = printed.Destinations.Keys.Where(k => k.EndsWith("-start", StringComparison.Ordinal)).Select(k => k[..^"-start".Length]).ToList();
        Assert.NotEmpty(marks);
        var split = new List<string>();
        foreach (var mark in marks)
        {
            Assert.True(printed.Destinations.TryGetValue(mark + "-end", out var end), $"{mark} has no end in the PDF");
            var start = printed.Destinations[mark + "-start"];
            Assert.InRange(start.Top, 0, 841.9);
            if (start.Page != end.Page)
            {
                split.Add($"{mark}: pages {start.Page} to {end.Page}");
            }
        }

        Assert.True(split.Count == 0, $"{split.Count} blocks split across pages in {pdf}: {string.Join("; ", split)}");

        // Sane page count: a header and scorecard page; tiles three a row, at least three rows a page; KPI blocks and breakdowns at least two a page;
        // at most a page per goal card; a page of notes. At least a quarter page per KPI block, or the charts shrank.
        int Count(string kind) => marks.Count(m => m.EndsWith("-" + kind, StringComparison.Ordinal));
        var most = 2 + Ceiling(Count("tile"), 9) + Ceiling(Count("kpi"), 2) + Ceiling(Count("breakdown"), 2) + Count("goal") + 1;
        Assert.InRange(printed.PageHeights.Count, Ceiling(Count("kpi"), 4), most);
    }

    private static int Ceiling(int count, int per) => (count + per - 1) / per;
}
