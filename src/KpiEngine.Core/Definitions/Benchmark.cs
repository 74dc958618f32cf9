using KpiEngine.Diagnostics;

namespace KpiEngine.Definitions;

/// <summary>
/// Status bands for one KPI: a value at or beyond <see cref="Good"/> is good, at or beyond
/// <see cref="Poor"/> is poor, anything between is a warning. "Beyond" follows the KPI's direction:
/// for a lower-is-better KPI (churn) good is the smaller threshold.
/// </summary>
/// <param name="KpiId">The KPI the bands apply to.</param>
/// <param name="Good">The threshold from which a value is good (inclusive).</param>
/// <param name="Poor">The threshold from which a value is poor (inclusive).</param>
/// <param name="Reference">An optional typical or target value shown beside the bands.</param>
/// <param name="Source">Where the numbers come from (a study, or "typical range").</param>
/// <param name="Span">Where the benchmark is written (a profile or the client file).</param>
public sealed record Benchmark(string KpiId, double Good, double Poor, double? Reference, string? Source, SourceSpan Span)
{
    /// <summary>The grain the bands are written for (<c>per:</c>); null when not written, which means <see cref="DefaultPer"/>.</summary>
    public Time.Grain? Per { get; init; }

    /// <summary>The grain the bands are stated for: <see cref="Per"/>, else <see cref="DefaultPer"/>.</summary>
    public Time.Grain StatedPer => Per ?? DefaultPer;

    /// <summary>The grain of a benchmark without <c>per:</c>: a month, the grain of the default report the shipped bands were written for.</summary>
    public const Time.Grain DefaultPer = Time.Grain.Month;

    /// <summary>The least data a value needs to be judged against these bands (<c>min_sample:</c>); replaces the KPI's own.</summary>
    public SampleRule? MinSample { get; init; }

    /// <summary>True when <see cref="Good"/> lies on the better side of <see cref="Poor"/> for <paramref name="direction"/>.</summary>
    public bool IsOrderedFor(KpiDirection direction) => direction switch
    {
        KpiDirection.Higher => Good > Poor,
        KpiDirection.Lower => Good < Poor,
        _ => false,
    };
}
