using KpiEngine.Abstractions;

namespace KpiEngine.TestPlugins;

/// <summary>
/// Writes to the console while registering and computing, as careless plugin code does: text that
/// would break JSON or CSV on standard output. Its metric "value" is 7 in every period.
/// </summary>
public sealed class ChattyPlugin : IKpiPlugin, IPluginMetric
{
    public string Name => "chatty";

    public Version Version => new(0, 1);

    public Version ContractVersion => new(ContractInfo.Major, ContractInfo.Minor);

    string IPluginMetric.Name => "value";

    public string Description => "A metric that talks on the console.";

    public IReadOnlyList<MetricColumnRequest> Columns { get; } = [];

    public IReadOnlyList<string> Outputs { get; } = ["value"];

    public void Register(IMetricRegistry registry)
    {
        // The process name tells the tests whether this ran inside kpi or in the isolated worker.
        Console.WriteLine($"chatty: Register ran in {AppDomain.CurrentDomain.FriendlyName}");
        registry.Add(this);
    }

    public MetricResult Compute(MetricInput input, CancellationToken cancellationToken)
    {
        Console.Write("{\"chatty\": not json,");
        Console.Out.WriteLine("chatty,csv,row");
        var result = new MetricResult();
        foreach (var period in input.Periods)
        {
            result.Set("value", period.Ordinal, MetricValue.Of(7));
        }

        return result;
    }
}
