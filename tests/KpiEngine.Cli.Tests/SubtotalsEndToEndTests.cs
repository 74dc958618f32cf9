namespace KpiEngine.Cli.Tests;

/// <summary>
/// <c>kpi run --by region,channel --subtotals</c> and <c>Parent(x)</c> as a user runs them. Worked by hand
/// from the orders below (January):
///   north/web 10 + 30 (2 orders), north/shop 20 + 100 + 90 (3 orders): north 5 orders, revenue 250, aov 50;
///   south/web 50 (1), south without channel 70 (1): south 2 orders, aov 60; total 7 orders.
///   Shares of the parent: north/web 2 / 5 = 40 %, north/shop 60 %, south/web 50 %, south/(missing) 50 %,
///   north 5 / 7 = 71.43 %, south 2 / 7 = 28.57 %.
/// </summary>
public sealed class SubtotalsEndToEndTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("kpi-subtotals-e2e-");

    private const string Orders = """
        order_id,ordered_at,region,channel,total
        O1,2026-01-03,north,web,10
        O2,2026-01-05,north,web,30
        O3,2026-01-07,north,shop,20
        O4,2026-01-09,north,shop,100
        O5,2026-01-11,north,shop,90
        O6,2026-01-12,south,web,50
        O7,2026-01-20,south,,70
        """;

    private const string Client = """
        client: regions
        datasets:
          orders: { path: orders.csv, time: ordered_at, coverage: { from: 2026-01-01, to: 2026-01-31 } }
        inputs:
          orders: { dataset: orders, formula: "Count()" }
          revenue: { dataset: orders, formula: "Sum([total])" }
        kpis:
          - { id: order_count, unit: count, direction: higher, formula: "[orders]" }
          - { id: share_of_parent, unit: percent, direction: neutral, formula: "[orders] / Parent([orders]) * 100" }
          - { id: aov, unit: currency, direction: higher, formula: "[revenue] / [orders]" }
        """;

    public SubtotalsEndToEndTests()
    {
        File.WriteAllText(Path.Combine(Work, "orders.csv"), Orders.ReplaceLineEndings("\n"));
        File.WriteAllText(Path.Combine(Work, "regions.yaml"), Client.ReplaceLineEndings("\n"));
    }

    private string Work => _work.FullName;

    public void Dispose() => _work.Delete(recursive: true);

    private KpiRun Kpi(params string[] arguments) => KpiProcess.Run(Work, new Dictionary<string, string> { ["COLUMNS"] = "120" }, arguments);

    /// <summary>The cells of the printed table row whose label is <paramref name="label"/> in the block of <paramref name="kpi"/>.</summary>
    private static string[] Row(string table, string kpi, string label)
    {
        var rows = Rows(table);
        var start = rows.FindIndex(cells => cells[1] == kpi);
        return rows.Skip(start).First(cells => cells[1] == label)[2..^1];
    }

    /// <summary>The printed table's rows, each as its trimmed cells (the first and last empty, outside the borders).</summary>
    private static List<string[]> Rows(string table) =>
        [.. table.Split('\n').Select(line => line.Split('│', StringSplitOptions.TrimEntries)).Where(cells => cells.Length > 3)];

    [Fact]
    public void Run_BySubtotalsAsTable_PrintsEachRegionBeforeItsChannels()
    {
        var run = Kpi("run", "regions.yaml", "--by", "region,channel", "--subtotals");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("KPI / region / channel", run.Output, StringComparison.Ordinal);
        Assert.Equal(["count", "7"], Row(run.Output, "order_count", "order_count"));
        Assert.Equal(["count", "5"], Row(run.Output, "order_count", "north / (all)"));
        Assert.Equal(["count", "3"], Row(run.Output, "order_count", "north / shop"));
        Assert.Equal(["count", "2"], Row(run.Output, "order_count", "north / web"));
        Assert.Equal(["count", "2"], Row(run.Output, "order_count", "south / (all)"));
        Assert.Equal(["count", "1"], Row(run.Output, "order_count", "south / (missing)"));
        Assert.Equal(["percent", "71.43 %"], Row(run.Output, "share_of_parent", "north / (all)"));
        Assert.Equal(["percent", "40.00 %"], Row(run.Output, "share_of_parent", "north / web"));
        Assert.Equal(["percent", "60.00 %"], Row(run.Output, "share_of_parent", "north / shop"));
        Assert.Equal(["percent", "n/a"], Row(run.Output, "share_of_parent", "share_of_parent"));
        Assert.Equal(["currency", "50.00"], Row(run.Output, "aov", "north / (all)"));
        Assert.Equal(["currency", "60.00"], Row(run.Output, "aov", "south / (all)"));

        // The labels in order: the total, then each region's subtotal before its channels.
        var labels = Rows(run.Output).Select(cells => cells[1]).ToList();
        var block = labels.Skip(labels.IndexOf("order_count")).Take(7).ToList();
        Assert.Equal(["order_count", "north / (all)", "north / shop", "north / web", "south / (all)", "south / web", "south / (missing)"], block);
        Assert.Contains("share_of_parent 2026-01: the total has no level above it", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BySubtotalsAsCsv_LeavesTheSubtotalsChannelEmptyAndKeepsTheColumns()
    {
        var run = Kpi("run", "regions.yaml", "--by", "region,channel", "--subtotals", "--format", "csv");
        var plain = Kpi("run", "regions.yaml", "--by", "region,channel", "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var plainLines = plain.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("client,kpi,period,region,channel,value,reason,unit,partial,status", lines[0]);
        Assert.Equal(plainLines[0], lines[0]);
        Assert.Equal(
            [
                "regions,order_count,2026-01,,,7,,count,false,",
                "regions,order_count,2026-01,north,,5,,count,false,",
                "regions,order_count,2026-01,north,shop,3,,count,false,",
                "regions,order_count,2026-01,north,web,2,,count,false,",
                "regions,order_count,2026-01,south,,2,,count,false,",
                "regions,order_count,2026-01,south,web,1,,count,false,",
                "regions,order_count,2026-01,south,(missing),1,,count,false,",
            ],
            lines.Where(l => l.StartsWith("regions,order_count,", StringComparison.Ordinal)));
        Assert.Contains("regions,share_of_parent,2026-01,north,,71.4285714285714,,percent,false,", lines);
        Assert.Contains("regions,share_of_parent,2026-01,south,(missing),50,,percent,false,", lines);

        // Without --subtotals the same rows, less the subtotals.
        Assert.Equal(plainLines, lines.Where(l => !(l.Contains(",north,,", StringComparison.Ordinal) || l.Contains(",south,,", StringComparison.Ordinal))));
    }

    [Fact]
    public void Run_BatchManifestWithSubtotals_WritesThemForEveryClient()
    {
        File.WriteAllText(Path.Combine(Work, "batch.yaml"), "clients: [regions.yaml]\nformats: [csv]\nout_dir: out\nby: [region, channel]\nsubtotals: true\n");

        var run = KpiProcess.Run(Work, "run", "--manifest", "batch.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        var csv = File.ReadAllLines(Path.Combine(Work, "out", "regions.csv"));
        Assert.Contains("regions,order_count,2026-01,north,,5,,count,false,", csv);
        Assert.Contains("\"subtotals\": true", File.ReadAllText(Path.Combine(Work, "out", "run-summary.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ParentInsideTotal_IsAnErrorAtTheCall()
    {
        File.WriteAllText(Path.Combine(Work, "nested.yaml"), Client.Replace("\"[orders] / Parent([orders]) * 100\"", "\"[orders] / Total(Parent([orders]))\"", StringComparison.Ordinal).ReplaceLineEndings("\n"));

        var run = Kpi("validate", "nested.yaml");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("nested.yaml(9,90): error KPI7120: KPI 'share_of_parent' reads Parent(...) inside Total(...)", run.Output + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SubtotalsWithOneDimension_WarnsAndSucceeds()
    {
        var run = Kpi("run", "regions.yaml", "--by", "region", "--subtotals");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("warning KPI7122: --subtotals: client 'regions' is split by one dimension (region)", run.Error, StringComparison.Ordinal);
        Assert.Equal(["count", "5"], Row(run.Output, "order_count", "north"));
    }
}
