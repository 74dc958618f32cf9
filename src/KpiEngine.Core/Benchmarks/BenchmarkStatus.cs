namespace KpiEngine.Benchmarks;

/// <summary>How a value compares with its KPI's benchmark.</summary>
public enum BenchmarkStatus
{
    /// <summary>At or beyond the good threshold.</summary>
    Good,

    /// <summary>Between the good and the poor threshold.</summary>
    Warning,

    /// <summary>At or beyond the poor threshold.</summary>
    Poor,

    /// <summary>
    /// Not judged because too little data is behind the value: a partial period, or fewer than the minimum sample
    /// (<see cref="Definitions.SampleRule"/>); <c>KpiResult.StatusReason</c> says which. Never good, warning or poor.
    /// </summary>
    InsufficientData,
}
