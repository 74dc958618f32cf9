using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;

namespace KpiEngine.Core.Tests.Evaluation;

/// <summary>
/// Subtotals (<c>--by region,channel --subtotals</c>) and <c>Parent(x)</c>. Worked by hand from the rows below:
///   January  north/web:  O1 10 (K1, 01-03), O2 30 (K2)               2 orders, revenue 40, median 20, 2 customers
///            north/shop: O3 20 (K1), O4 100 (K3), O5 90 (K3, 01-11)   3 orders, revenue 210, median 90, 2 customers
///            north:      10, 30, 20, 100, 90                          5 orders, revenue 250, median 30 (sorted 10 20 30 90 100),
///                        3 customers (K1 K2 K3, not 2 + 2), first 10 (O1, 01-03), last 90 (O5, 01-11), aov 250 / 5 = 50
///                        (the channels' aov 20 and 70 average 45: a subtotal's ratio is recomputed, never averaged)
///            south/web:  O6 50 (K4)                                   1 order, revenue 50
///            south/(missing): O7 70 (K5, 01-20)                       1 order, revenue 70
///            south:      2 orders, revenue 120, median (50 + 70) / 2 = 60, 2 customers, first 50, last 70, aov 60
///            total:      7 orders, revenue 370, median 50 (10 20 30 50 70 90 100), 5 customers
///   February north/web O8 60, north/shop O9 80, south/web O10 90: north 2 orders, revenue 140, aov 70; south 1 order, aov 90.
/// Order shares of the parent in January: north/web 2 / 5 = 40 %, north/shop 60 % (sum 100); south/web 1 / 2 = 50 %,
/// south/(missing) 50 % (sum 100); the regions of the total 5 / 7 and 2 / 7 (sum 100).
/// A time function at a subtotal reads the subtotal's own periods: north aov 50 -> 70 is +20 (the channels' changes are +40 and +10).
/// </summary>
public sealed class SubtotalTests
{
    private const string Orders = """
        order_id,ordered_at,region,channel,customer_id,total
        O1,2026-01-03,north,web,K1,10
        O2,2026-01-05,north,web,K2,30
        O3,2026-01-07,north,shop,K1,20
        O4,2026-01-09,north,shop,K3,100
        O5,2026-01-11,north,shop,K3,90
        O6,2026-01-12,south,web,K4,50
        O7,2026-01-20,south,,K5,70
        O8,2026-02-02,north,web,K1,60
        O9,2026-02-03,north,shop,K2,80
        O10,2026-02-04,south,web,K4,90
        """;

    private const string Client = """
        client: c
        datasets:
          orders: { path: orders.csv, time: ordered_at }
        inputs:
          orders: { dataset: orders, formula: "Count()" }
          revenue: { dataset: orders, formula: "Sum([total])" }
          median_total: { dataset: orders, formula: "Median([total])" }
          customers: { dataset: orders, formula: "DistinctCount([customer_id])" }
          first_total: { dataset: orders, formula: "First([total])", kind: balance }
          last_total: { dataset: orders, formula: "Last([total])", kind: balance }
        kpis:
          - { id: aov, unit: currency, direction: higher, formula: "[revenue] / [orders]" }
          - { id: aov_change, unit: currency, direction: higher, formula: "[aov] - Prev([aov])" }
          - { id: share_of_parent, unit: percent, direction: neutral, formula: "[orders] / Parent([orders]) * 100" }
          - { id: share_of_total, unit: percent, direction: neutral, formula: "[orders] / Total([orders]) * 100" }
          - { id: revenue_share_of_parent, unit: percent, direction: neutral, dataset: orders, formula: "Sum([total]) / Parent(Sum([total])) * 100" }
        """;

    private static ClientResult Run(EvaluationOptions options, string client = Client)
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        return new KpiEvaluator().Run(folder.Write("client.yaml", client), options with { IncludeInputs = true });
    }

    private static KpiResult Result(ClientResult result, string kpi, string period, params string?[] values) =>
        result.Results.Single(r => r.Kpi == kpi && r.Period == period && r.Dimensions.Select(d => d.Value).SequenceEqual(values));

    private static double? Value(ClientResult result, string kpi, string period, params string?[] values) => Result(result, kpi, period, values).Value;

    private static readonly EvaluationOptions BySubtotals = new() { Dimensions = ["region", "channel"], Subtotals = true };

    [Fact]
    public void Run_Subtotals_ReportEachRegionFromItsOwnRows()
    {
        var result = Run(BySubtotals);

        Assert.Equal(ClientStatus.Succeeded, result.Status);
        Assert.Equal(5, Value(result, "orders", "2026-01", "north"));
        Assert.Equal(250, Value(result, "revenue", "2026-01", "north"));
        Assert.Equal(2, Value(result, "orders", "2026-01", "south"));
        Assert.Equal(120, Value(result, "revenue", "2026-01", "south"));
        Assert.Equal(2, Value(result, "orders", "2026-02", "north"));
        Assert.Equal(1, Value(result, "orders", "2026-02", "south"));

        // The subtotal row is split by region only: its dimensions name region, not channel.
        var north = Result(result, "orders", "2026-01", "north");
        Assert.Equal("region", Assert.Single(north.Dimensions).Key);

        // The full combinations and the total are as without subtotals.
        var plain = Run(BySubtotals with { Subtotals = false });
        Assert.Equal(plain.Results.Select(r => (r.Kpi, r.Period, Key(r), r.Value)), result.Results.Where(r => r.Dimensions.Count != 1).Select(r => (r.Kpi, r.Period, Key(r), r.Value)));
        Assert.DoesNotContain(plain.Results, r => r.Dimensions.Count == 1);
    }

    private static string Key(KpiResult result) => string.Join("|", result.Dimensions.Select(d => $"{d.Key}={d.Value}"));

    [Fact]
    public void Run_Subtotals_ComeBeforeTheirCombinationsAfterTheTotal()
    {
        var result = Run(BySubtotals);

        var levels = result.Results.Where(r => r.Kpi == "orders" && r.Period == "2026-01").Select(r => string.Join(" / ", r.Dimensions.Select(d => d.Value ?? "(missing)"))).ToList();
        Assert.Equal(["", "north", "north / shop", "north / web", "south", "south / web", "south / (missing)"], levels);
    }

    [Fact]
    public void Run_RatioAtSubtotal_IsRecomputedFromTheSubtotalsInputs()
    {
        var result = Run(BySubtotals);

        // 250 / 5 = 50, not the mean of the channels' 20 and 70 (45).
        Assert.Equal(20, Value(result, "aov", "2026-01", "north", "web"));
        Assert.Equal(70, Value(result, "aov", "2026-01", "north", "shop"));
        Assert.Equal(50, Value(result, "aov", "2026-01", "north"));
        Assert.Equal(60, Value(result, "aov", "2026-01", "south"));
    }

    [Fact]
    public void Run_NonAdditiveAggregatesAtSubtotal_AreThoseOfTheRegionsRows()
    {
        var result = Run(BySubtotals);

        // Median of north's five totals 10 20 30 90 100 is 30 (the channels' medians are 20 and 90).
        Assert.Equal(20, Value(result, "median_total", "2026-01", "north", "web"));
        Assert.Equal(90, Value(result, "median_total", "2026-01", "north", "shop"));
        Assert.Equal(30, Value(result, "median_total", "2026-01", "north"));
        Assert.Equal(60, Value(result, "median_total", "2026-01", "south"));
        Assert.Equal(50, Value(result, "median_total", "2026-01"));

        // K1 ordered on the web and in the shop: north has 3 customers, not 2 + 2.
        Assert.Equal(2, Value(result, "customers", "2026-01", "north", "web"));
        Assert.Equal(2, Value(result, "customers", "2026-01", "north", "shop"));
        Assert.Equal(3, Value(result, "customers", "2026-01", "north"));
        Assert.Equal(5, Value(result, "customers", "2026-01"));

        // First and Last by time over the region's rows: O1 (01-03) and O5 (01-11) in the north, O6 and O7 (01-20) in the south.
        Assert.Equal(10, Value(result, "first_total", "2026-01", "north"));
        Assert.Equal(90, Value(result, "last_total", "2026-01", "north"));
        Assert.Equal(50, Value(result, "first_total", "2026-01", "south"));
        Assert.Equal(70, Value(result, "last_total", "2026-01", "south"));
    }

    [Fact]
    public void Run_TimeFunctionAtSubtotal_ReadsTheSubtotalsOwnPeriods()
    {
        var result = Run(BySubtotals);

        // north aov 50 -> 70 (+20); the channels' changes are +40 (20 -> 60) and +10 (70 -> 80).
        Assert.Equal(40, Value(result, "aov_change", "2026-02", "north", "web"));
        Assert.Equal(10, Value(result, "aov_change", "2026-02", "north", "shop"));
        Assert.Equal(20, Value(result, "aov_change", "2026-02", "north"));
        Assert.Equal(30, Value(result, "aov_change", "2026-02", "south"));
        Assert.Null(Value(result, "aov_change", "2026-01", "north"));
    }

    [Fact]
    public void Run_ShareOfParent_SumsTo100WithinEveryParent()
    {
        var result = Run(BySubtotals);

        Assert.Equal(40, Value(result, "share_of_parent", "2026-01", "north", "web"));
        Assert.Equal(60, Value(result, "share_of_parent", "2026-01", "north", "shop"));
        Assert.Equal(50, Value(result, "share_of_parent", "2026-01", "south", "web"));
        Assert.Equal(50, Value(result, "share_of_parent", "2026-01", "south", null));
        Assert.Equal(5.0 / 7 * 100, Value(result, "share_of_parent", "2026-01", "north")!.Value, 12);
        Assert.Equal(2.0 / 7 * 100, Value(result, "share_of_parent", "2026-01", "south")!.Value, 12);

        // Within every parent (each region, and the total for the regions), in every period, the shares sum to 100.
        foreach (var period in new[] { "2026-01", "2026-02" })
        {
            var shares = result.Results.Where(r => r.Kpi == "share_of_parent" && r.Period == period && r.Value is not null).ToList();
            foreach (var parent in shares.Where(r => r.Dimensions.Count == 2).GroupBy(r => r.Dimensions[0].Value))
            {
                Assert.Equal(100, parent.Sum(r => r.Value!.Value), 9);
            }

            Assert.Equal(100, shares.Where(r => r.Dimensions.Count == 1).Sum(r => r.Value!.Value), 9);
        }

        // An aggregate inside Parent is the KPI's own, over the parent's rows: north/web 40 of north's 250 = 16 %, north 250 of 370.
        Assert.Equal(16, Value(result, "revenue_share_of_parent", "2026-01", "north", "web")!.Value, 12);
        Assert.Equal(250.0 / 370 * 100, Value(result, "revenue_share_of_parent", "2026-01", "north")!.Value, 12);

        // February south: web has the only order (100 %); the missing channel has none of 1 (0 %, not undefined).
        Assert.Equal(100, Value(result, "share_of_parent", "2026-02", "south", "web"));
        Assert.Equal(0, Value(result, "share_of_parent", "2026-02", "south", null));
    }

    [Fact]
    public void Run_ParentAtTheTotal_IsUndefinedWithAReason()
    {
        var result = Run(BySubtotals);

        var total = Result(result, "share_of_parent", "2026-01");
        Assert.Null(total.Value);
        Assert.Contains("the total has no level above it", total.Reason, StringComparison.Ordinal);

        // Total(x) at the total is the total itself.
        Assert.Equal(100, Value(result, "share_of_total", "2026-01"));
    }

    [Fact]
    public void Run_ParentWithoutSubtotals_ReadsTheRegionButReportsOnlyCombinations()
    {
        var result = Run(BySubtotals with { Subtotals = false });

        Assert.Equal(40, Value(result, "share_of_parent", "2026-01", "north", "web"));
        Assert.Equal(60, Value(result, "share_of_parent", "2026-01", "north", "shop"));
        Assert.DoesNotContain(result.Results, r => r.Dimensions.Count == 1);
    }

    [Fact]
    public void Run_ParentWithOneDimension_IsTheTotal()
    {
        var result = Run(new EvaluationOptions { Dimensions = ["region"] });

        Assert.Equal(5.0 / 7 * 100, Value(result, "share_of_parent", "2026-01", "north")!.Value, 12);
        Assert.Equal(Value(result, "share_of_total", "2026-01", "north"), Value(result, "share_of_parent", "2026-01", "north"));
        Assert.DoesNotContain(result.Diagnostics, d => d.Id.StartsWith("KPI712", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_ParentWithThreeDimensions_ReadsTheFirstTwo()
    {
        // north/shop has K1 (O3) and K3 (O4, O5): K3's 2 orders are 2 / 3 of north/shop's; north/shop's 3 are 3 / 5 of north's.
        var result = Run(new EvaluationOptions { Dimensions = ["region", "channel", "customer_id"], Subtotals = true });

        Assert.Equal(2.0 / 3 * 100, Value(result, "share_of_parent", "2026-01", "north", "shop", "K3")!.Value, 12);
        Assert.Equal(60, Value(result, "share_of_parent", "2026-01", "north", "shop"));
        Assert.Equal(5.0 / 7 * 100, Value(result, "share_of_parent", "2026-01", "north")!.Value, 12);
        Assert.Equal(3, Value(result, "orders", "2026-01", "north", "shop"));
        Assert.Equal(30, Value(result, "median_total", "2026-01", "north"));
    }

    [Fact]
    public void Run_ParentWithoutDimensions_IsUndefinedAndWarned()
    {
        var result = Run(new EvaluationOptions());

        var total = Result(result, "share_of_parent", "2026-01");
        Assert.Null(total.Value);
        Assert.Contains("no level above it", total.Reason, StringComparison.Ordinal);
        // One warning per KPI that reads Parent(...).
        var warnings = result.Diagnostics.Where(d => d.Id == DiagnosticCatalog.ParentWithoutDimensions.Id).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Equal(DiagnosticSeverity.Warning, w.Severity));
        Assert.Contains("KPI 'share_of_parent'", warnings[0].Message, StringComparison.Ordinal);
        Assert.Contains("KPI 'revenue_share_of_parent'", warnings[1].Message, StringComparison.Ordinal);
        Assert.Equal(ClientStatus.Succeeded, result.Status);
    }

    [Fact]
    public void Run_SubtotalsWithOneDimension_WarnsAndReportsAsWithout()
    {
        var result = Run(new EvaluationOptions { Dimensions = ["region"], Subtotals = true });
        var plain = Run(new EvaluationOptions { Dimensions = ["region"] });

        var warning = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticCatalog.SubtotalsWithoutTwoDimensions.Id);
        Assert.Contains("--subtotals", warning.Message, StringComparison.Ordinal);
        Assert.Equal(plain.Results.Select(r => (r.Kpi, r.Period, Key(r), r.Value)), result.Results.Select(r => (r.Kpi, r.Period, Key(r), r.Value)));
    }

    [Fact]
    public void Run_SubtotalsTrueInTheClientFile_ReportsSubtotalsWithoutTheOption()
    {
        var result = Run(new EvaluationOptions { Dimensions = ["region", "channel"] }, Client.Replace("client: c\n", "client: c\nsubtotals: true\n", StringComparison.Ordinal));

        Assert.Equal(5, Value(result, "orders", "2026-01", "north"));
        Assert.Equal(30, Value(result, "median_total", "2026-01", "north"));
    }
}
