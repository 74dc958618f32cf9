using KpiEngine.Evaluation;
using KpiEngine.Time;

namespace KpiEngine.Core.Tests.Evaluation;

/// <summary>
/// Shares of the total under --by: <c>Total(x)</c> reads x over all rows of the period. Worked by hand:
///   January: A1 web/north 100, A2 web/south 50, A3 shop/north 30, A4 (no channel)/north 20: 4 orders, 200.
///   February: A5 web/north 40: 1 order.
/// January order shares: web 2 / 4 = 50 %, shop 25 %, (missing) 25 % (sum 100); revenue shares web
/// 150 / 200 = 75 %, shop 15 %, (missing) 10 % (sum 100). February: web 100 %.
/// Over the whole range (5 orders): web 3 / 5 = 60 %, shop 20 %, (missing) 20 %.
/// </summary>
public sealed class ShareOfTotalTests
{
    private const string Orders = """
        order_id,ordered_at,channel,region,total
        A1,2026-01-05,web,north,100
        A2,2026-01-06,web,south,50
        A3,2026-01-07,shop,north,30
        A4,2026-01-08,,north,20
        A5,2026-02-01,web,north,40
        """;

    private const string Client = """
        client: c
        datasets:
          orders: { path: orders.csv, time: ordered_at }
        inputs:
          revenue: { dataset: orders, formula: "Sum([total])" }
          orders: { dataset: orders, formula: "Count()" }
        kpis:
          - { id: order_share, unit: percent, direction: neutral, formula: "[orders] / Total([orders]) * 100" }
          - { id: revenue_share, unit: percent, direction: neutral, dataset: orders, formula: "Sum([total]) / Total(Sum([total])) * 100" }
          - { id: share_change, unit: percent, direction: neutral, formula: "Change([order_share])" }
        """;

    private static ClientResult Run(EvaluationOptions options)
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        return new KpiEvaluator().Run(folder.Write("client.yaml", Client), options);
    }

    private static double? Value(ClientResult result, string kpi, string period, params string?[] values) =>
        result.Results.Single(r => r.Kpi == kpi && r.Period == period && r.Dimensions.Select(d => d.Value).SequenceEqual(values)).Value;

    [Fact]
    public void Run_ShareOfTotalByChannel_SumsTo100InEveryPeriod()
    {
        var result = Run(new EvaluationOptions { Dimensions = ["channel"] });

        Assert.Equal(ClientStatus.Succeeded, result.Status);
        Assert.Equal(100, Value(result, "order_share", "2026-01"));
        Assert.Equal(50, Value(result, "order_share", "2026-01", "web"));
        Assert.Equal(25, Value(result, "order_share", "2026-01", "shop"));
        Assert.Equal(25, Value(result, "order_share", "2026-01", [null]));
        Assert.Equal(75, Value(result, "revenue_share", "2026-01", "web"));
        Assert.Equal(15, Value(result, "revenue_share", "2026-01", "shop"));
        Assert.Equal(10, Value(result, "revenue_share", "2026-01", [null]));
        Assert.Equal(100, Value(result, "order_share", "2026-02", "web"));
        foreach (var (kpi, period) in new[] { ("order_share", "2026-01"), ("revenue_share", "2026-01"), ("order_share", "2026-02") })
        {
            var shares = result.Results.Where(r => r.Kpi == kpi && r.Period == period && r.Dimensions.Count == 1 && r.Value is not null).Sum(r => r.Value!.Value);
            Assert.Equal(100, shares, 9);
        }

        // A channel without orders in February has 0 of 1 orders: 0 %, not missing.
        Assert.Equal(0, Value(result, "order_share", "2026-02", "shop"));
        // A time function over a share works per channel: web 50 % -> 100 %, +50 points.
        Assert.Equal(50, Value(result, "share_change", "2026-02", "web"));
    }

    [Fact]
    public void Run_ShareOfTotalByTwoDimensions_ReadsTheGrandTotal()
    {
        var result = Run(new EvaluationOptions { Dimensions = ["channel", "region"] });

        // Each of the four January orders is one combination: 1 / 4 = 25 % each.
        Assert.Equal(25, Value(result, "order_share", "2026-01", "web", "north"));
        Assert.Equal(25, Value(result, "order_share", "2026-01", "web", "south"));
        Assert.Equal(25, Value(result, "order_share", "2026-01", "shop", "north"));
        Assert.Equal(25, Value(result, "order_share", "2026-01", null, "north"));
    }

    [Fact]
    public void Run_ShareOfTotalAtGrainAll_IsTheWholeRangeShare()
    {
        var result = Run(new EvaluationOptions { Dimensions = ["channel"], Grain = Grain.All });

        Assert.Equal(60, Value(result, "order_share", "all", "web"));
        Assert.Equal(20, Value(result, "order_share", "all", "shop"));
        Assert.Equal(20, Value(result, "order_share", "all", [null]));
        Assert.Equal(100, Value(result, "order_share", "all"));
    }
}
