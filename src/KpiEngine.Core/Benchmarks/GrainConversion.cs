using System.Globalization;
using KpiEngine.Definitions;
using KpiEngine.Time;

namespace KpiEngine.Benchmarks;

/// <summary>
/// The bands a value was judged against at the run's grain: the benchmark's own, or converted from the
/// grain it is stated for (<see cref="Benchmark.StatedPer"/>) by the KPI's <see cref="PeriodScaling"/>.
/// </summary>
/// <param name="Good">The good threshold at <paramref name="Grain"/>.</param>
/// <param name="Poor">The poor threshold at <paramref name="Grain"/>.</param>
/// <param name="Reference">The reference value at <paramref name="Grain"/>, if the benchmark has one.</param>
/// <param name="Per">The grain the benchmark is stated for.</param>
/// <param name="Grain">The grain the value was computed at.</param>
/// <param name="Scaling">How the bands were carried from <paramref name="Per"/> to <paramref name="Grain"/>.</param>
public sealed record JudgedBands(double Good, double Poor, double? Reference, Grain Per, Grain Grain, PeriodScaling Scaling)
{
    /// <summary>True when the thresholds differ from the benchmark's as written (a total or compounding rate at another grain).</summary>
    public bool Converted { get; init; }
}

/// <summary>
/// Carries a benchmark's bands from the grain it is stated for to the grain of a run. A ratio is the same at
/// any grain; a total scales by n, the number of stated periods in one run period; compounding shares use
/// churn 1 − (1 − m)^n, retention r^n and growth (1 + g)^n − 1. n is defined between grains of one family:
/// months, quarters and years (1, 3, 12 months), or days and weeks (1, 7 days); months are no fixed number of
/// days, so there is no conversion between the families.
/// </summary>
public static class GrainConversion
{
    /// <summary>How many periods of <paramref name="per"/> one period of <paramref name="grain"/> holds (3 months in a quarter, 1/3 of a quarter in a month); null between families.</summary>
    public static double? PeriodsPer(Grain per, Grain grain)
    {
        var (perFamily, perLength) = Measure(per);
        var (family, length) = Measure(grain);
        return perFamily == family ? (double)length / perLength : null;
    }

    /// <summary>
    /// The bands of <paramref name="benchmark"/> at <paramref name="grain"/> for a KPI of <paramref name="scaling"/> and
    /// <paramref name="unit"/> (percent thresholds are shares × 100); null with <paramref name="reason"/> when they cannot be carried there.
    /// </summary>
    public static JudgedBands? Convert(Benchmark benchmark, PeriodScaling scaling, KpiUnit unit, Grain grain, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(benchmark);
        reason = null;
        var per = benchmark.StatedPer;
        if (per == grain || scaling == PeriodScaling.Ratio)
        {
            return new JudgedBands(benchmark.Good, benchmark.Poor, benchmark.Reference, per, grain, scaling);
        }

        var perName = SufficiencyReader.Name(per);
        var grainName = SufficiencyReader.Name(grain);
        if (scaling == PeriodScaling.Unstated)
        {
            reason = $"the benchmark is stated per {perName} and the KPI does not say how it scales with the period length (scaling: ratio, total, churn, retention or growth), so it is not judged per {grainName}";
            return null;
        }

        if (grain == Grain.All || per == Grain.All)
        {
            // The whole range has no fixed length: a total or a compounded rate per month says nothing about it.
            reason = $"the benchmark is stated per {perName}, and the whole range (grain 'all') is not a fixed number of {perName}s, so a {SufficiencyReader.Name(scaling)} cannot be converted";
            return null;
        }

        if (PeriodsPer(per, grain) is not { } n)
        {
            reason = $"the benchmark is stated per {perName}, and a {grainName} is not a fixed number of {perName}s, so a {SufficiencyReader.Name(scaling)} cannot be converted";
            return null;
        }

        var scale = unit == KpiUnit.Percent ? 100.0 : 1.0;
        double Carry(double threshold) => scaling switch
        {
            PeriodScaling.Total => threshold * n,
            PeriodScaling.Churn => (1 - Math.Pow(1 - (threshold / scale), n)) * scale,
            PeriodScaling.Retention => Math.Pow(threshold / scale, n) * scale,
            _ => (Math.Pow(1 + (threshold / scale), n) - 1) * scale,
        };

        // Compounding is defined for a share lost of at most all (churn), a share kept of at least none
        // (retention) and a change of at least -100 % (growth); past that the power has no real value.
        string? Outside(double threshold) => scaling switch
        {
            PeriodScaling.Churn when threshold / scale > 1 => "above 100 %",
            PeriodScaling.Retention when threshold < 0 => "below 0",
            PeriodScaling.Growth when threshold / scale < -1 => "below -100 %",
            _ => null,
        };

        foreach (var threshold in benchmark.Reference is { } written ? [benchmark.Good, benchmark.Poor, written] : new[] { benchmark.Good, benchmark.Poor })
        {
            if (Outside(threshold) is { } where)
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"the benchmark per {perName} has the threshold {threshold:R}, {where}, from which a {SufficiencyReader.Name(scaling)} cannot be compounded");
                return null;
            }
        }

        var good = Carry(benchmark.Good);
        var poor = Carry(benchmark.Poor);
        return new JudgedBands(good, poor, benchmark.Reference is { } reference ? Carry(reference) : null, per, grain, scaling) { Converted = true };
    }

    /// <summary>A grain's family (0 days, 1 months) and its length in that family's unit.</summary>
    private static (int Family, int Length) Measure(Grain grain) => grain switch
    {
        Grain.Day => (0, 1),
        Grain.Week => (0, 7),
        Grain.Month => (1, 1),
        Grain.Quarter => (1, 3),
        _ => (1, 12),
    };
}
