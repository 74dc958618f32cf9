using KpiEngine.Abstractions;

namespace KpiEngine.Plugins.Tests;

/// <summary>Builds a <see cref="MetricInput"/> at month grain from rows written as (period, dimension, cells by column name).</summary>
internal sealed class MetricInputBuilder
{
    private readonly List<(int Period, string? Dimension, Dictionary<string, object?> Cells)> _rows = [];
    private readonly Dictionary<string, string> _parameters = new(StringComparer.Ordinal);

    /// <summary>The ordinal of a month: year * 12 + month - 1 (the host's month ordinal).</summary>
    public static int Month(int year, int month) => (year * 12) + month - 1;

    public MetricInputBuilder Row(int period, string? dimension, params (string Column, object? Value)[] cells)
    {
        _rows.Add((period, dimension, cells.ToDictionary(c => c.Column, c => c.Value)));
        return this;
    }

    public MetricInputBuilder Parameter(string name, string value)
    {
        _parameters[name] = value;
        return this;
    }

    public MetricInput Build(IPluginMetric metric, params int[] periods)
    {
        var columns = new List<MetricColumn>();
        foreach (var request in metric.Columns)
        {
            if (!_rows.Any(r => r.Cells.ContainsKey(request.Name)))
            {
                continue;
            }

            columns.Add(request.Kind == MetricColumnKind.Number
                ? MetricColumn.OfNumbers(request.Name, [.. _rows.Select(r => r.Cells.GetValueOrDefault(request.Name) is double d ? d : double.NaN)])
                : MetricColumn.OfTexts(request.Name, [.. _rows.Select(r => r.Cells.GetValueOrDefault(request.Name) as string)]));
        }

        var dimensions = _rows.Any(r => r.Dimension is not null) ? _rows.Select(r => r.Dimension).ToArray() : null;
        return new MetricInput(
            "month",
            [.. periods.Select(p => new MetricPeriod(p, $"{p / 12:D4}-{(p % 12) + 1:D2}", new DateOnly(p / 12, (p % 12) + 1, 1), new DateOnly(p / 12, (p % 12) + 1, 1).AddMonths(1)))],
            _rows.Count,
            [.. _rows.Select(r => r.Period)],
            dimensions,
            columns,
            _parameters);
    }
}

internal static class MetricResultAssertions
{
    public static double Number(this MetricResult result, string output, int period, string? dimension = null)
    {
        Assert.True(result.TryGet(output, period, dimension, out var value), $"no {output} for {period}/{dimension}");
        Assert.True(value.IsDefined, $"{output} is undefined: {value.Reason}");
        return value.Number;
    }

    public static string Reason(this MetricResult result, string output, int period, string? dimension = null)
    {
        Assert.True(result.TryGet(output, period, dimension, out var value), $"no {output} for {period}/{dimension}");
        Assert.False(value.IsDefined, $"{output} is defined: {value.Number}");
        return value.Reason!;
    }
}

/// <summary>Collects what a plugin registers, as the host would.</summary>
internal sealed class RegisteredMetrics : IMetricRegistry
{
    private readonly List<IPluginMetric> _metrics = [];

    public static IPluginMetric Single(IKpiPlugin plugin)
    {
        var registry = new RegisteredMetrics();
        plugin.Register(registry);
        return Assert.Single(registry._metrics);
    }

    public void Add(IPluginMetric metric) => _metrics.Add(metric);
}
