using KpiEngine.Abstractions;

namespace KpiEngine.TestPlugins;

/// <summary>Returns 1 for even period ordinals and NaN for odd ones.</summary>
public sealed class NaNPlugin : SingleMetricPlugin
{
    public override string Name => "nan";

    protected override double ValueFor(MetricPeriod period) => period.Ordinal % 2 == 0 ? 1 : double.NaN;
}
