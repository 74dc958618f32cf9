using KpiEngine.Evaluation;

namespace KpiEngine.Core.Tests.Evaluation;

/// <summary><c>kpi validate</c> on bad <c>cohort:</c> blocks: each problem with its id at the line and column of its cause.</summary>
public sealed class CohortValidationTests
{
    private const string Header = """
        client: c
        datasets:
          orders: { path: orders.csv, time: ordered_at }
          traffic: { path: traffic.csv, time: day }
          signups: { path: signups.csv }
        inputs:
          active: { dataset: orders, formula: "DistinctCount([customer_id])" }
          visits: { dataset: traffic, formula: "Sum([sessions])" }
        kpis:

        """;

    private static IReadOnlyList<KpiEngine.Diagnostics.Diagnostic> Validate(string kpis)
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", "order_id,ordered_at,customer_id,total\n1,2026-01-05,a,10\n");
        folder.Write("traffic.csv", "day,sessions\n2026-01-05,3\n");
        folder.Write("signups.csv", "customer_id,signed_up_at\na,2026-01-01\n");
        return new KpiEvaluator().Validate(folder.Write("client.yaml", Header + kpis));
    }

    // The KPI lines start at line 10 of the file (the header has nine lines).
    [Theory]
    [InlineData("""
          - { id: r, unit: percent, direction: higher, cohort: { entity: customer, dataset: orders }, formula: "[active] / Cohort([active])" }
        """, "KPI7022", 10, 66, "has no such column")]
    [InlineData("""
          - { id: r, unit: percent, direction: higher, cohort: { entity: customer_id, dataset: order }, formula: "[active] / Cohort([active])" }
        """, "KPI7021", 10, 88, "does not declare")]
    [InlineData("""
          - { id: r, unit: number, direction: higher, cohort: { entity: customer_id }, formula: "[active] / [visits]" }
        """, "KPI7021", 10, 55, "reads several datasets")]
    [InlineData("""
          - { id: r, unit: number, direction: higher, cohort: { entity: customer_id, dataset: orders }, formula: "[active] / [visits]" }
        """, "KPI7024", 10, 65, "dataset 'traffic', which has no column 'customer_id'")]
    [InlineData("""
          - { id: r, unit: number, direction: higher, cohort: { entity: customer_id, start: "Sum([total])" }, formula: "[active]" }
        """, "KPI7023", 10, 85, "is not a date per customer_id")]
    [InlineData("""
          - { id: r, unit: number, direction: higher, cohort: { entity: ordered_at }, formula: "[active]" }
        """, "KPI7022", 10, 65, "a date column")]
    [InlineData("""
          - { id: r, unit: number, direction: higher, dataset: signups, cohort: { entity: customer_id }, formula: "Count()" }
        """, "KPI7023", 10, 73, "has no time column")]
    [InlineData("""
          - { id: r, unit: number, direction: higher, formula: "[active] / Cohort([active])" }
        """, "KPI7025", 10, 68, "is not a cohort KPI")]
    [InlineData("""
          - { id: r, unit: number, direction: higher, cohort: { entity: customer_id, ages: 0 }, formula: "[active]" }
        """, "KPI1005", 10, 84, "whole number from 1 to 1000")]
    [InlineData("""
          - { id: r, unit: number, direction: higher, cohort: { entity: customer_id, age: 3 }, formula: "[active]" }
        """, "KPI1003", 10, 78, "'age' is not a key of the cohort")]
    [InlineData("""
          - { id: r, unit: number, direction: higher, cohort: { dataset: orders }, formula: "[active]" }
        """, "KPI1004", 10, 55, "entity")]
    public void Validate_BadCohort_IsReportedAtItsCause(string kpis, string id, int line, int column, string message)
    {
        var diagnostics = Validate(kpis);

        var error = Assert.Single(diagnostics, d => d.Id == id);
        Assert.True(error.IsError);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(line, error.Span!.Value.Line);
        Assert.Equal(column, error.Span!.Value.Column);
    }

    [Fact]
    public void Validate_GoodCohortKpis_AreClean()
    {
        var diagnostics = Validate("""
              - { id: r, unit: percent, direction: higher, cohort: { entity: customer_id }, formula: "[active] / Cohort([active]) * 100" }
              - { id: s, unit: number, direction: higher, dataset: signups, cohort: { entity: customer_id, start: signed_up_at, ages: 12 }, formula: "Count() / Cohort(Count())" }
              - { id: t, unit: number, direction: higher, formula: "Cohort([active])" }
              - { id: u, unit: number, direction: higher, cohort: { entity: customer_id }, formula: "[t] - [active]" }
            """);

        // t uses Cohort() outside a cohort block, but only u (a cohort KPI) reads it: computed within u's cohorts, it is fine.
        Assert.DoesNotContain(diagnostics, d => d.IsError);
    }
}
