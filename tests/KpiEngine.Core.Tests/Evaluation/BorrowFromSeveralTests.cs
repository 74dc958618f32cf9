using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;

namespace KpiEngine.Core.Tests.Evaluation;

/// <summary>
/// <c>borrow:</c> as a list: orders borrow region from customers and margin from products; order lines
/// borrow customer_id and the date from orders, then region from customers by that borrowed key.
/// Worked by hand:
///   customers C1 north, C2 south, C3 north (no C9); products P1 0.5, P2 0.25, P3 0.125 (no P9).
///   O1 2026-01-05 C1 P1 100: north, profit 100 * 0.5   = 50
///   O2 2026-01-10 C2 P2 200: south, profit 200 * 0.25  = 50
///   O3 2026-01-20 C3 P3  80: north, profit  80 * 0.125 = 10
///   O4 2026-02-02 C1 P2  40: north, profit  40 * 0.25  = 10
///   O5 2026-02-14 C9 P1  60: region missing (C9 unknown), profit 60 * 0.5 = 30
///   O6 2026-02-20 C2 P9 100: south, margin missing (P9 unknown): no profit, a row of Sum skipped
///   January:  revenue 380 (north 180, south 200); profit 110 (north 60, south 50).
///   February: revenue 200 (north 40, south 100, missing 60); profit 40 (north 10, south 0 (O6 skipped), missing 30).
///   Lines: L1 O1 30 and L2 O1 70 (C1 north), L3 O2 200 (C2 south), L4 O5 60 (C9: region missing):
///   January north 100, south 200; February missing 60.
/// </summary>
public sealed class BorrowFromSeveralTests
{
    private const string Client = """
        client: c
        datasets:
          customers: { path: customers.csv, time: none }
          products: { path: products.csv, time: none }
          orders:
            path: orders.csv
            time: ordered_at
            borrow:
              - { from: customers, key: customer_id, columns: [region] }
              - { from: products, key: sku, columns: [margin] }
          lines:
            path: lines.csv
            time: ordered_at
            borrow:
              - { from: orders, key: order_id, columns: [customer_id, ordered_at] }
              - { from: customers, key: customer_id, columns: [region] }
        inputs:
          revenue: { dataset: orders, formula: "Sum([total])" }
          profit: { dataset: orders, formula: "Sum([total] * [margin])" }
          north_revenue: { dataset: orders, formula: "SumIf([total], [region] == 'north')" }
          line_amount: { dataset: lines, formula: "Sum([amount])" }
        """;

    private static ClientFolder Folder(string yaml)
    {
        var folder = new ClientFolder();
        folder.Write("customers.csv", "customer_id,region\nC1,north\nC2,south\nC3,north\n");
        folder.Write("products.csv", "sku,margin\nP1,0.5\nP2,0.25\nP3,0.125\n");
        folder.Write("orders.csv", """
            order_id,ordered_at,customer_id,sku,total
            O1,2026-01-05,C1,P1,100
            O2,2026-01-10,C2,P2,200
            O3,2026-01-20,C3,P3,80
            O4,2026-02-02,C1,P2,40
            O5,2026-02-14,C9,P1,60
            O6,2026-02-20,C2,P9,100

            """);
        folder.Write("lines.csv", "line_id,order_id,amount\nL1,O1,30\nL2,O1,70\nL3,O2,200\nL4,O5,60\n");
        folder.Write("client.yaml", yaml);
        return folder;
    }

    private static ClientResult Run(params string[] dimensions)
    {
        using var folder = Folder(Client);
        return new KpiEvaluator().Run(Path.Combine(folder.Path, "client.yaml"), new EvaluationOptions { IncludeInputs = true, Dimensions = dimensions });
    }

    private static IReadOnlyList<Diagnostic> Validate(string yaml)
    {
        using var folder = Folder(yaml);
        return new KpiEvaluator().Validate(Path.Combine(folder.Path, "client.yaml"));
    }

    private static double? Value(ClientResult result, string input, string period, string? region = null) =>
        result.Results.Single(r => r.Kpi == input && r.Period == period
            && (region is null ? r.Dimensions.Count == 0 : r.Dimensions.Count == 1 && (r.Dimensions[0].Value ?? "(missing)") == region)).Value;

    [Fact]
    public void Run_TwoLenders_EachRowGetsTheColumnsOfBoth()
    {
        var result = Run();

        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
        Assert.Equal(380, Value(result, "revenue", "2026-01"));
        Assert.Equal(110, Value(result, "profit", "2026-01"));
        Assert.Equal(180, Value(result, "north_revenue", "2026-01"));
        Assert.Equal(200, Value(result, "revenue", "2026-02"));
        Assert.Equal(40, Value(result, "profit", "2026-02"));
        Assert.Equal(40, Value(result, "north_revenue", "2026-02"));
    }

    [Fact]
    public void Run_TwoLendersByRegion_SplitsByTheColumnOfOneAndSumsTheOther()
    {
        var result = Run("region");

        Assert.Equal(60, Value(result, "profit", "2026-01", "north"));
        Assert.Equal(50, Value(result, "profit", "2026-01", "south"));
        Assert.Equal(10, Value(result, "profit", "2026-02", "north"));
        Assert.Equal(0, Value(result, "profit", "2026-02", "south"));
        Assert.Equal(30, Value(result, "profit", "2026-02", "(missing)"));
        Assert.Equal(40, Value(result, "profit", "2026-02"));
    }

    [Fact]
    public void Run_KeyMissingInOneLender_LeavesOnlyThatLendersColumnsMissingWithOneWarningEach()
    {
        var result = Run();

        var warnings = result.Diagnostics.Where(d => d.Id == DiagnosticCatalog.BorrowKeyNotFound.Id && d.Message.StartsWith("Dataset 'orders'", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Message.Contains("from 'customers': 1 rows have a 'customer_id' that 'customers' does not have (first: 'C9')", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Message.Contains("from 'products': 1 rows have a 'sku' that 'products' does not have (first: 'P9')", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_LaterLenderKeyedByAColumnAnEarlierOneLent_FollowsBoth()
    {
        var result = Run("region");

        Assert.Equal(100, Value(result, "line_amount", "2026-01", "north"));
        Assert.Equal(200, Value(result, "line_amount", "2026-01", "south"));
        Assert.Equal(60, Value(result, "line_amount", "2026-02", "(missing)"));
        Assert.Equal(300, Value(result, "line_amount", "2026-01"));
    }

    [Fact]
    public void Validate_SameColumnFromTwoLenders_IsAnErrorNamingBothAtTheSecond()
    {
        var yaml = Client.Replace("- { from: products, key: sku, columns: [margin] }", "- { from: products, key: sku, columns: [margin, region] }", StringComparison.Ordinal);

        var diagnostics = Validate(yaml);

        var error = Assert.Single(diagnostics, d => d.IsError);
        Assert.Equal(DiagnosticCatalog.BorrowedTwice.Id, error.Id);
        Assert.Equal("Dataset 'orders' borrows column 'region' from 'customers' (line 9) and from 'products' (line 10); one column cannot hold both, so 'customers' lends it.", error.Message);
        Assert.Equal((10, 9), (error.Span!.Value.Line, error.Span.Value.Column));
        Assert.Contains("Leave 'region' out of the columns of 'products' or of 'customers'", error.Suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeyThatOnlyALaterLenderLends_IsOneErrorAtTheEarlierLender()
    {
        var yaml = Client.Replace("""
                  - { from: orders, key: order_id, columns: [customer_id, ordered_at] }
                  - { from: customers, key: customer_id, columns: [region] }
            """, """
                  - { from: customers, key: customer_id, columns: [region] }
                  - { from: orders, key: order_id, columns: [customer_id, ordered_at] }
            """, StringComparison.Ordinal);

        var diagnostics = Validate(yaml);

        var error = Assert.Single(diagnostics, d => d.IsError);
        Assert.Equal(DiagnosticCatalog.BorrowKeyLentLater.Id, error.Id);
        Assert.StartsWith("Dataset 'lines' borrows from 'customers' by key 'customer_id', which 'orders' lends later in the list (line 16)", error.Message, StringComparison.Ordinal);
        Assert.Equal((15, 9), (error.Span!.Value.Line, error.Span.Value.Column));
        Assert.Contains("List 'orders' before 'customers'", error.Suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyBorrowList_IsAnError()
    {
        var diagnostics = Validate(Client.Replace("time: none }\n  products", "time: none, borrow: [] }\n  products", StringComparison.Ordinal));

        var error = Assert.Single(diagnostics, d => d.IsError);
        Assert.Equal(DiagnosticCatalog.EmptyBorrowList.Id, error.Id);
        Assert.Equal("The borrow of dataset 'customers' is an empty list: it names no dataset to borrow from.", error.Message);
        Assert.Equal(3, error.Span!.Value.Line);
    }

    [Fact]
    public void Validate_CycleThroughTheSecondLender_IsACycleAtThatLender()
    {
        var diagnostics = Validate("""
            client: c
            datasets:
              orders:
                path: orders.csv
                time: ordered_at
                borrow:
                  - { from: customers, key: customer_id, columns: [region] }
                  - { from: products, key: sku, columns: [margin] }
              customers: { path: customers.csv, time: none }
              products: { path: products.csv, time: none, borrow: { from: orders, key: sku, columns: [total] } }
            inputs:
              revenue: { dataset: orders, formula: "Sum([total])" }
            """);

        var cycle = Assert.Single(diagnostics, d => d.Id == DiagnosticCatalog.BadBorrow.Id);
        Assert.Contains("orders -> products -> orders", cycle.Message, StringComparison.Ordinal);
        Assert.Equal((8, 9), (cycle.Span!.Value.Line, cycle.Span.Value.Column));
    }
}
