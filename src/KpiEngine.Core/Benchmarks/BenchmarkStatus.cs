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
}
