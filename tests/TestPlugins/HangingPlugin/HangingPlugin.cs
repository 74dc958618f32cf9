using KpiEngine.Abstractions;

namespace KpiEngine.TestPlugins;

/// <summary>Never returns; only run isolated with a short timeout.</summary>
public sealed class HangingPlugin : SingleMetricPlugin
{
    public override string Name => "hangs";

    protected override double ValueFor(MetricPeriod period)
    {
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }
}
