using KpiEngine.Bench.Generation;

namespace KpiEngine.Bench.Reference;

/// <summary>
/// One month's summed inputs (of one client, or of all) as the engine sees them. The sixteen
/// measures start at <paramref name="at"/> in <paramref name="sums"/>.
/// </summary>
internal readonly struct MonthFigures(double[] sums, int at)
{
    public double Visits => sums[at];
    public double BouncedSessions => sums[at + 1];
    public double Carts => sums[at + 2];
    public double Orders => sums[at + 3];
    public double Revenue => Money(ExportLayout.Revenue);
    public double Cogs => Money(ExportLayout.Cogs);
    public double MarketingSpend => Money(ExportLayout.MarketingSpend);
    public double NewCustomers => sums[at + 7];
    public double CustomersStart => sums[at + 8];
    public double CustomersEnd => sums[at + 9];
    public double Returns => sums[at + 10];
    public double Impressions => sums[at + 11];
    public double Clicks => sums[at + 12];
    public double Leads => sums[at + 13];
    public double QualifiedLeads => sums[at + 14];
    public double DealsWon => sums[at + 15];

    private double Money(int measure) => sums[at + measure];
}
