using KpiEngine.Abstractions;

namespace KpiEngine.TestPlugins;

/// <summary>Built against contract 1.1 (its constants compiled in as 1.1): a host with contract 1.2 must load and run it unchanged.</summary>
public sealed class PastContractPlugin : IKpiPlugin
{
    public string Name => "past";

    public Version Version => new(1, 0);

    public Version ContractVersion => new(1, 1);

    public void Register(IMetricRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add(new CountMetric());
    }

    /// <summary>Rows per period, with a declared parameter (contract 1.1) it does not need.</summary>
    private sealed class CountMetric : IPluginMetric, IDeclaresParameters
    {
        public string Name => "rows";

        public string Description => "Rows per period.";

        public IReadOnlyList<MetricColumnRequest> Columns { get; } = [];

        public IReadOnlyList<string> Outputs { get; } = ["rows"];

        public IReadOnlyList<MetricParameter> Parameters { get; } = [new("scale", "multiplies the count") { Minimum = 0 }];

        public MetricResult Compute(MetricInput input, CancellationToken cancellationToken)
        {
            var scale = input.GetNumber("scale", 1);
            var result = new MetricResult();
            foreach (var period in input.Periods)
            {
                result.Set("rows", period.Ordinal, MetricValue.Of(scale * input.RowPeriods.Count(p => p == period.Ordinal)));
            }

            return result;
        }
    }
}
