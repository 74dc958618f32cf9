using KpiEngine.Diagnostics;

namespace KpiEngine.Definitions;

/// <summary>What a <see cref="SampleRule"/> counts in a period.</summary>
public enum SampleSource
{
    /// <summary>The value of the name the KPI's formula divides by (<c>min_sample: 30</c>).</summary>
    Denominator,

    /// <summary>The value of a named input or KPI (<c>min_sample: { input: orders, at_least: 30 }</c>).</summary>
    Input,

    /// <summary>The rows of a named dataset in the period, after its filter (<c>min_sample: { rows: orders, at_least: 30 }</c>).</summary>
    Rows,
}

/// <summary>
/// The least data a KPI's value needs before its status is judged: below it the status is
/// <c>insufficient data</c>, never good, warning or poor.
/// </summary>
/// <param name="Source">What is counted.</param>
/// <param name="Name">The input, KPI or dataset counted; null for <see cref="SampleSource.Denominator"/>.</param>
/// <param name="AtLeast">The smallest sample that is judged (inclusive); 0 turns the check off.</param>
/// <param name="Span">Where the rule is written; null for the engine's default.</param>
public sealed record SampleRule(SampleSource Source, string? Name, double AtLeast, SourceSpan? Span)
{
    /// <summary>
    /// The minimum every KPI with a benchmark gets when neither it nor its benchmark declares one: 10 on the
    /// denominator, applied only when the denominator counts things (an input that is a <c>Count</c>,
    /// <c>CountIf</c> or <c>DistinctCount</c>, or a KPI of unit <c>count</c>). Ten keeps "one order judged
    /// poor" out and still judges a monthly funnel of 16 to 23 trials.
    /// </summary>
    public static SampleRule Default { get; } = new(SampleSource.Denominator, null, 10, null);

    /// <summary>True for <see cref="Default"/>, which is silently skipped where it cannot apply.</summary>
    public bool IsDefault => Span is null;
}

/// <summary>
/// How a KPI's value changes with the length of its period; decides whether a benchmark stated for one
/// period length (<c>per: month</c>) can judge values of another, and how its bands are converted.
/// </summary>
public enum PeriodScaling
{
    /// <summary>Not declared: judged only at the grain the benchmark is stated for.</summary>
    Unstated,

    /// <summary>Independent of the period length (a ratio of sums, an average, a level): bands unchanged.</summary>
    Ratio,

    /// <summary>An additive amount per period (revenue, calls): bands scale with the length, × n.</summary>
    Total,

    /// <summary>A share lost per period (churn), compounding: a band m per period becomes 1 − (1 − m)^n.</summary>
    Churn,

    /// <summary>A share kept per period (retention, NRR), compounding: a band r becomes r^n.</summary>
    Retention,

    /// <summary>A change per period (growth), compounding: a band g becomes (1 + g)^n − 1.</summary>
    Growth,
}

/// <summary>
/// A weighted scorecard: which KPIs and categories count how much in a client's score per period.
/// Every reported KPI with a benchmark counts with weight 1 unless listed; a category's weight
/// multiplies its share of the overall score.
/// </summary>
/// <param name="KpiWeights">Weights by KPI id; 0 leaves a KPI out.</param>
/// <param name="CategoryWeights">Weights by category; 0 leaves a category out.</param>
/// <param name="Span">Where the scorecard is written (a profile or the client file).</param>
public sealed record ScorecardDefinition(
    IReadOnlyDictionary<string, double> KpiWeights,
    IReadOnlyDictionary<string, double> CategoryWeights,
    SourceSpan Span)
{
    /// <summary>The category of KPIs that declare none.</summary>
    public const string Uncategorised = "other";
}
