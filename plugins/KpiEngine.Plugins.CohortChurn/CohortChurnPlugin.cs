using KpiEngine.Abstractions;

namespace KpiEngine.Plugins.CohortChurn;

/// <summary>The <c>cohort</c> plugin: retention and churn from customer activity.</summary>
public sealed class CohortChurnPlugin : IKpiPlugin
{
    /// <inheritdoc />
    public string Name => "cohort";

    /// <inheritdoc />
    public Version Version => new(1, 1);

    /// <inheritdoc />
    public Version ContractVersion => new(ContractInfo.Major, ContractInfo.Minor);

    /// <inheritdoc />
    public void Register(IMetricRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add(new RetentionMetric());
    }
}
