using KpiEngine.Definitions;

namespace KpiEngine.Benchmarks;

/// <summary>Judges values against a KPI's <see cref="Benchmark"/> bands.</summary>
public static class BenchmarkRating
{
    /// <summary>
    /// The status of <paramref name="value"/> against <paramref name="benchmark"/>'s bands for a KPI of <paramref name="direction"/>: null when the
    /// value is undefined or the KPI is neutral (neither higher nor lower is better).
    /// </summary>
    public static BenchmarkStatus? Rate(this Benchmark benchmark, double? value, KpiDirection direction)
    {
        ArgumentNullException.ThrowIfNull(benchmark);
        return Rate(benchmark.Good, benchmark.Poor, value, direction);
    }

    /// <summary>The status of <paramref name="value"/> against bands carried to the run's grain (<see cref="GrainConversion"/>); null as for a benchmark.</summary>
    public static BenchmarkStatus? Rate(this JudgedBands bands, double? value, KpiDirection direction)
    {
        ArgumentNullException.ThrowIfNull(bands);
        return Rate(bands.Good, bands.Poor, value, direction);
    }

    private static BenchmarkStatus? Rate(double good, double poor, double? value, KpiDirection direction)
    {
        if (value is not { } v || double.IsNaN(v) || direction == KpiDirection.Neutral)
        {
            return null;
        }

        var sign = direction == KpiDirection.Higher ? 1 : -1;
        if (sign * (v - good) >= 0)
        {
            return BenchmarkStatus.Good;
        }

        return sign * (v - poor) <= 0 ? BenchmarkStatus.Poor : BenchmarkStatus.Warning;
    }
}
