using System.Globalization;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;
using Microsoft.Extensions.Logging;

namespace KpiEngine.Hosting;

/// <summary>
/// <see cref="IKpiEngine"/> over one <see cref="KpiEvaluator"/>: the host's options are merged into
/// each call's, the work runs on the thread pool under the configured culture, and every result's
/// diagnostics are logged.
/// </summary>
internal sealed class KpiEngineService : IKpiEngine
{
    private readonly KpiEngineOptions _options;
    private readonly ILogger _logger;
    private readonly KpiEvaluator _evaluator;

    public KpiEngineService(KpiEngineOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _logger = logger;
        // Copied once: the evaluator caches plugins per folder list, so the folders must not change under it.
        _evaluator = new KpiEvaluator { AllowedFolders = [.. options.AllowedFolders.Select(Path.GetFullPath)] };
    }

    public Task<KpiValidation> ValidateAsync(string file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Work(() =>
        {
            var validation = new KpiValidation(file, _evaluator.Validate(file, Merge(null)));
            Log(file, validation.Diagnostics);
            if (_logger.IsEnabled(LogLevel.Information))
            {
                var errors = validation.Diagnostics.Count(d => d.IsError);
                var warnings = validation.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
                KpiEngineLog.Validated(_logger, file, errors, warnings);
            }

            return validation;
        }, cancellationToken);
    }

    public Task<ClientResult> RunAsync(string clientFile, EvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientFile);
        return Work(() => Run(clientFile, options, cancellationToken), cancellationToken);
    }

    public Task<LoadResult<KpiExplanation>> ExplainAsync(string clientFile, string kpi, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientFile);
        ArgumentNullException.ThrowIfNull(kpi);
        return Work(() =>
        {
            var explained = _evaluator.Explain(clientFile, kpi, Merge(null));
            Log(clientFile, explained.Diagnostics);
            return explained;
        }, cancellationToken);
    }

    public Task<KpiGoalReport> GoalsAsync(string clientFile, EvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientFile);
        return Work(() =>
        {
            var result = Run(clientFile, options, cancellationToken);
            return new KpiGoalReport(result.Client, result.Status, result.Goals, result.Diagnostics);
        }, cancellationToken);
    }

    public Task<KpiPluginListing> ListPluginsAsync(string? clientFile = null, CancellationToken cancellationToken = default) =>
        Work(() =>
        {
            var diagnostics = new DiagnosticBag();
            var plugins = _evaluator.ListPlugins(clientFile, Merge(null), diagnostics);
            Log(clientFile ?? "plugins", diagnostics.Items);
            return new KpiPluginListing(plugins, diagnostics.Items);
        }, cancellationToken);

    private ClientResult Run(string clientFile, EvaluationOptions? options, CancellationToken cancellationToken)
    {
        KpiEngineLog.RunStarting(_logger, clientFile);
        var started = _options.TimeProvider.GetTimestamp();
        var result = _evaluator.Run(clientFile, Merge(options), cancellationToken);
        Log(clientFile, result.Diagnostics);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var defined = result.Results.Count(r => r.Value is not null);
            var elapsed = (long)_options.TimeProvider.GetElapsedTime(started).TotalMilliseconds;
            KpiEngineLog.RunFinished(_logger, result.Client, result.Status, defined, result.Results.Count - defined, result.Periods.Count, elapsed);
        }
        return result;
    }

    /// <summary>
    /// A call's options with the host's: the host's plugin folders first, isolation when either asks
    /// for it (a host that isolates plugins cannot be talked out of it by one call), the host's clock.
    /// </summary>
    private EvaluationOptions Merge(EvaluationOptions? call)
    {
        var options = call ?? new EvaluationOptions();
        return options with
        {
            PluginFolders = [.. _options.PluginFolders.Select(Path.GetFullPath), .. options.PluginFolders],
            IsolatePlugins = _options.IsolatePlugins || options.IsolatePlugins,
            PluginTimeout = options.IsolatePlugins ? options.PluginTimeout : _options.PluginTimeout,
            Time = _options.TimeProvider,
        };
    }

    private void Log(string file, IReadOnlyList<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            var level = diagnostic.Severity switch
            {
                DiagnosticSeverity.Error => LogLevel.Error,
                DiagnosticSeverity.Warning => LogLevel.Warning,
                _ => LogLevel.Information,
            };
            if (_logger.IsEnabled(level))
            {
                var text = diagnostic.ToString();
                KpiEngineLog.Diagnostic(_logger, level, diagnostic.Id, file, text);
            }

        }
    }

    /// <summary>Runs <paramref name="work"/> on the thread pool with the configured culture as the current culture of that work only.</summary>
    private Task<T> Work<T>(Func<T> work, CancellationToken cancellationToken) =>
        Task.Run(
            () =>
            {
                // The culture lives in the task's execution context, so it ends with the task and never leaks into the pool thread.
                CultureInfo.CurrentCulture = _options.Culture;
                CultureInfo.CurrentUICulture = _options.Culture;
                return work();
            },
            cancellationToken);
}
