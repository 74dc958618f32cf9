namespace KpiEngine.Abstractions;

/// <summary>
/// A parameter a metric reads from <see cref="MetricInput.Parameters"/>, with the numbers it
/// accepts. <c>kpi validate</c> checks every KPI's value against it, so a value out of range is an
/// error positioned on the YAML before anything runs.
/// </summary>
/// <remarks>
/// Only numeric parameters are described: the host reads the YAML value with the invariant
/// culture. Mapping parameters (<c>column.&lt;name&gt;</c>) are not declared here; they follow
/// <see cref="IPluginMetric.Columns"/>.
/// </remarks>
public sealed class MetricParameter
{
    /// <summary>Creates a parameter description.</summary>
    /// <param name="name">The key a KPI writes under <c>parameters:</c>.</param>
    /// <param name="description">What the parameter means, for documentation and <c>kpi list plugins</c>.</param>
    public MetricParameter(string name, string description)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Description = description ?? string.Empty;
    }

    /// <summary>The key a KPI writes under <c>parameters:</c>.</summary>
    public string Name { get; }

    /// <summary>What the parameter means.</summary>
    public string Description { get; }

    /// <summary>The smallest value accepted (inclusive unless <see cref="ExclusiveMinimum"/>); null for no lower bound.</summary>
    public double? Minimum { get; init; }

    /// <summary>True when <see cref="Minimum"/> itself is refused: a time or a size that must be more than 0.</summary>
    public bool ExclusiveMinimum { get; init; }

    /// <summary>The largest value accepted (inclusive); null for no upper bound.</summary>
    public double? Maximum { get; init; }

    /// <summary>True when only whole numbers are accepted (a number of periods, a count).</summary>
    public bool WholeNumber { get; init; }

    /// <summary>True when a KPI using the metric must give the parameter.</summary>
    public bool Required { get; init; }
}

/// <summary>
/// An optional part of <see cref="IPluginMetric"/> (contract 1.1): a metric that implements it
/// declares its parameters, so the host checks them when a client is validated. A metric that
/// does not implement it gets its parameters unchecked, as in contract 1.0.
/// </summary>
public interface IDeclaresParameters
{
    /// <summary>
    /// Every parameter the metric reads; empty for a metric that reads none. Once a metric
    /// declares them, a KPI giving a parameter that is not declared (and not a <c>column.</c>
    /// mapping) is a validation error too, so a misspelt key is not silently ignored.
    /// </summary>
    IReadOnlyList<MetricParameter> Parameters { get; }
}
