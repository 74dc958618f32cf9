using KpiEngine.Bench.Generation;

namespace KpiEngine.Bench.Reference;

/// <summary>One month's summed inputs as the engine sees them: money back in currency units.</summary>
internal readonly struct MonthFigures(long[] sums)
{
    public double Visits => sums[0];
    public double BouncedSessions => sums[1];
    public double Carts => sums[2];
    public double Orders => sums[3];
    public double Revenue => Money(ExportLayout.Revenue);
    public double Cogs => Money(ExportLayout.Cogs);
    public double MarketingSpend => Money(ExportLayout.MarketingSpend);
    public double NewCustomers => sums[7];
    public double CustomersStart => sums[8];
    public double CustomersEnd => sums[9];
    public double Returns => sums[10];
    public double Impressions => sums[11];
    public double Clicks => sums[12];
    public double Leads => sums[13];
    public double QualifiedLeads => sums[14];
    public double DealsWon => sums[15];

    // Cents / 100 is the double nearest to the exact decimal total.
    private double Money(int measure) => sums[measure] / 100.0;
}
