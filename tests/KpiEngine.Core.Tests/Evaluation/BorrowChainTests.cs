using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;

namespace KpiEngine.Core.Tests.Evaluation;

/// <summary>
/// A chain of borrows: refunds borrow from payments, which borrow from orders. Worked by hand:
///   orders O1 web, O2 shop, O3 web; payments P1 (O1), P2 (O2), P3 (O3);
///   refunds R1 of P1 2026-01-10 20, R2 of P3 2026-02-10 5, R3 of P2 2026-02-15 50.
/// A refund's channel is its payment's order's channel: R1 web, R2 web, R3 shop.
/// Refunded by channel: January web 20; February web 5, shop 50 (total 55).
/// </summary>
public sealed class BorrowChainTests
{
    private const string Client = """
        client: c
        datasets:
          orders: { path: orders.csv, time: ordered_at }
          payments:
            path: payments.csv
            time: paid_at
            borrow: { from: orders, key: order_id, columns: [channel] }
          refunds:
            path: refunds.csv
            time: refunded_at
            borrow: { from: payments, key: payment_id, columns: [channel] }
        inputs:
          refunded: { dataset: refunds, formula: "Sum([amount])" }
        """;

    private static ClientResult Run(string yaml, params string[] dimensions)
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", "order_id,ordered_at,channel\nO1,2026-01-05,web\nO2,2026-01-20,shop\nO3,2026-02-03,web\n");
        folder.Write("payments.csv", "payment_id,order_id,paid_at,amount\nP1,O1,2026-01-06,100\nP2,O2,2026-01-21,50\nP3,O3,2026-02-04,30\n");
        folder.Write("refunds.csv", "refund_id,payment_id,refunded_at,amount\nR1,P1,2026-01-10,20\nR2,P3,2026-02-10,5\nR3,P2,2026-02-15,50\n");
        return new KpiEvaluator().Run(folder.Write("client.yaml", yaml), new EvaluationOptions { IncludeInputs = true, Dimensions = dimensions });
    }

    private static double? Value(ClientResult result, string period, string? channel) =>
        result.Results.Single(r => r.Kpi == "refunded" && r.Period == period
            && (channel is null ? r.Dimensions.Count == 0 : r.Dimensions.Count == 1 && r.Dimensions[0].Value == channel)).Value;

    [Fact]
    public void Run_BorrowOfABorrowedColumn_FollowsTheChain()
    {
        var result = Run(Client, "channel");

        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
        Assert.Equal(20, Value(result, "2026-01", "web"));
        Assert.Equal(0, Value(result, "2026-01", "shop"));
        Assert.Equal(5, Value(result, "2026-02", "web"));
        Assert.Equal(50, Value(result, "2026-02", "shop"));
        Assert.Equal(55, Value(result, "2026-02", null));
    }

    [Fact]
    public void Validate_ChainThatClosesOnItself_IsACycle()
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", "order_id,ordered_at,channel,payment_id\nO1,2026-01-05,web,P1\n");
        folder.Write("payments.csv", "payment_id,order_id,paid_at,amount\nP1,O1,2026-01-06,100\n");
        folder.Write("refunds.csv", "refund_id,payment_id,refunded_at,amount\nR1,P1,2026-01-10,20\n");
        var cyclic = Client.Replace("orders: { path: orders.csv, time: ordered_at }",
            "orders: { path: orders.csv, time: ordered_at, borrow: { from: refunds, key: payment_id, columns: [amount] } }", StringComparison.Ordinal);

        var diagnostics = new KpiEvaluator().Validate(folder.Write("client.yaml", cyclic));

        var cycle = Assert.Single(diagnostics, d => d.Id == DiagnosticCatalog.BadBorrow.Id);
        Assert.Contains("orders -> refunds -> payments -> orders", cycle.Message, StringComparison.Ordinal);
    }
}
