using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;
using KpiEngine.Time;

namespace KpiEngine.Core.Tests.Evaluation;

public sealed class KpiEvaluatorTests
{
    private const string Orders = """
        order_id,ordered_at,status,total
        A1,2026-01-05,delivered,100
        A2,2026-01-20,cancelled,50
        A3,2026-03-02,delivered,30
        """;

    private static ClientResult Run(ClientFolder folder, string yaml, EvaluationOptions? options = null)
    {
        var client = folder.Write("client.yaml", yaml);
        return new KpiEvaluator().Run(client, options ?? new EvaluationOptions());
    }

    private static double? Value(ClientResult result, string kpi, string period) =>
        result.Results.Single(r => r.Kpi == kpi && r.Period == period).Value;

    private static string? Reason(ClientResult result, string kpi, string period) =>
        result.Results.Single(r => r.Kpi == kpi && r.Period == period).Reason;

    [Fact]
    public void Run_MonthWithoutRows_IsAZeroRowPeriodNotAMissingOne()
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        var result = Run(folder, """
            client: c
            datasets: { orders: { path: orders.csv, time: ordered_at } }
            inputs:
              revenue: { dataset: orders, formula: "SumIf([total], [status] != 'cancelled')" }
              orders: { dataset: orders, formula: "Count()" }
              avg_total: { dataset: orders, formula: "Avg([total])" }
            kpis:
              - { id: rev, unit: currency, direction: higher, formula: "[revenue]" }
              - { id: n, unit: count, direction: higher, formula: "[orders]" }
              - { id: avg, unit: currency, direction: higher, formula: "[avg_total]" }
            """);

        // January: 100 (A2 cancelled); February: no rows; March: 30.
        Assert.Equal(["2026-01", "2026-02", "2026-03"], result.Periods);
        Assert.Equal(100, Value(result, "rev", "2026-01"));
        Assert.Equal(0, Value(result, "rev", "2026-02"));
        Assert.Equal(0, Value(result, "n", "2026-02"));
        Assert.Null(Value(result, "avg", "2026-02"));
        Assert.Equal(30, Value(result, "rev", "2026-03"));
        Assert.Equal(ClientStatus.Succeeded, result.Status);
    }

    [Fact]
    public void Run_KpisOnKpis_AreEvaluatedInDependencyOrderWhateverTheFileOrder()
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        var result = Run(folder, """
            client: c
            use: [doubled_aov]
            datasets: { orders: { path: orders.csv, time: ordered_at } }
            inputs:
              revenue: { dataset: orders, formula: "Sum([total])" }
              orders: { dataset: orders, formula: "Count()" }
            kpis:
              - { id: doubled_aov, unit: currency, direction: higher, formula: "[aov] * 2" }
              - { id: aov, unit: currency, direction: higher, formula: "[revenue] / [orders]" }
            """);

        // January: (100 + 50) / 2 = 75, doubled 150.
        Assert.Equal(150, Value(result, "doubled_aov", "2026-01"));
        Assert.DoesNotContain(result.Results, r => r.Kpi == "aov");
    }

    [Fact]
    public void Validate_Cycle_NamesTheWholeCycle()
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        var client = folder.Write("client.yaml", """
            client: c
            datasets: { orders: { path: orders.csv, time: ordered_at } }
            kpis:
              - { id: a, unit: number, direction: higher, formula: "[b] + 1" }
              - { id: b, unit: number, direction: higher, formula: "[c] + 1" }
              - { id: c, unit: number, direction: higher, formula: "[a] + 1" }
            """);

        var diagnostics = new KpiEvaluator().Validate(client);

        var cycle = Assert.Single(diagnostics, d => d.Id == DiagnosticCatalog.DependencyCycle.Id);
        Assert.Contains("a -> b -> c -> a", cycle.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CatalogKpiWithUnboundInput_SaysHowToBindIt()
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        folder.Write("catalog.yaml", """
            category: sales
            kpis:
              - { id: conversion_rate, unit: percent, direction: higher, formula: "[orders] / [visits] * 100" }
            """);
        var client = folder.Write("client.yaml", """
            client: c
            include: [catalog.yaml]
            datasets: { orders: { path: orders.csv, time: ordered_at } }
            inputs:
              orders: { dataset: orders, formula: "Count()" }
            """);

        var diagnostics = new KpiEvaluator().Validate(client);

        var unbound = Assert.Single(diagnostics, d => d.Id == DiagnosticCatalog.UnboundInput.Id);
        Assert.Contains("KPI 'conversion_rate' needs input 'visits'", unbound.Message, StringComparison.Ordinal);
        Assert.Contains("visits: { dataset: orders, formula:", unbound.Suggestion, StringComparison.Ordinal);
        Assert.EndsWith("catalog.yaml", unbound.Span!.Value.File, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnusedCatalogKpiWithUnboundInput_IsNotAnError()
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        folder.Write("catalog.yaml", """
            kpis:
              - { id: conversion_rate, unit: percent, direction: higher, formula: "[orders] / [visits] * 100" }
              - { id: order_count, unit: count, direction: higher, formula: "[orders]" }
            """);
        var client = folder.Write("client.yaml", """
            client: c
            include: [catalog.yaml]
            use: [order_count]
            datasets: { orders: { path: orders.csv, time: ordered_at } }
            inputs:
              orders: { dataset: orders, formula: "Count()" }
            """);

        Assert.DoesNotContain(new KpiEvaluator().Validate(client), d => d.IsError);
    }

    [Fact]
    public void Validate_UnknownNameInClientKpi_SuggestsTheNearestName()
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        var client = folder.Write("client.yaml", """
            client: c
            datasets: { orders: { path: orders.csv, time: ordered_at } }
            inputs:
              revenue: { dataset: orders, formula: "Sum([total])" }
            kpis:
              - { id: k, unit: number, direction: higher, formula: "[revenu] * 2" }
            """);

        var unknown = Assert.Single(new KpiEvaluator().Validate(client), d => d.Id == DiagnosticCatalog.UnknownName.Id);
        Assert.Equal("Did you mean 'revenue'?", unknown.Suggestion);
        Assert.Equal(6, unknown.Span!.Value.Line);
    }

    [Fact]
    public void Validate_ColumnOutsideAggregate_SaysToAggregateIt()
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        var client = folder.Write("client.yaml", """
            client: c
            datasets: { orders: { path: orders.csv, time: ordered_at } }
            inputs:
              revenue: { dataset: orders, formula: "[total] * 2" }
            kpis:
              - { id: k, unit: number, direction: higher, formula: "[revenue]" }
            """);

        var scope = Assert.Single(new KpiEvaluator().Validate(client), d => d.Id == DiagnosticCatalog.NameOutOfScope.Id);
        Assert.Contains("Sum([total])", scope.Suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OneBrokenKpi_LeavesTheOthersComputed()
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        var result = Run(folder, """
            client: c
            datasets: { orders: { path: orders.csv, time: ordered_at } }
            inputs:
              orders: { dataset: orders, formula: "Count()" }
            kpis:
              - { id: good, unit: count, direction: higher, formula: "[orders]" }
              - { id: bad, unit: count, direction: higher, formula: "[orders] +" }
              - { id: downstream, unit: count, direction: higher, formula: "[bad] * 2" }
            """);

        Assert.Equal(ClientStatus.CompletedWithErrors, result.Status);
        Assert.Equal(2, Value(result, "good", "2026-01"));
        Assert.Contains("has errors in its definition", Reason(result, "bad", "2026-01"), StringComparison.Ordinal);
        Assert.Contains("depends on KPI 'bad'", Reason(result, "downstream", "2026-01"), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BorrowedTimeColumn_PlacesPaymentsInTheOrdersMonth()
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        folder.Write("payments.csv", """
            payment_id,order_id,amount
            P1,A1,100
            P2,A3,30
            P3,A9,5
            """);
        var result = Run(folder, """
            client: c
            datasets:
              orders: { path: orders.csv, time: ordered_at }
              payments:
                path: payments.csv
                time: ordered_at
                borrow: { from: orders, key: order_id, columns: [ordered_at, status] }
            inputs:
              paid: { dataset: payments, formula: "SumIf([amount], [status] == 'delivered')" }
            kpis:
              - { id: collected, unit: currency, direction: higher, formula: "[paid]" }
            """);

        // P1 pays A1 (January), P2 pays A3 (March); P3's order A9 does not exist: no time, no period.
        Assert.Equal(100, Value(result, "collected", "2026-01"));
        Assert.Equal(30, Value(result, "collected", "2026-03"));
        Assert.Contains(result.Diagnostics, d => d.Id == DiagnosticCatalog.BorrowKeyNotFound.Id);
        Assert.Contains(result.Diagnostics, d => d.Id == DiagnosticCatalog.MissingTime.Id);
    }

    [Fact]
    public void Validate_BorrowCycle_IsReported()
    {
        using var folder = new ClientFolder();
        folder.Write("a.csv", "id,day\n1,2026-01-01\n");
        folder.Write("b.csv", "id,day\n1,2026-01-01\n");
        var client = folder.Write("client.yaml", """
            client: c
            datasets:
              a: { path: a.csv, time: day, borrow: { from: b, key: id, columns: [day] } }
              b: { path: b.csv, time: day, borrow: { from: a, key: id, columns: [day] } }
            """);

        Assert.Contains(new KpiEvaluator().Validate(client), d => d.Id == DiagnosticCatalog.BadBorrow.Id && d.Message.Contains("cycle", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_DatasetFilter_LeavesRowsOut()
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        var result = Run(folder, """
            client: c
            datasets: { orders: { path: orders.csv, time: ordered_at, filter: "[status] != 'cancelled'" } }
            inputs:
              orders: { dataset: orders, formula: "Count()" }
            kpis:
              - { id: n, unit: count, direction: higher, formula: "[orders]" }
            """);

        Assert.Equal(1, Value(result, "n", "2026-01"));
    }

    [Fact]
    public void Run_DatasetWithoutTime_GivesTheSameValueInEveryPeriod()
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        folder.Write("staff.csv", "name,fte\nAnn,1\nBob,0.5\n");
        var result = Run(folder, """
            client: c
            datasets:
              orders: { path: orders.csv, time: ordered_at }
              staff: { path: staff.csv }
            inputs:
              revenue: { dataset: orders, formula: "Sum([total])" }
              fte: { dataset: staff, formula: "Sum([fte])" }
            kpis:
              - { id: revenue_per_fte, unit: currency, direction: higher, formula: "[revenue] / [fte]" }
            """);

        // January 150 / 1.5 = 100; March 30 / 1.5 = 20.
        Assert.Equal(100, Value(result, "revenue_per_fte", "2026-01")!.Value, 9);
        Assert.Equal(20, Value(result, "revenue_per_fte", "2026-03")!.Value, 9);
    }

    [Fact]
    public void Run_NoPeriodInRange_FailsTheClientWithAReason()
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", "order_id,ordered_at\n");
        var result = Run(folder, """
            client: c
            datasets: { orders: { path: orders.csv, time: ordered_at, columns: { ordered_at: date } } }
            inputs:
              orders: { dataset: orders, formula: "Count()" }
            kpis:
              - { id: n, unit: count, direction: higher, formula: "[orders]" }
            """);

        // "No period" has its own id (KPI3040) since issue 11, and says which dataset is the cause.
        Assert.Equal(ClientStatus.Failed, result.Status);
        Assert.Contains(result.Diagnostics, d => d.Id == DiagnosticCatalog.NoPeriod.Id && d.Message.Contains("'orders' (orders.csv) has a header but no rows", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_WeekGrain_LabelsIsoWeeks()
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        var result = Run(folder, """
            client: c
            datasets: { orders: { path: orders.csv, time: ordered_at } }
            inputs:
              orders: { dataset: orders, formula: "Count()" }
            kpis:
              - { id: n, unit: count, direction: higher, formula: "[orders]" }
            """, new EvaluationOptions { Grain = Grain.Week, To = "2026-W02" });

        // 2026-01-05 is the Monday of ISO week 2; 2026-W01 starts on 2025-12-29.
        Assert.Equal("2026-W02", result.Periods[0]);
        Assert.Equal(1, Value(result, "n", "2026-W02"));
    }

    [Fact]
    public void Explain_ListsNamesDependenciesAndDependents()
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        var client = folder.Write("client.yaml", """
            client: c
            datasets: { orders: { path: orders.csv, time: ordered_at } }
            inputs:
              revenue: { dataset: orders, formula: "Sum([total])" }
              orders: { dataset: orders, formula: "Count()" }
            parameters: { margin: 0.4 }
            kpis:
              - { id: aov, unit: currency, direction: higher, formula: "[revenue] / [orders]" }
              - { id: profit_per_order, unit: currency, direction: higher, formula: "[aov] * [margin]" }
            """);

        var explanation = new KpiEvaluator().Explain(client, "aov").Value!;

        Assert.Equal(["revenue", "orders"], explanation.Names.Select(n => n.Name));
        Assert.Equal("over dataset 'orders': Sum([total])", explanation.Names[0].Detail);
        Assert.Equal(["revenue", "orders"], explanation.DependsOn);
        Assert.Equal(["profit_per_order"], explanation.UsedBy);
    }
}
