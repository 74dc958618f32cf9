namespace KpiEngine.Core.Tests.Catalog;

/// <summary>The marketing.yaml KPIs added or renamed for the offer-type guidance, on published worked examples.</summary>
public sealed class MarketingCatalogTests
{
    [Fact]
    public void CpaAndCac_SameSpend_DivideByLeadsAndByCustomers()
    {
        // myadmetrics.com, "CAC vs CPA", worked example: spend $4,000, 200 leads, 40 new customers:
        // CPA for leads = 4,000 / 200 = $20; CAC = 4,000 / 40 = $100.
        var results = ShippedCatalog.Evaluate(
            ["marketing.yaml"],
            "month,spend,leads,customers\n2026-01-15,4000,200,40\n",
            [("marketing_spend", "Sum([spend])"), ("acquisitions", "Sum([leads])"), ("new_customers", "Sum([customers])")],
            ["cpa", "cac"]);

        Assert.Equal(20, results.Value("cpa"), 10);
        Assert.Equal(100, results.Value("cac"), 10);
    }

    [Fact]
    public void RevenuePerClickAndRrpc_AreRevenuePerClickAndItsRatioToCpc()
    {
        // calculatorultra.com, "Revenue Per Click Calculator", example: $5,000 revenue from 1,000 clicks,
        // RPC = $5. The spend of $2,000 is ours (the example has none): CPC = 2,000 / 1,000 = $2, so
        // RRPC = RPC / CPC x 100 = 5 / 2 x 100 = 250.
        var results = ShippedCatalog.Evaluate(
            ["marketing.yaml"],
            "month,revenue,clicks,spend\n2026-01-15,5000,1000,2000\n",
            [("revenue", "Sum([revenue])"), ("clicks", "Sum([clicks])"), ("marketing_spend", "Sum([spend])")],
            ["revenue_per_click", "rrpc"]);

        Assert.Equal(5, results.Value("revenue_per_click"), 10);
        Assert.Equal(250, results.Value("rrpc"), 10);
    }

    [Fact]
    public void MqlAndSqlCounts_AndTheRateBetweenThem()
    {
        // shno.co, "MQL to SQL conversion rate", real-life example: 1,000 MQLs, 250 of them became SQLs:
        // 250 / 1,000 x 100 = 25 %.
        var results = ShippedCatalog.Evaluate(
            ["marketing.yaml"],
            "month,mql,sql\n2026-01-10,600,140\n2026-01-20,400,110\n",
            [("mqls", "Sum([mql])"), ("sqls", "Sum([sql])")],
            ["mql_count", "sql_count", "mql_to_sql_rate"]);

        Assert.Equal(1000, results.Value("mql_count"));
        Assert.Equal(250, results.Value("sql_count"));
        Assert.Equal(25, results.Value("mql_to_sql_rate"), 10);
    }

    [Fact]
    public void EmailClickToOpenBounceAndUnsubscribeRates_UseTheirOwnBases()
    {
        // Click-to-open: Campaign Monitor's definition as quoted by martomation.com: 100 clicks and 150
        // opens give a CTOR of 66 % (100 / 150 x 100 = 66.67). Bounce rate: ringba.com glossary, 1,000
        // emails sent and 20 undeliverable: 20 / 1,000 x 100 = 2 %. Unsubscribe rate = unsubscribes /
        // delivered x 100 (Campaign Monitor's formula); the 5 unsubscribes are ours: 5 / 980 x 100.
        var results = ShippedCatalog.Evaluate(
            ["marketing.yaml"],
            "month,sent,bounced,delivered,opens,clicks,unsubscribes\n2026-01-15,1000,20,980,150,100,5\n",
            [
                ("emails_sent", "Sum([sent])"), ("emails_bounced", "Sum([bounced])"), ("emails_delivered", "Sum([delivered])"),
                ("emails_opened", "Sum([opens])"), ("email_clicks", "Sum([clicks])"), ("email_unsubscribes", "Sum([unsubscribes])"),
            ],
            ["email_click_to_open_rate", "email_bounce_rate", "email_unsubscribe_rate"]);

        Assert.Equal(100.0 / 150 * 100, results.Value("email_click_to_open_rate"), 10);
        Assert.Equal(2, results.Value("email_bounce_rate"), 10);
        Assert.Equal(5.0 / 980 * 100, results.Value("email_unsubscribe_rate"), 10);
    }

    [Fact]
    public void MarketingRoi_IsOnGrossProfit_CampaignRoiOnRevenue()
    {
        // kameir.com, "Return On Marketing": a $10,000 direct mail piece brings $50,000 of incremental
        // revenue at a 60 % contribution margin: margin $30,000 - $10,000 spend = $20,000, $2 per dollar
        // spent, so ROMI = 200 %. The ROI on revenue of the same campaign is (50,000 - 10,000) / 10,000 = 400 %.
        var results = ShippedCatalog.Evaluate(
            ["marketing.yaml", "premium.yaml"],
            "month,revenue,spend\n2026-01-15,50000,10000\n",
            [("revenue", "Sum([revenue])"), ("marketing_spend", "Sum([spend])")],
            ["marketing_roi", "campaign_roi"],
            parameters: "{ gross_margin: 0.6 }");

        Assert.Equal(200, results.Value("marketing_roi"), 10);
        Assert.Equal(400, results.Value("campaign_roi"), 10);
    }
}
