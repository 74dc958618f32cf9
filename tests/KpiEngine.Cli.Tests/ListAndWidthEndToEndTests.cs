using System.Text.RegularExpressions;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// <c>kpi list profiles|catalogs|goals|functions</c>, and console tables at the widths people have:
/// a number is never cut across lines; columns are left out, with a notice, instead.
/// </summary>
public sealed partial class ListAndWidthEndToEndTests
{
    private static readonly string Root = KpiProcess.RepositoryRoot;

    private static KpiRun Kpi(int? columns, params string[] arguments) =>
        KpiProcess.Run(Root, columns is { } width ? new Dictionary<string, string> { ["COLUMNS"] = width.ToString(System.Globalization.CultureInfo.InvariantCulture) } : [], arguments);

    [Fact]
    public void ListProfiles_ShowsEveryShippedProfileWithItsCatalogs()
    {
        var run = Kpi(null, "list", "profiles");

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var profile in new[] { "physical-product", "premium", "service", "subscription" })
        {
            Assert.Contains(profile, run.Output, StringComparison.Ordinal);
        }

        Assert.Contains("4 profiles in kpi-definitions/profiles", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ListCatalogsAndGoals_ShowTheShippedFilesButNotTheirTests()
    {
        var catalogs = Kpi(null, "list", "catalogs");
        var goals = Kpi(null, "list", "goals", "kpi-definitions");

        Assert.True(catalogs.ExitCode == 0, catalogs.ToString());
        Assert.Contains("ecommerce.yaml", catalogs.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("tests.yaml", catalogs.Output, StringComparison.Ordinal);
        Assert.Contains($"{Directory.GetFiles(Path.Combine(Root, "kpi-definitions", "catalog"), "*.yaml").Count(f => !f.EndsWith(".tests.yaml", StringComparison.Ordinal))} catalogs", catalogs.Output, StringComparison.Ordinal);
        Assert.True(goals.ExitCode == 0, goals.ToString());
        Assert.Contains("grow_by_percent", goals.Output, StringComparison.Ordinal);
        Assert.Contains("reach_target", goals.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ListProfiles_MissingFolder_FailsWithExit2()
    {
        var run = Kpi(null, "list", "profiles", "no-such-folder");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("KPI1008", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ListFunctions_ShowsSignaturesAndExamples()
    {
        var run = Kpi(400, "list", "functions");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("SumIf(value, condition)", run.Output, StringComparison.Ordinal);
        Assert.Contains("SumIf([total], [status] != 'cancelled')", run.Output, StringComparison.Ordinal);
        Assert.Contains("Growth(value, [periods])", run.Output, StringComparison.Ordinal);
        Assert.Contains("aggregate", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(40)]
    [InlineData(60)]
    [InlineData(80)]
    [InlineData(null)]
    public void Run_AtAnyWidth_NeverCutsANumber(int? columns)
    {
        // The unwrapped run (wide enough for every column) gives every number as printed whole.
        var wide = Kpi(1000, "run", "kpi-definitions/clients/online-shop.yaml");
        var run = Kpi(columns, "run", "kpi-definitions/clients/online-shop.yaml");

        Assert.True(wide.ExitCode == 0, wide.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        var whole = Numbers(wide.Output).ToHashSet(StringComparer.Ordinal);
        var table = TableLines(run.Output).ToList();
        Assert.NotEmpty(table);
        Assert.All(table, line => Assert.True(line.Length <= (columns ?? 160), $"line wider than {columns}: {line}"));
        foreach (var number in Numbers(string.Join('\n', table)))
        {
            // A piece of a cut number (15,06 / 0.83) is not among the numbers printed whole.
            Assert.True(whole.Contains(number), $"'{number}' is not a whole number of the wide table:\n{run.Output}");
        }

        if (columns is 40 or 60)
        {
            Assert.Contains("rather than break numbers", string.Join(' ', run.Output.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(40)]
    [InlineData(60)]
    [InlineData(80)]
    [InlineData(null)]
    public void ListFunctions_AtAnyWidth_KeepsKindsWhole(int? columns)
    {
        var run = Kpi(columns, "list", "functions");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.All(TableLines(run.Output), line => Assert.True(line.Length <= (columns ?? 160), line));
        Assert.DoesNotMatch(AggregateCut(), run.Output);
    }

    [Theory]
    [InlineData(40)]
    [InlineData(60)]
    public void BatchSummary_AtNarrowWidths_NeverCutsAFigure(int columns)
    {
        // The batch's table of clients (counts, undefined values, times): figures keep their width, or their column goes.
        var output = Path.Combine(Path.GetTempPath(), "kpi-width-" + Guid.NewGuid().ToString("N"));
        try
        {
            var clients = new[] { "run", "kpi-definitions/clients/online-shop.yaml", "kpi-definitions/clients/factory.yaml", "--out-dir" };
            var wide = Kpi(1000, [.. clients, output + "-wide"]);
            var run = Kpi(columns, [.. clients, output]);

            Assert.True(wide.ExitCode == 0, wide.ToString());
            Assert.True(run.ExitCode == 0, run.ToString());
            var table = TableLines(run.Output).ToList();
            Assert.NotEmpty(table);
            Assert.All(table, line => Assert.True(line.Length <= columns, $"line wider than {columns}: {line}"));

            // Times differ from run to run, so they are compared by shape: never a unit on a line of its own.
            var cells = table.SelectMany(l => l.Split('│')).Select(c => c.Trim()).ToList();
            Assert.DoesNotContain(cells, c => c is "ms" or "s" or "min");
            var whole = FiguresOf(TableLines(wide.Output)).ToHashSet(StringComparer.Ordinal);
            foreach (var figure in FiguresOf(table))
            {
                Assert.True(whole.Contains(figure), $"'{figure}' is not a whole figure of the wide table:\n{run.Output}");
            }

            Assert.Contains("online-shop", run.Output, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var folder in new[] { output, output + "-wide" }.Where(Directory.Exists))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        static IEnumerable<string> FiguresOf(IEnumerable<string> lines) => lines.SelectMany(l => l.Split('│'))
            .Where(cell => !cell.TrimEnd().EndsWith('s'))
            .SelectMany(cell => NumberPattern().Matches(cell).Select(m => m.Value));
    }

    [Theory]
    [InlineData(40)]
    [InlineData(80)]
    public void ListKpis_AtNarrowWidths_FitsAndKeepsUnitsWhole(int columns)
    {
        var run = Kpi(columns, "list", "kpis", "kpi-definitions/clients/online-shop.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.All(TableLines(run.Output), line => Assert.True(line.Length <= columns, line));
        Assert.DoesNotMatch(DirectionCut(), run.Output);
    }

    [GeneratedRegex(@"│\s*(Hig|Lowe|Neutr)\s*│")]
    private static partial Regex DirectionCut();

    /// <summary>The rows of the console tables: the lines between rounded borders.</summary>
    private static IEnumerable<string> TableLines(string output) =>
        output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith('│') || l.StartsWith('╭') || l.StartsWith('├') || l.StartsWith('╰'));

    /// <summary>The numbers inside table cells (between │ borders), as printed: 15,060.83, 26.19, -7.81.</summary>
    private static IEnumerable<string> Numbers(string output) =>
        TableLines(output).SelectMany(l => l.Split('│')).SelectMany(cell => NumberPattern().Matches(cell).Select(m => m.Value));

    [GeneratedRegex(@"(?<![\w.,-])-?\d[\d,]*(\.\d+)?(?![\w.,])")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"│\s*aggreg\s*│|│\s*ate\s*│")]
    private static partial Regex AggregateCut();
}
