using KpiEngine.Abstractions;

namespace KpiEngine.TestPlugins;

/// <summary>Ends the whole process; only run isolated.</summary>
public sealed class ExitingPlugin : SingleMetricPlugin
{
    public override string Name => "exits";

    protected override double ValueFor(MetricPeriod period)
    {
        Environment.Exit(3);
        return 0;
    }
}
