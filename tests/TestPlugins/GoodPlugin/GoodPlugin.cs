using KpiEngine.Abstractions;

namespace KpiEngine.TestPlugins;

/// <summary>Sums a column per period; also reports the row count and logs a warning through DI.</summary>
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
            foreach (var period in input.Periods)
            {
                var rows = Enumerable.Range(0, input.RowCount).Where(i => input.RowPeriods[i] == period.Ordinal).ToList();
                if (rows.Count == 0)
                {
                    result.Set("total", period.Ordinal, MetricValue.Undefined("no rows in " + period.Label));
                    continue;
                }

                result.Set("total", period.Ordinal, MetricValue.Of(rows.Sum(i => amount[i]) * factor));
                result.Set("rows", period.Ordinal, MetricValue.Of(rows.Count));
            }

            return result;
        }
    }
}
