using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;
using KpiEngine.Goals;
using KpiEngine.Plugins;

namespace KpiEngine.Hosting;

/// <summary>The outcome of <see cref="IKpiEngine.ValidateAsync"/>: every problem found in one file.</summary>
/// <param name="File">The file checked.</param>
/// <param name="Diagnostics">Every problem found, in the order found; empty for a clean file.</param>
public sealed record KpiValidation(string File, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when no diagnostic is an error (warnings and notes may remain).</summary>
    public bool IsValid => !Diagnostics.Any(d => d.IsError);
}

/// <summary>The outcome of <see cref="IKpiEngine.GoalsAsync"/>: how one client's goals stand.</summary>
/// <param name="Client">The client id.</param>
/// <param name="Status">Whether the client ran, and how cleanly; goals are empty when it <see cref="ClientStatus.Failed"/>.</param>
/// <param name="Goals">Each goal of the client file, in file order; empty when it has none.</param>
/// <param name="Diagnostics">Every problem found while loading and running the client.</param>
public sealed record KpiGoalReport(string Client, ClientStatus Status, IReadOnlyList<GoalResult> Goals, IReadOnlyList<Diagnostic> Diagnostics);

/// <summary>The outcome of <see cref="IKpiEngine.ListPluginsAsync"/>.</summary>
/// <param name="Plugins">Each plugin found, loaded or not (<see cref="LoadedPluginInfo.IsLoaded"/>).</param>
/// <param name="Diagnostics">Load problems, each naming the plugin (KPI6xxx).</param>
public sealed record KpiPluginListing(IReadOnlyList<LoadedPluginInfo> Plugins, IReadOnlyList<Diagnostic> Diagnostics);
