namespace KpiEngine.Core.Tests.Catalog;

/// <summary>The premium.yaml KPIs added or renamed for the offer-type guidance, on published worked examples.</summary>
public sealed class PremiumCatalogTests
{
    [Fact]
    public void CostPerDealWon_AndItsOldId_AreSpendPerDealWon()
    {
        // myadmetrics.com, "CAC vs CPA", worked example: spend $4,000 and 40 new customers give a CAC of
        // 4,000 / 40 = $100; in the premium funnel a new customer is a deal won. The old id
        // cost_per_acquisition still gives the same number.
        var results = ShippedCatalog.Evaluate(
            ["premium.yaml"],
            "month,spend,deals\n2026-01-15,4000,40\n",
            [("marketing_spend", "Sum([spend])"), ("deals_won", "Sum([deals])")],
            ["cost_per_deal_won", "cost_per_acquisition"]);

        Assert.Equal(100, results.Value("cost_per_deal_won"), 10);
        Assert.Equal(100, results.Value("cost_per_acquisition"), 10);
    }

    [Fact]
    public void QualifiedLeadCount_IsTheCountBehindTheRate()
    {
        // shno.co's MQL-to-SQL example read as qualification: 1,000 leads of which 250 qualified, so the
        // count is 250 and the qualified lead rate 250 / 1,000 x 100 = 25 %.
        var results = ShippedCatalog.Evaluate(
            ["premium.yaml"],
            "month,leads,qualified\n2026-01-15,1000,250\n",
            [("leads", "Sum([leads])"), ("qualified_leads", "Sum([qualified])")],
            ["qualified_lead_count", "qualified_lead_rate"]);

        Assert.Equal(250, results.Value("qualified_lead_count"));
        Assert.Equal(25, results.Value("qualified_lead_rate"), 10);
    }
}
