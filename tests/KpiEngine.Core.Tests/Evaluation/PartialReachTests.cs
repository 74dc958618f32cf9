using KpiEngine.Evaluation;

namespace KpiEngine.Core.Tests.Evaluation;

/// <summary>
/// A value is partial when it reads a period its dataset covers only in part, also through another
/// period (a time function, <c>Cohort(x)</c>) or another value that does. The evaluator keeps the first
/// period read only for the values that can reach back, so these check each way of reaching back.
/// The orders below start on 2026-01-15 (January is partial) and end on 2026-03-31 (February and
/// March are whole): a orders in January, February and March; b first orders in February.
/// </summary>
public sealed class PartialReachTests
{
    private const string Orders = """
        order_id,ordered_at,customer_id,total
        1,2026-01-15,a,100
        2,2026-02-03,a,40
        3,2026-02-28,b,20
        4,2026-03-31,a,10
        """;

    private static ClientResult Run(string kpis)
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        var client = folder.Write("client.yaml", $"""
            client: c
            datasets:
              orders: {"{"} path: orders.csv, time: ordered_at {"}"}
            inputs:
              revenue: {"{"} dataset: orders, formula: "Sum([total])" {"}"}
              active: {"{"} dataset: orders, formula: "DistinctCount([customer_id])" {"}"}
            kpis:
            {kpis}
            """);
        return new KpiEvaluator().Run(client, new EvaluationOptions());
    }

    [Fact]
    public void Run_ValueNamingAValueThatReadsThePreviousMonth_IsPartialWhenThatMonthIs()
    {
        var result = Run("""
              - { id: mom, unit: percent, direction: higher, formula: "Growth([revenue])" }
              - { id: twice_mom, unit: percent, direction: higher, formula: "[mom] * 2" }
              - { id: twice_revenue, unit: number, direction: higher, formula: "[revenue] * 2" }
            """);

        KpiResult Cell(string kpi, string period) => result.Results.Single(r => r.Kpi == kpi && r.Period == period);

        // February: (60 - 100) / 100 * 100 = -40, read from the partial January; doubled -80, as partial.
        Assert.Equal(-40, Cell("mom", "2026-02").Value);
        Assert.True(Cell("mom", "2026-02").Partial);
        Assert.Equal(-80, Cell("twice_mom", "2026-02").Value);
        Assert.True(Cell("twice_mom", "2026-02").Partial);
        // February's own revenue (60, doubled 120) reads only February, which is whole.
        Assert.Equal(120, Cell("twice_revenue", "2026-02").Value);
        Assert.False(Cell("twice_revenue", "2026-02").Partial);
        // March: (10 - 60) / 60 * 100 reads only whole months.
        Assert.False(Cell("mom", "2026-03").Partial);
        Assert.False(Cell("twice_mom", "2026-03").Partial);
    }

    [Fact]
    public void Run_CohortCellReadingAPartialAgeZeroThroughCohort_IsPartial()
    {
        var result = Run("""
              - { id: retention, unit: percent, direction: higher, cohort: { entity: customer_id }, formula: "[active] / Cohort([active]) * 100" }
            """);

        KpiResult Cell(string cohort, int age) => result.Results.Single(r => r.Kpi == "retention" && r.Cohort == cohort && r.Age == age);

        // Cohort 2026-01 is a alone, active in every month: 1 / 1 * 100 = 100 at each age, each read against January.
        Assert.All(Enumerable.Range(0, 3), age => Assert.Equal(100, Cell("2026-01", age).Value));
        Assert.All(Enumerable.Range(0, 3), age => Assert.True(Cell("2026-01", age).Partial));
        // Cohort 2026-02 is b: 100 in February, 0 / 1 in March; February is whole, so neither is partial.
        Assert.Equal(100, Cell("2026-02", 0).Value);
        Assert.Equal(0, Cell("2026-02", 1).Value);
        Assert.False(Cell("2026-02", 0).Partial);
        Assert.False(Cell("2026-02", 1).Partial);
    }
}
