namespace KpiEngine.Bench.Reference;

/// <summary>A KPI of the benchmark set, hand-coded: same id, unit and arithmetic order as bench/kpis/bench-client.yaml.</summary>
internal sealed record ReferenceKpi(string Id, string Unit, Func<MonthFigures, MonthFigures?, double?> Compute);

/// <summary>
/// The benchmark KPI set written out in C#. Each formula keeps the YAML's order of operations
/// (<c>a / b * 100</c> is <c>(a / b) * 100</c>), so both sides round the same way. A null result
/// means "no previous month".
/// </summary>
internal static class ReferenceKpis
{
    public static readonly ReferenceKpi[] All =
    [
        new("conversion_rate", "percent", (m, _) => m.Orders / m.Visits * 100),
        new("aov", "currency", (m, _) => m.Revenue / m.Orders),
        new("bounce_rate", "percent", (m, _) => m.BouncedSessions / m.Visits * 100),
        new("add_to_cart_rate", "percent", (m, _) => m.Carts / m.Visits * 100),
        new("cart_abandonment_rate", "percent", (m, _) => (m.Carts - m.Orders) / m.Carts * 100),
        new("return_rate", "percent", (m, _) => m.Returns / m.Orders * 100),
        new("gross_margin", "percent", (m, _) => (m.Revenue - m.Cogs) / m.Revenue * 100),
        new("gross_profit_per_order", "currency", (m, _) => (m.Revenue - m.Cogs) / m.Orders),
        new("cac", "currency", (m, _) => m.MarketingSpend / m.NewCustomers),
        new("roas", "ratio", (m, _) => m.Revenue / m.MarketingSpend),
        new("marketing_cost_ratio", "percent", (m, _) => m.MarketingSpend / m.Revenue * 100),
        new("ctr", "percent", (m, _) => m.Clicks / m.Impressions * 100),
        new("cpc", "currency", (m, _) => m.MarketingSpend / m.Clicks),
        new("cpm", "currency", (m, _) => m.MarketingSpend / m.Impressions * 1000),
        new("click_to_lead_rate", "percent", (m, _) => m.Leads / m.Clicks * 100),
        new("cost_per_lead", "currency", (m, _) => m.MarketingSpend / m.Leads),
        new("lead_qualification_rate", "percent", (m, _) => m.QualifiedLeads / m.Leads * 100),
        new("close_rate", "percent", (m, _) => m.DealsWon / m.QualifiedLeads * 100),
        new("churn_rate", "percent", (m, _) => (m.CustomersStart + m.NewCustomers - m.CustomersEnd) / m.CustomersStart * 100),
        new("net_customer_growth", "percent", (m, _) => (m.CustomersEnd - m.CustomersStart) / m.CustomersStart * 100),
        new("revenue_per_visit", "currency", (m, _) => m.Revenue / m.Visits),
        new("new_customer_share", "percent", (m, _) => m.NewCustomers / m.Orders * 100),
        new("revenue_growth_mom", "percent", (m, p) => p is { } prev ? (m.Revenue - prev.Revenue) / prev.Revenue * 100 : null),
    ];
}
