namespace KpiEngine.Abstractions;

/// <summary>
/// The entry point of a plugin assembly: a public, non-abstract class implementing this
/// interface. The host creates it once per run with
/// <see cref="Microsoft.Extensions.DependencyInjection.ActivatorUtilities"/>, so its constructor
/// may ask for <see cref="TimeProvider"/> and <see cref="IPluginLogger"/>.
/// </summary>
public interface IKpiPlugin
{
    /// <summary>The name YAML uses in <c>plugin: name/metric</c>; lower-case letters, digits, <c>_</c> and <c>-</c>.</summary>
    string Name { get; }

    /// <summary>The plugin's own version, shown by <c>kpi list plugins</c>.</summary>
    Version Version { get; }

    /// <summary>
    /// The contract version the plugin was built for: return
    /// <c>new Version(ContractInfo.Major, ContractInfo.Minor)</c> (the constants are compiled in).
    /// </summary>
    Version ContractVersion { get; }

    /// <summary>Adds the plugin's metrics to the registry. Called once, right after construction.</summary>
    void Register(IMetricRegistry registry);
}

/// <summary>Where a plugin registers its metrics.</summary>
public interface IMetricRegistry
{
    /// <summary>Adds a metric; its <see cref="IPluginMetric.Name"/> must be unique within the plugin.</summary>
    void Add(IPluginMetric metric);
}

/// <summary>
/// One metric: a computation over the rows of one dataset that gives values per period (and
/// dimension). Instances may be called from several threads, once per KPI that uses them,
/// so keep them stateless.
/// </summary>
public interface IPluginMetric
{
    /// <summary>The name YAML uses after the slash in <c>plugin: name/metric</c>.</summary>
    string Name { get; }

    /// <summary>One sentence for <c>kpi list plugins</c>.</summary>
    string Description { get; }

    /// <summary>The columns the metric reads; the host fills them from the KPI's dataset.</summary>
    IReadOnlyList<MetricColumnRequest> Columns { get; }

    /// <summary>The outputs the metric produces; the first is the one a KPI gets when it names none.</summary>
    IReadOnlyList<string> Outputs { get; }

    /// <summary>
    /// Computes the outputs for every period in <see cref="MetricInput.Periods"/>. A value
    /// that cannot be computed is <see cref="MetricValue.Undefined"/> with a reason; an
    /// exception or a NaN/Infinity makes every value of the KPI undefined.
    /// </summary>
    MetricResult Compute(MetricInput input, CancellationToken cancellationToken);
}

/// <summary>How much a log message matters.</summary>
public enum PluginLogLevel
{
    /// <summary>Detail for the plugin's author.</summary>
    Debug,

    /// <summary>Normal progress.</summary>
    Information,

    /// <summary>Something a user should look at; shown as a diagnostic.</summary>
    Warning,

    /// <summary>Something went wrong; shown as a diagnostic.</summary>
    Error,
}

/// <summary>A log the host provides through dependency injection; messages are tagged with the plugin's name.</summary>
public interface IPluginLogger
{
    /// <summary>Writes one message.</summary>
    void Log(PluginLogLevel level, string message);
}
