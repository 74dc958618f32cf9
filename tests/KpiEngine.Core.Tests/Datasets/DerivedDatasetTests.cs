using KpiEngine.Core.Tests.Evaluation;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;

namespace KpiEngine.Core.Tests.Datasets;

/// <summary>
/// Derived datasets. Orders worked by hand:
///   A1 2026-01-05 C1 100, A2 2026-01-20 C2 50 (cancelled), A3 2026-02-03 C1 30, A4 2026-02-10 C3 70,
///   A5 2026-03-01 C1 20, A6 2026-03-02 without customer 10.
/// customers (by customer_id, A6 belongs to none):
///   C1 first 2026-01-05, 3 orders, lifetime revenue 100 + 30 + 20 = 150;
///   C2 first 2026-01-20, 1 order, lifetime revenue 0 (its only order is cancelled);
///   C3 first 2026-02-10, 1 order, lifetime revenue 70.
/// New customers by month of first order: January 2 (C1, C2), February 1 (C3), March 0.
/// Orders in the customer's first-order month: January A1, A2 of 2; February A4 of 2; March none of 2.
/// </summary>
public sealed class DerivedDatasetTests
{
    private const string Orders = """
        order_id,ordered_at,customer_id,status,total
        A1,2026-01-05,C1,delivered,100
        A2,2026-01-20,C2,cancelled,50
        A3,2026-02-03,C1,delivered,30
        A4,2026-02-10,C3,delivered,70
        A5,2026-03-01,C1,delivered,20
        A6,2026-03-02,,delivered,10
        """;

    private const string Client = """
        client: c
        use: [new_customers, repeat_rate, new_lifetime_revenue, new_customer_order_share]
        datasets:
          orders: { path: orders.csv, time: ordered_at }
          customers:
            derived:
              from: orders
              by: customer_id
              columns:
                first_order_at: "Min([ordered_at])"
                order_count: "Count()"
                lifetime_revenue: "SumIf([total], [status] != 'cancelled')"
            time: first_order_at
          customer_orders:
            path: orders.csv
            time: ordered_at
            borrow: { from: customers, key: customer_id, columns: [first_order_at] }
        inputs:
          customer_count: { dataset: customers, formula: "Count()" }
          repeat_customers: { dataset: customers, formula: "CountIf([order_count] > 1)" }
        kpis:
          - { id: new_customers, unit: count, direction: higher, formula: "[customer_count]" }
          - { id: repeat_rate, unit: percent, direction: higher, formula: "[repeat_customers] / [customer_count] * 100" }
          - { id: new_lifetime_revenue, unit: currency, direction: higher, dataset: customers, formula: "Avg([lifetime_revenue])" }
          - id: new_customer_order_share
            unit: percent
            direction: neutral
            dataset: customer_orders
            formula: "CountIf(Year([ordered_at]) == Year([first_order_at]) && Month([ordered_at]) == Month([first_order_at])) / Count() * 100"
        """;

    private static string Write(ClientFolder folder, string yaml)
    {
        folder.Write("orders.csv", Orders);
        return folder.Write("client.yaml", yaml);
    }

    private static IReadOnlyList<Diagnostic> Validate(string yaml)
    {
        using var folder = new ClientFolder();
        return new KpiEvaluator().Validate(Write(folder, yaml));
    }

    private static double? Value(ClientResult result, string kpi, string period) =>
        result.Results.Single(r => r.Kpi == kpi && r.Period == period).Value;

    [Fact]
    public void Run_DerivedCustomers_GivesNewCustomersAndRepeatRatePerMonthOfFirstOrder()
    {
        using var folder = new ClientFolder();
        var result = new KpiEvaluator().Run(Write(folder, Client), new EvaluationOptions());

        Assert.Equal(ClientStatus.Succeeded, result.Status);
        Assert.Equal(2, Value(result, "new_customers", "2026-01"));
        Assert.Equal(1, Value(result, "new_customers", "2026-02"));
        Assert.Equal(0, Value(result, "new_customers", "2026-03"));
        Assert.Equal(50, Value(result, "repeat_rate", "2026-01")); // C1 of C1, C2
        Assert.Equal(0, Value(result, "repeat_rate", "2026-02"));
        Assert.Equal(75, Value(result, "new_lifetime_revenue", "2026-01")); // (150 + 0) / 2
        Assert.Equal(70, Value(result, "new_lifetime_revenue", "2026-02"));
    }

    [Fact]
    public void Run_BorrowFromDerived_GivesEachOrderItsCustomersFirstOrderDate()
    {
        using var folder = new ClientFolder();
        var result = new KpiEvaluator().Run(Write(folder, Client), new EvaluationOptions());

        Assert.Equal(100, Value(result, "new_customer_order_share", "2026-01"));
        Assert.Equal(50, Value(result, "new_customer_order_share", "2026-02"));
        Assert.Equal(0, Value(result, "new_customer_order_share", "2026-03"));
    }

    [Fact]
    public void Plan_DerivedColumns_KeepDatesFromMinAndAreNumbersOtherwise()
    {
        using var folder = new ClientFolder();
        var loaded = new KpiSetLoader().LoadClient(Write(folder, Client));
        var plan = ClientPlan.Build(loaded.Value!, includeInputs: false, new DiagnosticBag());

        var schema = plan.FindDataset("customers")!.Schema!;
        Assert.Equal(["customer_id", "first_order_at", "order_count", "lifetime_revenue"], schema.Columns.Select(c => c.Name));
        Assert.Equal([ColumnType.Text, ColumnType.Date, ColumnType.Number, ColumnType.Number], schema.Columns.Select(c => c.Type));
        Assert.Equal("first_order_at", schema.TimeColumn!.Name);
        Assert.Equal(ColumnType.Date, plan.FindDataset("customer_orders")!.Schema!.Find("first_order_at")!.Type);
    }

    [Fact]
    public void Validate_SourceBorrowingFromItsDerivedDataset_IsACycle()
    {
        var diagnostics = Validate("""
            client: c
            datasets:
              orders:
                path: orders.csv
                time: ordered_at
                borrow: { from: customers, key: customer_id, columns: [first_order_at] }
              customers:
                derived: { from: orders, by: customer_id, columns: { first_order_at: "Min([ordered_at])" } }
            """);

        var cycle = Assert.Single(diagnostics, d => d.Id == DiagnosticCatalog.BadBorrow.Id);
        Assert.Contains("orders -> customers -> orders", cycle.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DerivedWithPath_IsAnInvalidValue()
    {
        var diagnostics = Validate("""
            client: c
            datasets:
              orders: { path: orders.csv, time: ordered_at }
              customers:
                path: orders.csv
                derived: { from: orders, by: customer_id, columns: { order_count: "Count()" } }
            """);

        var error = Assert.Single(diagnostics, d => d.IsError);
        Assert.Equal(DiagnosticCatalog.InvalidValue.Id, error.Id);
        Assert.Contains("cannot have 'path'", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, error.Span!.Value.Line);
    }

    [Fact]
    public void Validate_DerivedFromUnknownDataset_SuggestsTheNearest()
    {
        var diagnostics = Validate("""
            client: c
            datasets:
              orders: { path: orders.csv, time: ordered_at }
              customers:
                derived: { from: order, by: customer_id, columns: { order_count: "Count()" } }
            """);

        var error = Assert.Single(diagnostics, d => d.Id == DiagnosticCatalog.UnknownReference.Id);
        Assert.Contains("derived from 'order'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'orders'", error.Suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownKeyColumn_IsAMissingColumnWithDidYouMean()
    {
        var diagnostics = Validate("""
            client: c
            datasets:
              orders: { path: orders.csv, time: ordered_at }
              customers:
                derived: { from: orders, by: customer, columns: { order_count: "Count()" } }
            """);

        var error = Assert.Single(diagnostics, d => d.IsError);
        Assert.Equal(DiagnosticCatalog.ColumnMissing.Id, error.Id);
        Assert.Contains("customer_id", error.Suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TimeColumnThatIsACount_IsATypeMismatch()
    {
        var diagnostics = Validate("""
            client: c
            datasets:
              orders: { path: orders.csv, time: ordered_at }
              customers:
                derived: { from: orders, by: customer_id, columns: { order_count: "Count()" } }
                time: order_count
            """);

        var error = Assert.Single(diagnostics, d => d.IsError);
        Assert.Equal(DiagnosticCatalog.TypeMismatch.Id, error.Id);
        Assert.Contains("'order_count' is a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NameOutsideAggregateThatIsNoParameter_IsAnUnknownName()
    {
        var diagnostics = Validate("""
            client: c
            parameters: { margin: 0.4 }
            datasets:
              orders: { path: orders.csv, time: ordered_at }
              customers:
                derived: { from: orders, by: customer_id, columns: { profit: "Sum([total]) * [margin]", odd: "Sum([total]) * [revenue]" } }
            """);

        var error = Assert.Single(diagnostics, d => d.IsError);
        Assert.Equal(DiagnosticCatalog.UnknownName.Id, error.Id);
        Assert.Contains("column 'odd' of dataset 'customers' uses [revenue]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_DerivedColumnWithParameter_UsesItsValue()
    {
        using var folder = new ClientFolder();
        var result = new KpiEvaluator().Run(Write(folder, """
            client: c
            parameters: { margin: 0.5 }
            datasets:
              orders: { path: orders.csv, time: ordered_at }
              customers:
                derived: { from: orders, by: customer_id, columns: { profit: "SumIf([total], [status] != 'cancelled') * [margin]" } }
            inputs:
              big_customers: { dataset: customers, formula: "CountIf([profit] > 40)" }
            kpis:
              - { id: big, unit: count, direction: higher, formula: "[big_customers]" }
            """), new EvaluationOptions { Grain = KpiEngine.Time.Grain.Year });

        // Profits: C1 75, C2 0, C3 35; customers has no time column, so every year sees all three.
        Assert.Equal(1, Value(result, "big", "2026"));
    }
}
