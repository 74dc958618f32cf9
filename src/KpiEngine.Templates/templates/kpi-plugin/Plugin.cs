using KpiEngine.Abstractions;

namespace KpiPlugin.Template;

/// <summary>
/// The plugin, found by the host in this assembly and created through dependency injection: its
/// constructor may ask for <see cref="IPluginLogger"/> and <see cref="TimeProvider"/>.
/// </summary>
public sealed class Plugin(IPluginLogger logger) : IKpiPlugin
{
    /// <summary>The name used in YAML: <c>plugin: myplugin/total</c>.</summary>
    public string Name => "myplugin";

    /// <inheritdoc />
    public Version Version => new(1, 0);

    /// <summary>The contract this plugin is compiled against (constants, so they are baked in at build time).</summary>
    public Version ContractVersion => new(ContractInfo.Major, ContractInfo.Minor);

    /// <inheritdoc />
    public void Register(IMetricRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add(new TotalMetric(logger));
    }
}

/// <summary>The sum of a number column per period; undefined for a period without values. Replace it with your own metric.</summary>
internal sealed class TotalMetric(IPluginLogger logger) : IPluginMetric
{
    public string Name => "total";

    public string Description => "Sum of the column 'value' per period.";

    public IReadOnlyList<MetricColumnRequest> Columns { get; } =
    [
        new("value", MetricColumnKind.Number, true, "the number to add up (map it with column.value: <dataset column>)"),
    ];

    public IReadOnlyList<string> Outputs { get; } = ["total", "rows"];

    public MetricResult Compute(MetricInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var values = input.FindColumn("value")!.Numbers;
        var sums = new Dictionary<int, (double Total, int Rows)>();
        var missing = 0;
        for (var row = 0; row < input.RowCount; row++)
        {
            // A missing cell is NaN: skip it rather than count it as 0.
            if (double.IsNaN(values[row]))
            {
                missing++;
                continue;
            }

            var (total, rows) = sums.GetValueOrDefault(input.RowPeriods[row]);
            sums[input.RowPeriods[row]] = (total + values[row], rows + 1);
        }

        if (missing > 0)
        {
            logger.Log(PluginLogLevel.Information, $"{missing} row(s) without a value were skipped");
        }

        var result = new MetricResult();
        foreach (var period in input.Periods)
        {
            var (total, rows) = sums.GetValueOrDefault(period.Ordinal);
            result.Set("rows", period.Ordinal, MetricValue.Of(rows));
            result.Set("total", period.Ordinal, rows > 0
                ? MetricValue.Of(total)
                : MetricValue.Undefined($"no values in {period.Label}"));
        }

        return result;
    }
}
