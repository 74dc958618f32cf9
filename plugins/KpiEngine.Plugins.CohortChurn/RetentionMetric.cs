using System.Globalization;
using KpiEngine.Abstractions;

namespace KpiEngine.Plugins.CohortChurn;

/// <summary>
/// Period-over-period logo and revenue churn, gross and net revenue retention, and cohort
/// retention at a period offset (per cohort, and pooled over cohorts weighted by their size), and
/// the retention triangle: each cohort's retention at every age (contract 1.2 cohort outputs).
/// Exact definitions: docs/plugins.md.
/// </summary>
internal sealed class RetentionMetric : IPluginMetric, IDeclaresParameters, IReportsCohorts
{
    public string Name => "retention";

    public string Description =>
        "Logo and revenue churn, gross/net revenue retention per period, and cohort retention at an offset (cohort = first active period).";

    public IReadOnlyList<MetricColumnRequest> Columns { get; } =
    [
        new("customer", MetricColumnKind.Text, true, "customer or subscription id; one or more rows per active period"),
        new("amount", MetricColumnKind.Number, false, "revenue or MRR of the row, for revenue churn and retention"),
    ];

    public IReadOnlyList<string> Outputs { get; } =
    [
        "logo_churn", "logo_retention", "revenue_churn", "gross_revenue_retention", "net_revenue_retention",
        "active_customers", "new_customers", "cohort_retention", "cohort_revenue_retention", "pooled_retention",
        "retention_by_age", "revenue_retention_by_age",
    ];

    public IReadOnlyList<string> CohortOutputs { get; } = ["retention_by_age", "revenue_retention_by_age"];

    public IReadOnlyList<MetricParameter> Parameters { get; } =
    [
        new("offset", "number of periods after a cohort's first period at which its retention is measured (default 1)") { Minimum = 1, WholeNumber = true },
    ];

    public MetricResult Compute(MetricInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var offset = (int)input.GetNumber("offset", 1);
        if (offset < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Parameter 'offset' must be 1 or more, not {offset}."));
        }

        var customers = input.FindColumn("customer")!.Texts;
        var amounts = input.FindColumn("amount")?.Numbers;
        var result = new MetricResult();
        var groups = new Dictionary<string, CustomerActivity>(StringComparer.Ordinal);
        var all = new CustomerActivity();
        for (var row = 0; row < input.RowCount; row++)
        {
            if (customers[row] is not { Length: > 0 } customer)
            {
                continue;
            }

            var amount = amounts?[row] ?? double.NaN;
            all.Add(customer, input.RowPeriods[row], amount);
            if (input.RowDimensions?[row] is { } dimension)
            {
                if (!groups.TryGetValue(dimension, out var group))
                {
                    group = new CustomerActivity();
                    groups.Add(dimension, group);
                }

                group.Add(customer, input.RowPeriods[row], amount);
            }
        }

        foreach (var period in input.Periods)
        {
            Report(result, period, null, all, offset, amounts is not null);
            foreach (var (dimension, group) in groups)
            {
                Report(result, period, dimension, group, offset, amounts is not null);
            }
        }

        ReportCohorts(result, input, all, amounts is not null);
        return result;
    }

    /// <summary>
    /// The triangle over all rows: for every cohort from the first to the last (a cohort nobody starts in included) and
    /// every age the data reaches, the share of the cohort's customers active then, and their revenue then over their
    /// revenue in the cohort's own period. Age 0 is the cohort's own period (retention 1).
    /// </summary>
    private static void ReportCohorts(MetricResult result, MetricInput input, CustomerActivity activity, bool hasRevenue)
    {
        var firsts = activity.CohortsUpTo(activity.LastPeriod).ToList();
        if (firsts.Count == 0)
        {
            return;
        }

        var labels = input.Periods.ToDictionary(p => p.Ordinal, p => p.Label);
        for (var cohort = firsts.Min(); cohort <= firsts.Max(); cohort++)
        {
            var members = activity.Cohort(cohort).ToList();
            var label = labels.GetValueOrDefault(cohort) ?? cohort.ToString(CultureInfo.InvariantCulture);
            var startRevenue = members.Sum(c => activity.Revenue(c, cohort));
            for (var age = 0; cohort + age <= activity.LastPeriod; age++)
            {
                var active = activity.Active(cohort + age);
                result.SetCohort("retention_by_age", cohort, age, Ratio(members.Count(active.ContainsKey), members.Count, $"no new customers in {label}"));
                result.SetCohort("revenue_retention_by_age", cohort, age, hasRevenue
                    ? Ratio(members.Sum(c => active.GetValueOrDefault(c)), startRevenue, $"no first-period revenue in cohort {label}")
                    : MetricValue.Undefined("no amount column"));
            }
        }
    }

    private static void Report(MetricResult result, MetricPeriod period, string? dimension, CustomerActivity activity, int offset, bool hasRevenue)
    {
        var p = period.Ordinal;
        var previous = activity.Active(p - 1);
        var current = activity.Active(p);
        var cohort = activity.Cohort(p).ToList();
        result.Set("active_customers", p, dimension, MetricValue.Of(current.Count));
        result.Set("new_customers", p, dimension, MetricValue.Of(cohort.Count));

        // Period over period: the base is everyone active in the previous period.
        var retained = previous.Keys.Count(current.ContainsKey);
        var logoRetention = Ratio(retained, previous.Count, "no customers in the previous period");
        result.Set("logo_retention", p, dimension, logoRetention);
        result.Set("logo_churn", p, dimension, Complement(logoRetention));

        var noRevenue = hasRevenue ? "no revenue in the previous period" : "no amount column";
        var startRevenue = hasRevenue ? previous.Values.Sum() : 0;
        var keptRevenue = previous.Sum(c => Math.Min(c.Value, current.GetValueOrDefault(c.Key)));
        var endRevenue = previous.Keys.Sum(c => current.GetValueOrDefault(c));
        var grossRetention = Ratio(keptRevenue, startRevenue, noRevenue);
        result.Set("gross_revenue_retention", p, dimension, grossRetention);
        result.Set("revenue_churn", p, dimension, Complement(grossRetention));
        result.Set("net_revenue_retention", p, dimension, Ratio(endRevenue, startRevenue, noRevenue));

        // Cohort of this period, seen `offset` periods later.
        var later = p + offset;
        var notYet = string.Create(CultureInfo.InvariantCulture, $"cohort {period.Label} not observed {offset} period(s) later yet");
        if (later > activity.LastPeriod)
        {
            result.Set("cohort_retention", p, dimension, MetricValue.Undefined(notYet));
            result.Set("cohort_revenue_retention", p, dimension, MetricValue.Undefined(notYet));
        }
        else
        {
            var laterActive = activity.Active(later);
            result.Set("cohort_retention", p, dimension, Ratio(cohort.Count(laterActive.ContainsKey), cohort.Count, $"no new customers in {period.Label}"));
            result.Set("cohort_revenue_retention", p, dimension, Ratio(
                cohort.Sum(c => activity.Revenue(c, later)),
                hasRevenue ? cohort.Sum(c => activity.Revenue(c, p)) : 0,
                hasRevenue ? $"no first-period revenue in cohort {period.Label}" : "no amount column"));
        }

        // Every cohort whose offset period has been reached by p, pooled: Σ retained / Σ cohort sizes,
        // which weights each cohort's retention by its size.
        var pooledRetained = 0;
        var pooledSize = 0;
        foreach (var first in activity.CohortsUpTo(p - offset))
        {
            var members = activity.Cohort(first).ToList();
            pooledSize += members.Count;
            pooledRetained += members.Count(activity.Active(first + offset).ContainsKey);
        }

        result.Set("pooled_retention", p, dimension, Ratio(pooledRetained, pooledSize, $"no cohort has reached {offset} period(s) of age by {period.Label}"));
    }

    private static MetricValue Ratio(double numerator, double denominator, string whenZero) =>
        denominator > 0 ? MetricValue.Of(numerator / denominator) : MetricValue.Undefined(whenZero);

    private static MetricValue Complement(MetricValue retention) =>
        retention.IsDefined ? MetricValue.Of(1 - retention.Number) : retention;
}
