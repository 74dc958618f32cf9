using KpiEngine.Abstractions;

namespace KpiEngine.TestPlugins;

/// <summary>Sums a column per period (and per dimension key); also reports the row count and logs a warning through DI.</summary>
public sealed class GoodPlugin(IPluginLogger logger, TimeProvider time) : IKpiPlugin
{
    public string Name => "good";

    public Version Version => new(1, 2, 3);

    public Version ContractVersion => new(ContractInfo.Major, ContractInfo.Minor);

    public void Register(IMetricRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(time);
        logger.Log(PluginLogLevel.Warning, "good plugin registered");
        registry.Add(new SumMetric(PluginGreeting.Describe("amount")));
    }

    private sealed class SumMetric(string description) : IPluginMetric
    {
        public string Name => "sum";

        public string Description => description;

        public IReadOnlyList<MetricColumnRequest> Columns { get; } =
        [
            new("amount", MetricColumnKind.Number, true, "the amount to sum"),
            new("label", MetricColumnKind.Text, false, "an optional label"),
        ];

        public IReadOnlyList<string> Outputs { get; } = ["total", "rows"];

        public MetricResult Compute(MetricInput input, CancellationToken cancellationToken)
        {
            var amount = input.FindColumn("amount")!.Numbers;
            var factor = input.GetNumber("factor", 1);
            var result = new MetricResult();
            var keys = input.RowDimensions?.Distinct().ToList() ?? [];
            foreach (var period in input.Periods)
            {
                // The total over all rows, then each dimension key over its own rows.
                Report(result, period, null, [.. Enumerable.Range(0, input.RowCount).Where(i => input.RowPeriods[i] == period.Ordinal)], amount, factor);
                foreach (var key in keys)
                {
                    Report(result, period, key, [.. Enumerable.Range(0, input.RowCount).Where(i => input.RowPeriods[i] == period.Ordinal && input.RowDimensions![i] == key)], amount, factor);
                }
            }

            return result;
        }

        private static void Report(MetricResult result, MetricPeriod period, string? dimension, List<int> rows, IReadOnlyList<double> amount, double factor)
        {
            if (rows.Count == 0)
            {
                result.Set("total", period.Ordinal, dimension, MetricValue.Undefined("no rows in " + period.Label));
                return;
            }

            result.Set("total", period.Ordinal, dimension, MetricValue.Of(rows.Sum(i => amount[i]) * factor));
            result.Set("rows", period.Ordinal, dimension, MetricValue.Of(rows.Count));
        }
    }
}
