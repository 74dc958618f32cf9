using KpiEngine.Abstractions;

namespace KpiEngine.Plugins.Sample;

/// <summary>
/// The smallest useful plugin, to copy: one metric, <c>sample/weighted_average</c>. The host
/// creates the plugin through dependency injection, so the constructor may ask for
/// <see cref="IPluginLogger"/> and <see cref="TimeProvider"/>.
/// </summary>
public sealed class SamplePlugin(IPluginLogger logger) : IKpiPlugin
{
    /// <inheritdoc />
    public string Name => "sample";

    /// <inheritdoc />
    public Version Version => new(1, 0);

    /// <inheritdoc />
    public Version ContractVersion => new(ContractInfo.Major, ContractInfo.Minor);

    /// <inheritdoc />
    public void Register(IMetricRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add(new WeightedAverageMetric(logger));
    }
}

/// <summary>Σ(value × weight) / Σ weight per period; rows with a missing value are skipped, a missing weight counts as 1.</summary>
internal sealed class WeightedAverageMetric(IPluginLogger logger) : IPluginMetric, IDeclaresParameters
{
    public string Name => "weighted_average";

    public string Description => "Average of a column weighted by another, per period.";

    public IReadOnlyList<MetricColumnRequest> Columns { get; } =
    [
        new("value", MetricColumnKind.Number, true, "the value to average"),
        new("weight", MetricColumnKind.Number, false, "the row's weight (1 when absent)"),
    ];

    public IReadOnlyList<string> Outputs { get; } = ["average", "weight"];

    /// <summary>None: declaring an empty list still lets <c>kpi validate</c> flag a parameter given by mistake.</summary>
    public IReadOnlyList<MetricParameter> Parameters { get; } = [];

    public MetricResult Compute(MetricInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var values = input.FindColumn("value")!.Numbers;
        var weights = input.FindColumn("weight")?.Numbers;
        var sums = new Dictionary<int, (double Weighted, double Weight)>();
        var skipped = 0;
        for (var row = 0; row < input.RowCount; row++)
        {
            var weight = weights is null || double.IsNaN(weights[row]) ? 1 : weights[row];
            if (double.IsNaN(values[row]))
            {
                skipped++;
                continue;
            }

            var (weighted, total) = sums.GetValueOrDefault(input.RowPeriods[row]);
            sums[input.RowPeriods[row]] = (weighted + (values[row] * weight), total + weight);
        }

        if (skipped > 0)
        {
            logger.Log(PluginLogLevel.Information, $"{skipped} row(s) without a value were skipped");
        }

        var result = new MetricResult();
        foreach (var period in input.Periods)
        {
            var (weighted, total) = sums.GetValueOrDefault(period.Ordinal);
            result.Set("weight", period.Ordinal, MetricValue.Of(total));
            result.Set("average", period.Ordinal, total != 0
                ? MetricValue.Of(weighted / total)
                : MetricValue.Undefined($"no weighted values in {period.Label}"));
        }

        return result;
    }
}
