using KpiEngine.Abstractions;

namespace KpiEngine.TestPlugins;

/// <summary>Built against contract 2.0; the host must refuse it before running this code.</summary>
public sealed class FutureContractPlugin : IKpiPlugin
{
    public FutureContractPlugin() => throw new InvalidOperationException("plugin code ran although its contract version is unsupported");

    public string Name => "future";

    public Version Version => new(1, 0);

    public Version ContractVersion => new(2, 0);

    public void Register(IMetricRegistry registry) => throw new InvalidOperationException("must not run");
}
