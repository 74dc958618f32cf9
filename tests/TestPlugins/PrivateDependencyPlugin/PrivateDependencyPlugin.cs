using System.Diagnostics;
using System.Globalization;
using System.Runtime.Loader;
using KpiEngine.Abstractions;
using Newtonsoft.Json;

namespace KpiEngine.TestPlugins;

/// <summary>
/// Uses Newtonsoft.Json 13.0.1. Output "patch" is the patch number of the Json.NET file version
/// the plugin actually runs with (1 when private, 3 if it got the host's), "private" is 1 when
/// that assembly lives in the plugin's own load context.
/// </summary>
public sealed class PrivateDependencyPlugin : IKpiPlugin
{
    public string Name => "private-dep";

    public Version Version => new(1, 0);

    public Version ContractVersion => new(ContractInfo.Major, ContractInfo.Minor);

    public void Register(IMetricRegistry registry) => registry.Add(new JsonMetric());

    private sealed class JsonMetric : IPluginMetric
    {
        public string Name => "json";

        public string Description => "Reports which Json.NET it runs with.";

        public IReadOnlyList<MetricColumnRequest> Columns { get; } = [];

        public IReadOnlyList<string> Outputs { get; } = ["patch", "private", "roundtrip"];

        public MetricResult Compute(MetricInput input, CancellationToken cancellationToken)
        {
            var assembly = typeof(JsonConvert).Assembly;
            var version = Version.Parse(FileVersionInfo.GetVersionInfo(assembly.Location).FileVersion!);
            var isPrivate = AssemblyLoadContext.GetLoadContext(assembly) == AssemblyLoadContext.GetLoadContext(typeof(PrivateDependencyPlugin).Assembly)
                && AssemblyLoadContext.GetLoadContext(assembly) != AssemblyLoadContext.Default;
            var roundtrip = JsonConvert.DeserializeObject<double>(JsonConvert.SerializeObject(42.5));
            var result = new MetricResult();
            foreach (var period in input.Periods)
            {
                result.Set("patch", period.Ordinal, MetricValue.Of(version.Build));
                result.Set("private", period.Ordinal, MetricValue.Of(isPrivate ? 1 : 0));
                result.Set("roundtrip", period.Ordinal, MetricValue.Of(double.Parse(roundtrip.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)));
            }

            return result;
        }
    }
}
