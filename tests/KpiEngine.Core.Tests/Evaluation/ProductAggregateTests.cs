using KpiEngine.Evaluation;
using KpiEngine.Time;

namespace KpiEngine.Core.Tests.Evaluation;

/// <summary>
/// <c>Product(x)</c> as rolled throughput yield over a production log, worked by hand:
///   January: cut 0.9, weld 0.95, paint 0.98: 0.9 * 0.95 * 0.98 = 0.8379;
///   February: no rows: undefined (an empty product is not 1: nothing was produced);
///   March: cut 0.5; the whole range: 0.8379 * 0.5 = 0.41895.
/// </summary>
public sealed class ProductAggregateTests
{
    private const string Log = """
        day,step,yield
        2026-01-10,cut,0.9
        2026-01-11,weld,0.95
        2026-01-12,paint,0.98
        2026-03-05,cut,0.5
        """;

    private const string Client = """
        client: plant
        datasets:
          steps: { path: steps.csv, time: day }
        inputs:
          rolled_yield: { dataset: steps, formula: "Product([yield])" }
        kpis:
          - { id: rty, unit: percent, direction: higher, formula: "[rolled_yield] * 100" }
        """;

    private static ClientResult Run(Grain grain)
    {
        using var folder = new ClientFolder();
        folder.Write("steps.csv", Log);
        return new KpiEvaluator().Run(folder.Write("client.yaml", Client), new EvaluationOptions { Grain = grain });
    }

    private static KpiResult Result(ClientResult result, string period) => result.Results.Single(r => r.Kpi == "rty" && r.Period == period);

    [Fact]
    public void Run_Product_IsTheRolledThroughputYieldPerPeriod()
    {
        var result = Run(Grain.Month);

        Assert.Equal(83.79, Result(result, "2026-01").Value!.Value, 10);
        Assert.Null(Result(result, "2026-02").Value);
        Assert.Equal("no rows for Product([yield])", Result(result, "2026-02").Reason);
        Assert.Equal(50, Result(result, "2026-03").Value!.Value, 10);
    }

    [Fact]
    public void Run_ProductAtGrainAll_MultipliesEveryRow()
    {
        Assert.Equal(41.895, Result(Run(Grain.All), "all").Value!.Value, 10);
    }
}
