using KpiEngine.Definitions;
using KpiEngine.Evaluation;

namespace KpiEngine.Hosting;

/// <summary>
/// The engine as a .NET host uses it: validate, run, explain and judge goals for client KPI sets,
/// with the plugin folders, culture, clock and logging of <see cref="KpiEngineOptions"/>. Register it
/// with <see cref="KpiEngineServiceCollectionExtensions.AddKpiEngine"/>. One instance serves many
/// callers at once; plugins are loaded once per set of folders and kept for the engine's lifetime.
/// </summary>
/// <remarks>
/// No method throws for bad input (a missing file, invalid YAML, a failing plugin): every problem is
/// a <see cref="Diagnostics.Diagnostic"/> in the result, with its file, line and column. The work runs
/// on the thread pool; cancelling the token stops a run between datasets and periods and throws
/// <see cref="OperationCanceledException"/>.
/// </remarks>
public interface IKpiEngine
{
    /// <summary>
    /// Checks a client, catalog, profile or goal-template file without reading data rows: YAML, keys,
    /// formulas, names, cycles, dataset files and columns, and the plugin metrics a client uses.
    /// </summary>
    /// <param name="file">The YAML file.</param>
    /// <param name="cancellationToken">Stops waiting for the check.</param>
    Task<KpiValidation> ValidateAsync(string file, CancellationToken cancellationToken = default);

    /// <summary>
    /// Evaluates a client file against its datasets: every selected KPI per period (and per dimension
    /// when asked), each a number or undefined with its reason, with benchmarks, statuses and goals.
    /// </summary>
    /// <param name="clientFile">The client KPI set file.</param>
    /// <param name="options">Grain, period range, dimensions and the like; null for months over all data. Its plugin folders are searched after <see cref="KpiEngineOptions.PluginFolders"/>.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    Task<ClientResult> RunAsync(string clientFile, EvaluationOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Explains one KPI or input of a client: its formula, what each name in it means and where it is
    /// defined, what it depends on and what uses it, and its benchmark. The result's value is null
    /// (with diagnostics) when the client cannot be loaded or has no such KPI or input.
    /// </summary>
    /// <param name="clientFile">The client KPI set file.</param>
    /// <param name="kpi">The id of the KPI or input.</param>
    /// <param name="cancellationToken">Stops waiting for the explanation.</param>
    Task<LoadResult<KpiExplanation>> ExplainAsync(string clientFile, string kpi, CancellationToken cancellationToken = default);

    /// <summary>
    /// How the client's goals stand: baseline, target, current value, progress, projection and status
    /// of each, judged at <see cref="EvaluationOptions.AsOf"/> (else the last period with data).
    /// </summary>
    /// <param name="clientFile">The client KPI set file.</param>
    /// <param name="options">As for <see cref="RunAsync"/>; null for months.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    Task<KpiGoalReport> GoalsAsync(string clientFile, EvaluationOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The plugins the engine finds (<see cref="KpiEngineOptions.PluginFolders"/>, <c>plugins/</c> next to
    /// the application and, with <paramref name="clientFile"/>, next to the client and in its own
    /// folders): each with its version and metrics, or why it did not load.
    /// </summary>
    /// <param name="clientFile">A client file whose plugin folders to include; null for the engine's folders only.</param>
    /// <param name="cancellationToken">Stops waiting for the list.</param>
    Task<KpiPluginListing> ListPluginsAsync(string? clientFile = null, CancellationToken cancellationToken = default);
}
