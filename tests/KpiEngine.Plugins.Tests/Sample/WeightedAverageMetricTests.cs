using KpiEngine.Abstractions;
using KpiEngine.Plugins.Sample;
using static KpiEngine.Plugins.Tests.MetricInputBuilder;

namespace KpiEngine.Plugins.Tests.Sample;

public sealed class WeightedAverageMetricTests
{
    private sealed class SilentLogger : IPluginLogger
    {
        public List<string> Messages { get; } = [];

        public void Log(PluginLogLevel level, string message) => Messages.Add(message);
    }

    [Fact]
    public void Compute_WeightsValuesAndSkipsMissingOnes()
    {
        var logger = new SilentLogger();
        var metric = RegisteredMetrics.Single(new SamplePlugin(logger));
        var jan = Month(2026, 1);
        var input = new MetricInputBuilder()
            .Row(jan, null, ("value", 10.0), ("weight", 1.0))
            .Row(jan, null, ("value", 20.0), ("weight", 3.0))
            .Row(jan, null, ("weight", 5.0))
            .Build(metric, jan, Month(2026, 2));

        var result = metric.Compute(input, CancellationToken.None);

        // (10*1 + 20*3) / (1 + 3) = 70 / 4 = 17.5; the row without a value is skipped and logged.
        Assert.Equal(17.5, result.Number("average", jan));
        Assert.Equal("no weighted values in 2026-02", result.Reason("average", Month(2026, 2)));
        Assert.Equal(["1 row(s) without a value were skipped"], logger.Messages);
    }
}
