using KpiEngine.Definitions;
using KpiEngine.Diagnostics;

namespace KpiEngine.Benchmarks;

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
    /// <summary>
    /// The status of <paramref name="value"/> for a KPI of <paramref name="direction"/>: null when the
    /// value is undefined or the KPI is neutral (neither higher nor lower is better).
    /// </summary>
    public BenchmarkStatus? Rate(double? value, KpiDirection direction)
    {
        if (value is not { } v || double.IsNaN(v) || direction == KpiDirection.Neutral)
        {
            return null;
        }

        var sign = direction == KpiDirection.Higher ? 1 : -1;
        if (sign * (v - Good) >= 0)
        {
            return BenchmarkStatus.Good;
        }

        return sign * (v - Poor) <= 0 ? BenchmarkStatus.Poor : BenchmarkStatus.Warning;
    }

    /// <summary>True when <see cref="Good"/> lies on the better side of <see cref="Poor"/> for <paramref name="direction"/>.</summary>
    public bool IsOrderedFor(KpiDirection direction) => direction switch
    {
        KpiDirection.Higher => Good > Poor,
        KpiDirection.Lower => Good < Poor,
        _ => false,
    };
}

/// <summary>How a value compares with its KPI's benchmark.</summary>
public enum BenchmarkStatus
{
    /// <summary>At or beyond the good threshold.</summary>
    Good,

    /// <summary>Between the good and the poor threshold.</summary>
    Warning,

    /// <summary>At or beyond the poor threshold.</summary>
    Poor,
}
