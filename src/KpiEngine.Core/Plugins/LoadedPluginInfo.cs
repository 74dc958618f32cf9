using KpiEngine.Abstractions;

namespace KpiEngine.Plugins;

/// <summary>One metric of a loaded plugin, as <c>kpi list plugins</c> shows it.</summary>
/// <param name="Name">The metric's name, used in YAML as <c>plugin: &lt;plugin&gt;/&lt;metric&gt;</c>.</param>
/// <param name="Description">What the metric computes.</param>
/// <param name="Columns">The dataset columns it reads.</param>
/// <param name="Outputs">The values it gives; the first is the default.</param>
public sealed record PluginMetricInfo(
    string Name,
    string Description,
    IReadOnlyList<MetricColumnRequest> Columns,
    IReadOnlyList<string> Outputs)
{
    /// <summary>
    /// The parameters it declares (contract 1.1, <see cref="IDeclaresParameters"/>); null when it
    /// does not declare them (contract 1.0), and then a KPI's parameters are not checked.
    /// </summary>
    public IReadOnlyList<MetricParameter>? Parameters { get; init; }

    /// <summary>The outputs given per cohort and age (<see cref="IReportsCohorts"/>, contract 1.2); null when the metric has none.</summary>
    public IReadOnlyList<string>? CohortOutputs { get; init; }
}

/// <summary>
/// A plugin as found in a folder: what it declares, or, when it could not be loaded, the folder
/// name as <see cref="Name"/> and the reasons in <see cref="Problems"/>.
/// </summary>
/// <param name="Name">The plugin's name (used in YAML), or the folder name when it did not load.</param>
/// <param name="Version">The plugin's version; null when it did not load.</param>
/// <param name="ContractVersion">The contract version it was built for; null when unknown.</param>
/// <param name="Folder">The plugin folder.</param>
/// <param name="Metrics">The metrics it registered.</param>
/// <param name="Problems">Why it did not load; empty when it did.</param>
/// <param name="IsContractMismatch">True when it was built for a contract version this host cannot run.</param>
public sealed record LoadedPluginInfo(
    string Name,
    string? Version,
    string? ContractVersion,
    string Folder,
    IReadOnlyList<PluginMetricInfo> Metrics,
    IReadOnlyList<string> Problems,
    bool IsContractMismatch = false)
{
    /// <summary>True when the plugin loaded and its metrics can be used.</summary>
    public bool IsLoaded => Problems.Count == 0;

    /// <summary>A record for a folder that failed to load.</summary>
    internal static LoadedPluginInfo Failed(string folder, string problem, bool isContractMismatch = false, string? name = null) =>
        new(name ?? Path.GetFileName(folder), null, null, folder, [], [problem], isContractMismatch);
}

/// <summary>How the catalog loads and runs plugins.</summary>
/// <param name="Isolated">Run every plugin in a worker process (describe at load, compute per KPI) instead of in this process.</param>
/// <param name="Timeout">How long one worker call may take before the worker is killed.</param>
/// <param name="WorkerPath">The worker assembly; null for <c>KpiEngine.PluginWorker.dll</c> next to the application.</param>
/// <param name="Time">The clock plugins get; null for the system clock.</param>
internal sealed record PluginHostOptions(bool Isolated, TimeSpan Timeout, string? WorkerPath = null, TimeProvider? Time = null)
{
    /// <summary>In-process, 30 s timeout (used only when isolated).</summary>
    public static PluginHostOptions Default { get; } = new(false, TimeSpan.FromSeconds(30));
}
