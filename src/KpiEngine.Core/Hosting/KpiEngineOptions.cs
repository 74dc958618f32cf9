using System.Globalization;

namespace KpiEngine.Hosting;

/// <summary>How a host's <see cref="IKpiEngine"/> finds plugins and data, and the culture and clock it runs with.</summary>
public sealed class KpiEngineOptions
{
    /// <summary>
    /// Plugin roots or plugin folders to search, besides <c>plugins/</c> next to the application and
    /// next to each client file and the client's own. A folder that does not exist is reported (KPI6009).
    /// </summary>
    public IList<string> PluginFolders { get; } = [];

    /// <summary>Folders client files may read includes, profiles and data from besides their own project tree.</summary>
    public IList<string> AllowedFolders { get; } = [];

    /// <summary>Run plugin metrics in a worker process killed after <see cref="PluginTimeout"/>, for plugins the host does not trust.</summary>
    public bool IsolatePlugins { get; set; }

    /// <summary>How long one isolated plugin call may take; 30 seconds by default.</summary>
    public TimeSpan PluginTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The culture the engine's work (and in-process plugin code) runs under: the current culture of
    /// the calls it makes. Invariant by default, so that a host running in, say, <c>de-DE</c> gets the
    /// same numbers as anywhere else. Datasets declare the culture of their own files (<c>culture:</c>);
    /// this does not change how they are read.
    /// </summary>
    public CultureInfo Culture { get; set; } = CultureInfo.InvariantCulture;

    /// <summary>The clock plugins are given and runs are timed with (for the log); the system clock by default.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
