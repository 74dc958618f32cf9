using KpiEngine.Abstractions;
using KpiEngine.Plugins.CohortChurn;
using static KpiEngine.Plugins.Tests.MetricInputBuilder;

namespace KpiEngine.Plugins.Tests.CohortChurn;

/// <summary>
/// Hand-worked example (definitions in docs/plugins.md: logo churn, GRR and NRR as commonly
/// defined for subscription businesses, e.g. by ChartMogul and the SaaS Capital survey).
/// Monthly MRR rows:
/// <code>
///        Jan   Feb   Mar
///   A    100   100   120
///   B     50     -     -
///   C     30    20    20
///   D      -    40     -
///   E      -    60    60
///   F      -     -    10
/// </code>
/// Active: Jan {A,B,C} 180; Feb {A,C,D,E} 220; Mar {A,C,E,F}. Cohorts: Jan {A,B,C}, Feb {D,E}, Mar {F}.
/// </summary>
public sealed class RetentionMetricTests
{
    private static readonly int Jan = Month(2026, 1);
    private static readonly int Feb = Month(2026, 2);
    private static readonly int Mar = Month(2026, 3);
    private readonly IPluginMetric _metric = RegisteredMetrics.Single(new CohortChurnPlugin());

    private MetricResult Example(string? offset = null)
    {
        var builder = new MetricInputBuilder();
        foreach (var (customer, period, amount) in new[]
        {
            ("A", Jan, 100.0), ("A", Feb, 100.0), ("A", Mar, 120.0),
            ("B", Jan, 50.0),
            ("C", Jan, 30.0), ("C", Feb, 20.0), ("C", Mar, 20.0),
            ("D", Feb, 40.0),
            ("E", Feb, 35.0), ("E", Feb, 25.0), ("E", Mar, 60.0),
            ("F", Mar, 10.0),
        })
        {
            builder.Row(period, null, ("customer", customer), ("amount", amount));
        }

        if (offset is not null)
        {
            builder.Parameter("offset", offset);
        }

        return _metric.Compute(builder.Build(_metric, Jan, Feb, Mar), CancellationToken.None);
    }

    [Fact]
    public void Compute_RetentionByAge_IsTheTriangleOfEveryCohortAtEveryAgeTheDataReaches()
    {
        var result = Example();

        // Cohort Jan {A,B,C}: age 0 all 3; age 1 (Feb) A, C: 2/3; age 2 (Mar) A, C: 2/3.
        // Cohort Feb {D,E}: age 0 1; age 1 (Mar) E: 1/2. Cohort Mar {F}: age 0 only (the data ends in March).
        Assert.Equal([1, 2.0 / 3, 2.0 / 3], Row(result, "retention_by_age", Jan));
        Assert.Equal([1, 0.5], Row(result, "retention_by_age", Feb));
        Assert.Equal([1], Row(result, "retention_by_age", Mar));
        // Revenue: cohort Jan started with 100 + 50 + 30 = 180; Feb A 100 + C 20 = 120 (2/3); Mar A 120 + C 20 = 140 (7/9).
        // Cohort Feb started with D 40 + E 35 + 25 = 100; Mar E 60: 0.6.
        Assert.Equal([1, 120.0 / 180, 140.0 / 180], Row(result, "revenue_retention_by_age", Jan));
        Assert.Equal([1, 0.6], Row(result, "revenue_retention_by_age", Feb));
        Assert.Equal(["retention_by_age", "revenue_retention_by_age"], ((IReportsCohorts)_metric).CohortOutputs);
    }

    /// <summary>A cohort's cells of an output by age, from 0; each must be defined.</summary>
    private static double[] Row(MetricResult result, string output, int cohort) =>
        [.. result.CohortValues.Where(c => c.Key.Output == output && c.Key.Cohort == cohort).OrderBy(c => c.Key.Age).Select(c => c.Value.IsDefined ? c.Value.Number : double.NaN)];

    [Fact]
    public void Compute_LogoChurn_IsCustomersLostOverCustomersActiveThePeriodBefore()
    {
        var result = Example();

        // Feb: of {A,B,C} B is gone: 1/3. Mar: of {A,C,D,E} D is gone: 1/4.
        Assert.Equal(1.0 / 3, result.Number("logo_churn", Feb), 12);
        Assert.Equal(2.0 / 3, result.Number("logo_retention", Feb), 12);
        Assert.Equal(0.25, result.Number("logo_churn", Mar), 12);
        Assert.Equal("no customers in the previous period", result.Reason("logo_churn", Jan));
        Assert.Equal(4, result.Number("active_customers", Mar));
        Assert.Equal(2, result.Number("new_customers", Feb));
    }

    [Fact]
    public void Compute_RevenueRetention_GrossCapsEachCustomerAtItsStartNetCountsExpansion()
    {
        var result = Example();

        // Feb (base Jan 180): kept min(100,100) + min(0,50) + min(20,30) = 120 -> GRR 120/180;
        // NRR 100 + 0 + 20 = 120/180 too (no expansion); revenue churn 60/180.
        Assert.Equal(120.0 / 180, result.Number("gross_revenue_retention", Feb), 12);
        Assert.Equal(120.0 / 180, result.Number("net_revenue_retention", Feb), 12);
        Assert.Equal(60.0 / 180, result.Number("revenue_churn", Feb), 12);

        // Mar (base Feb 220; E's two rows add to 60): GRR (100 + 20 + 0 + 60)/220 = 180/220;
        // NRR counts A's expansion to 120: (120 + 20 + 0 + 60)/220 = 200/220; F (new) is in neither.
        Assert.Equal(180.0 / 220, result.Number("gross_revenue_retention", Mar), 12);
        Assert.Equal(200.0 / 220, result.Number("net_revenue_retention", Mar), 12);
        Assert.Equal(40.0 / 220, result.Number("revenue_churn", Mar), 12);
    }

    [Fact]
    public void Compute_CohortRetention_FollowsEachCohortOffsetPeriodsLater()
    {
        var result = Example();

        // Cohort Jan {A,B,C} in Feb: A, C -> 2/3; revenue 120 of 180. Cohort Feb {D,E} in Mar: E -> 1/2; 60 of 100.
        Assert.Equal(2.0 / 3, result.Number("cohort_retention", Jan), 12);
        Assert.Equal(120.0 / 180, result.Number("cohort_revenue_retention", Jan), 12);
        Assert.Equal(0.5, result.Number("cohort_retention", Feb), 12);
        Assert.Equal(60.0 / 100, result.Number("cohort_revenue_retention", Feb), 12);
        Assert.Equal("cohort 2026-03 not observed 1 period(s) later yet", result.Reason("cohort_retention", Mar));
    }

    [Fact]
    public void Compute_PooledRetention_WeightsCohortsBySize()
    {
        var result = Example();

        // By Mar the Jan (2 of 3) and Feb (1 of 2) cohorts have reached age 1: (2 + 1)/(3 + 2) = 0.6,
        // not the mean of the two rates (0.5833).
        Assert.Equal(0.6, result.Number("pooled_retention", Mar), 12);
        Assert.Equal(2.0 / 3, result.Number("pooled_retention", Feb), 12);
        Assert.Contains("no cohort has reached 1 period(s) of age", result.Reason("pooled_retention", Jan));
    }

    [Fact]
    public void Compute_OffsetTwo_ComparesTwoPeriodsLater()
    {
        var result = Example(offset: "2");

        // Cohort Jan {A,B,C} in Mar: A, C -> 2/3; revenue 140 of 180.
        Assert.Equal(2.0 / 3, result.Number("cohort_retention", Jan), 12);
        Assert.Equal(140.0 / 180, result.Number("cohort_revenue_retention", Jan), 12);
        Assert.Equal(2.0 / 3, result.Number("pooled_retention", Mar), 12);
    }

    [Fact]
    public void Compute_WithoutAmounts_RevenueOutputsAreUndefined()
    {
        var input = new MetricInputBuilder()
            .Row(Jan, null, ("customer", "A"))
            .Row(Feb, null, ("customer", "A"))
            .Build(_metric, Feb);

        var result = _metric.Compute(input, CancellationToken.None);

        Assert.Equal(0, result.Number("logo_churn", Feb));
        Assert.Equal("no amount column", result.Reason("net_revenue_retention", Feb));
    }
}
