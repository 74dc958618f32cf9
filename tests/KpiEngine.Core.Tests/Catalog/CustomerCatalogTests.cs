namespace KpiEngine.Core.Tests.Catalog;

/// <summary>The customer.yaml and subscription.yaml KPIs added for the offer-type guidance, on published worked examples.</summary>
public sealed class CustomerCatalogTests
{
    [Fact]
    public void NpsShares_AddUpTo100_AndNpsIsPromotersMinusDetractors()
    {
        // theprimecalculator.com, "How to Calculate Net Promoter Score", worked example: of 100 responses
        // 60 promoters, 25 passives, 15 detractors: promoters 60 %, detractors 15 %, NPS = 60 - 15 = 45.
        var results = ShippedCatalog.Evaluate(
            ["customer.yaml"],
            "month,score_band\n" + string.Concat(Enumerable.Repeat("2026-01-15,promoter\n", 60))
                + string.Concat(Enumerable.Repeat("2026-01-15,passive\n", 25))
                + string.Concat(Enumerable.Repeat("2026-01-15,detractor\n", 15)),
            [
                ("promoters", "CountIf([score_band] == 'promoter')"), ("detractors", "CountIf([score_band] == 'detractor')"),
                ("nps_respondents", "Count()"),
            ],
            ["nps", "nps_promoter_share", "nps_detractor_share", "nps_passive_share"]);

        Assert.Equal(45, results.Value("nps"), 10);
        Assert.Equal(60, results.Value("nps_promoter_share"), 10);
        Assert.Equal(15, results.Value("nps_detractor_share"), 10);
        Assert.Equal(25, results.Value("nps_passive_share"), 10);
    }

    [Fact]
    public void ClvRevenue_IsArpuOverChurn_BesideTheMarginBasedClv()
    {
        // abracalc.com, "Customer LTV: $100 ARPA, 80% Margin, 5% Churn": LTV = 100 x 0.8 / 0.05 = $1,600;
        // with 100 % margin ("a revenue-based LTV") it is 100 / 0.05 = $2,000. Here 100 customers at the
        // end of December, 5 lost and 5 won in January (churn 5 / 100 = 5 %), revenue 10,000 for the 100
        // customers at the end of January (ARPU 100).
        var results = ShippedCatalog.Evaluate(
            ["customer.yaml"],
            "month,customers,lost,revenue\n2025-12-31,100,0,10000\n2026-01-31,100,5,10000\n",
            [("active_customers", "Last([customers])"), ("lost_customers", "Sum([lost])"), ("revenue", "Sum([revenue])")],
            ["clv_revenue", "clv"],
            parameters: "{ gross_margin: 0.8 }");

        Assert.Equal(2000, results.Value("clv_revenue"), 9);
        Assert.Equal(1600, results.Value("clv"), 9);
    }

    [Fact]
    public void SubscriptionLtvRevenue_IsArpaOverTheAveragedChurn_BesideTheMarginBasedLtv()
    {
        // The same abracalc.com example for a subscription: ARPA 100 (MRR 10,000 over 100 customers),
        // logo churn 5 % in each of the three months the average covers: 100 / 0.05 = $2,000 without
        // margin, 100 x 0.8 / 0.05 = $1,600 with it.
        var results = ShippedCatalog.Evaluate(
            ["subscription.yaml"],
            "month,customers,lost,mrr\n2025-10-31,100,0,10000\n2025-11-30,100,5,10000\n2025-12-31,100,5,10000\n2026-01-31,100,5,10000\n",
            [("active_customers", "Last([customers])"), ("lost_customers", "Sum([lost])"), ("mrr_closing", "Last([mrr])")],
            ["subscription_ltv_revenue", "subscription_ltv"],
            parameters: "{ gross_margin: 0.8 }");

        Assert.Equal(2000, results.Value("subscription_ltv_revenue"), 9);
        Assert.Equal(1600, results.Value("subscription_ltv"), 9);
    }
}
