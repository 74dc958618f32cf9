namespace KpiEngine.Abstractions;

/// <summary>
/// An optional part of <see cref="IPluginMetric"/> (contract 1.2): a metric that implements it gives some of its outputs per
/// cohort and age instead of per period, with <see cref="MetricResult.SetCohort"/>. A KPI naming such an output is reported
/// as a cohort triangle, like a formula KPI with a <c>cohort:</c> block: a row per cohort, a column per age from 0. The
/// metric decides who is in which cohort (the cohort churn plugin: a customer's first active period). A metric that does
/// not implement it has only per-period outputs, as in contracts 1.0 and 1.1.
/// </summary>
public interface IReportsCohorts
{
    /// <summary>The outputs (among <see cref="IPluginMetric.Outputs"/>) whose values are cohort cells; the others stay per period.</summary>
    IReadOnlyList<string> CohortOutputs { get; }
}
