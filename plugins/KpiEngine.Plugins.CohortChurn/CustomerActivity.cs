namespace KpiEngine.Plugins.CohortChurn;

/// <summary>
/// Which customers were active in which period and their revenue there, built from event rows.
/// A customer is active in a period when it has at least one row in it; its cohort is the
/// period of its first row.
/// </summary>
internal sealed class CustomerActivity
{
    private readonly Dictionary<int, Dictionary<string, double>> _byPeriod = [];
    private readonly Dictionary<string, int> _firstPeriod = new(StringComparer.Ordinal);

    /// <summary>The last period with any row: cohort offsets after it are not observed yet.</summary>
    public int LastPeriod { get; private set; } = int.MinValue;

    public void Add(string customer, int period, double revenue)
    {
        if (!_byPeriod.TryGetValue(period, out var customers))
        {
            customers = new Dictionary<string, double>(StringComparer.Ordinal);
            _byPeriod.Add(period, customers);
        }

        customers[customer] = customers.GetValueOrDefault(customer) + (double.IsNaN(revenue) ? 0 : revenue);
        _firstPeriod[customer] = _firstPeriod.TryGetValue(customer, out var first) ? Math.Min(first, period) : period;
        LastPeriod = Math.Max(LastPeriod, period);
    }

    /// <summary>The customers active in a period, with their revenue there.</summary>
    public IReadOnlyDictionary<string, double> Active(int period) =>
        _byPeriod.TryGetValue(period, out var customers) ? customers : EmptyCustomers;

    /// <summary>The customers whose first period is <paramref name="period"/>.</summary>
    public IEnumerable<string> Cohort(int period) => _firstPeriod.Where(c => c.Value == period).Select(c => c.Key);

    /// <summary>The cohorts (first periods) up to and including <paramref name="period"/>.</summary>
    public IEnumerable<int> CohortsUpTo(int period) => _firstPeriod.Values.Where(p => p <= period).Distinct();

    /// <summary>A customer's revenue in a period (0 when inactive).</summary>
    public double Revenue(string customer, int period) => Active(period).GetValueOrDefault(customer);

    private static readonly Dictionary<string, double> EmptyCustomers = new(StringComparer.Ordinal);
}
