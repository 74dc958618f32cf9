using KpiEngine.Abstractions;

namespace KpiEngine.TestPlugins;

/// <summary>A plugin with one metric "value" (no columns) whose result each test plugin decides; compiled into each of them.</summary>
public abstract class SingleMetricPlugin : IKpiPlugin, IPluginMetric
{
    public abstract string Name { get; }

    public Version Version => new(0, 1);

    public Version ContractVersion => new(ContractInfo.Major, ContractInfo.Minor);

    string IPluginMetric.Name => "value";

    public string Description => "A test metric.";

    public IReadOnlyList<MetricColumnRequest> Columns { get; } = [];

    public IReadOnlyList<string> Outputs { get; } = ["value"];

    public void Register(IMetricRegistry registry) => registry.Add(this);

    public MetricResult Compute(MetricInput input, CancellationToken cancellationToken)
    {
        var result = new MetricResult();
        foreach (var period in input.Periods)
        {
            result.Set("value", period.Ordinal, MetricValue.Of(ValueFor(period)));
        }

        return result;
    }

    protected abstract double ValueFor(MetricPeriod period);
}
