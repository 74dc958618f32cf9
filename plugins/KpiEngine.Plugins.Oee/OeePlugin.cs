using KpiEngine.Abstractions;

namespace KpiEngine.Plugins.Oee;

/// <summary>The <c>oee</c> plugin: overall equipment effectiveness from a machine event log.</summary>
public sealed class OeePlugin : IKpiPlugin
{
    /// <inheritdoc />
    public string Name => "oee";

    /// <inheritdoc />
    public Version Version => new(1, 0);

    /// <inheritdoc />
    public Version ContractVersion => new(ContractInfo.Major, ContractInfo.Minor);

    /// <inheritdoc />
    public void Register(IMetricRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Add(new OeeMetric());
    }
}
