namespace KpiEngine.Cli.Tests;

/// <summary>
/// The demo client's customer KPIs over samples/online-shop, computed with a short Python script
/// over orders.csv and marketing.csv (not in the repository): customers = distinct customer_id
/// (546), first order = the earliest ordered_at, counted in that month.
///   month    new  repeat  orders  orders in first-order month  spend
///   2026-01  119  106     153     153                          5236.28
///   2026-02  107   84     173     127                          4722.97
///   2026-06   70    5     193      75                          5010.57
/// repeat_customer_rate = repeat / new * 100; new_customer_order_share = first-month orders / orders * 100;
/// cac = spend / new.
/// </summary>
public sealed class DerivedDatasetEndToEndTests
{
    [Fact]
    public void Run_DemoClient_CustomerKpisFromTheDerivedCustomersDataset()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "run", "kpi-definitions/clients/online-shop.yaml", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var values = Values(run.Output);
        Assert.Equal(106.0 / 119 * 100, values[("repeat_customer_rate", "2026-01")], 9);
        Assert.Equal(84.0 / 107 * 100, values[("repeat_customer_rate", "2026-02")], 9);
        Assert.Equal(5.0 / 70 * 100, values[("repeat_customer_rate", "2026-06")], 9);
        Assert.Equal(100, values[("new_customer_order_share", "2026-01")], 9);
        Assert.Equal(127.0 / 173 * 100, values[("new_customer_order_share", "2026-02")], 9);
        Assert.Equal(75.0 / 193 * 100, values[("new_customer_order_share", "2026-06")], 9);
        Assert.Equal(5236.28 / 119, values[("cac", "2026-01")], 9);
        Assert.Equal(5010.57 / 70, values[("cac", "2026-06")], 9);
    }

    [Fact]
    public void Run_DemoClientByChannel_CustomerKpisAreUndefinedPerChannelButHaveTotals()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "run", "kpi-definitions/clients/online-shop.yaml", "--by", "channel", "--format", "csv", "--to", "2026-01");

        // customers has no channel column (KPI3011 names it); customer_orders is orders.csv, which has one.
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Dataset 'customers' has no column 'channel'", run.Error, StringComparison.Ordinal);
        // The demo has a cohort KPI, so every row has cohort and age cells after channel (empty outside cohort KPIs).
        Assert.Contains("online-shop,repeat_customer_rate,2026-01,,,,89.0756302521009,,percent", run.Output, StringComparison.Ordinal);
        Assert.Contains("online-shop,repeat_customer_rate,2026-01,email,,,,dataset 'customers' has no column 'channel',percent", run.Output, StringComparison.Ordinal);
        Assert.Contains("online-shop,new_customer_order_share,2026-01,email,,,100,,percent", run.Output, StringComparison.Ordinal);
    }

    private static Dictionary<(string Kpi, string Period), double> Values(string json) =>
        ResultJson.Read(json).ToDictionary(p => p.Key, p => p.Value.Value ?? double.NaN);
}
