namespace KpiEngine.Abstractions;

/// <summary>How a column's values reach a metric.</summary>
public enum MetricColumnKind
{
    /// <summary>Numbers in <see cref="MetricColumn.Numbers"/>: numbers, dates (days since 0001-01-01, with fraction), booleans (1/0); NaN when missing.</summary>
    Number,

    /// <summary>Text in <see cref="MetricColumn.Texts"/>; null when missing.</summary>
    Text,
}

/// <summary>A column a metric reads, by the name the metric uses for it.</summary>
/// <remarks>
/// A KPI maps it to a differently named dataset column with the parameter
/// <c>column.&lt;name&gt;: dataset_column</c>.
/// </remarks>
public sealed class MetricColumnRequest
{
    /// <summary>Creates a request.</summary>
    public MetricColumnRequest(string name, MetricColumnKind kind, bool required, string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Kind = kind;
        Required = required;
        Description = description ?? string.Empty;
    }

    /// <summary>The metric's name for the column.</summary>
    public string Name { get; }

    /// <summary>Numbers or text.</summary>
    public MetricColumnKind Kind { get; }

    /// <summary>True when the metric cannot work without it; a missing required column is a validation error.</summary>
    public bool Required { get; }

    /// <summary>What the column holds, for documentation and <c>kpi list plugins</c>.</summary>
    public string Description { get; }
}
