using KpiEngine.Abstractions;

namespace KpiEngine.TestPlugins;

/// <summary>Throws from Compute.</summary>
public sealed class ThrowingPlugin : SingleMetricPlugin
{
    public override string Name => "throws";

    protected override double ValueFor(MetricPeriod period) => throw new InvalidOperationException("boom in " + period.Label);
}
