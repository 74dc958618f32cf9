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
    /// <summary>True when <see cref="Good"/> lies on the better side of <see cref="Poor"/> for <paramref name="direction"/>.</summary>
    public bool IsOrderedFor(KpiDirection direction) => direction switch
    {
        KpiDirection.Higher => Good > Poor,
        KpiDirection.Lower => Good < Poor,
        _ => false,
    };
}
