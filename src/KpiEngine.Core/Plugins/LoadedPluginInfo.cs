using KpiEngine.Abstractions;

namespace KpiEngine.Plugins;

/// <summary>One metric of a loaded plugin, as <c>kpi list plugins</c> shows it.</summary>
internal sealed record PluginMetricInfo(
    string Name,
    string Description,
    IReadOnlyList<MetricColumnRequest> Columns,
    IReadOnlyList<string> Outputs);

/// <summary>
/// A plugin as found in a folder: what it declares, or, when it could not be loaded, the folder
/// name as <see cref="Name"/> and the reasons in <see cref="Problems"/>.
/// </summary>
internal sealed record LoadedPluginInfo(
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
    public static LoadedPluginInfo Failed(string folder, string problem, bool isContractMismatch = false, string? name = null) =>
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
