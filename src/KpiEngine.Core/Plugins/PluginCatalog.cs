using KpiEngine.Abstractions;
using KpiEngine.Datasets;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;

namespace KpiEngine.Plugins;

/// <summary>
/// The plugins available to one run, loaded once from a set of folders, and the place KPIs
/// written as <c>plugin: name/metric</c> are bound to them. In isolated mode no plugin code
/// runs in this process: plugins are described and run by worker processes.
/// </summary>
internal sealed class PluginCatalog
{
    /// <summary>The parameter prefix that maps a metric's column to a differently named dataset column: <c>column.state: status</c>.</summary>
    public const string ColumnParameterPrefix = "column.";

    private readonly Dictionary<string, Entry> _byName;
    private readonly DiagnosticBag _log;

    private PluginCatalog(IReadOnlyList<LoadedPluginInfo> plugins, Dictionary<string, Entry> byName, DiagnosticBag log)
    {
        Plugins = plugins;
        _byName = byName;
        _log = log;
    }

    /// <summary>Every plugin found, loaded or not, in load order (for <c>kpi list plugins</c>).</summary>
    public IReadOnlyList<LoadedPluginInfo> Plugins { get; }

    /// <summary>
    /// The folders a run loads plugins from, in order: <c>plugins/</c> next to the application (the
    /// shipped plugins) and next to the client file when they exist, then the command line's
    /// <c>--plugins</c> folders, then the client file's <c>plugins:</c> folders.
    /// </summary>
    public static IReadOnlyList<string> SearchFolders(string? clientFile, IEnumerable<string> commandLineFolders, IEnumerable<string> clientFolders)
    {
        ArgumentNullException.ThrowIfNull(commandLineFolders);
        ArgumentNullException.ThrowIfNull(clientFolders);
        var folders = new List<string>();
        AddIfExists(folders, Path.Combine(AppContext.BaseDirectory, "plugins"));
        if (clientFile is not null && Path.GetDirectoryName(Path.GetFullPath(clientFile)) is { } clientDirectory)
        {
            AddIfExists(folders, Path.Combine(clientDirectory, "plugins"));
        }

        folders.AddRange(commandLineFolders.Concat(clientFolders).Select(Path.GetFullPath));
        return [.. folders.Distinct(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal)];
    }

    /// <summary>Loads every plugin in <paramref name="folders"/>; each problem becomes a KPI6xxx diagnostic, never an exception.</summary>
    public static PluginCatalog Load(IEnumerable<string> folders, PluginHostOptions options, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(folders);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var log = LogTo(diagnostics);
        var infos = new List<LoadedPluginInfo>();
        var byName = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var root in folders)
        {
            if (!Directory.Exists(root))
            {
                diagnostics.Add(DiagnosticCatalog.PluginFolderNotFound, $"Plugin folder '{root}' does not exist.");
                continue;
            }

            foreach (var folder in PluginLoader.Discover(root))
            {
                foreach (var (info, runnerFor) in options.Isolated ? Describe(folder, options, log) : LoadInProcess(folder, options, log))
                {
                    infos.Add(info);
                    if (!info.IsLoaded)
                    {
                        var descriptor = info.IsContractMismatch ? DiagnosticCatalog.PluginContractMismatch : DiagnosticCatalog.PluginLoadFailed;
                        diagnostics.Add(descriptor, $"Plugin '{info.Name}' ({info.Folder}) was not loaded: {string.Join("; ", info.Problems)}.");
                    }
                    else if (byName.TryGetValue(info.Name, out var first))
                    {
                        diagnostics.Add(DiagnosticCatalog.DuplicatePlugin, $"Plugin '{info.Name}' is in both {first.Info.Folder} and {info.Folder}; the first is used.");
                    }
                    else
                    {
                        byName.Add(info.Name, new Entry(info, runnerFor));
                    }
                }
            }
        }

        return new PluginCatalog(infos, byName, diagnostics);
    }

    /// <summary>
    /// Binds a KPI written as <c>plugin: name/metric</c> to its metric and dataset. Returns null
    /// after reporting a configuration error (unknown metric or output, missing column); returns
    /// a binding that yields undefined values when the plugin is not available because a plugin
    /// folder failed to load (the run goes on).
    /// </summary>
    public IPluginMetricBinding? Bind(KpiDefinition kpi, DatasetSchema? dataset, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(kpi);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var reference = kpi.Plugin ?? throw new ArgumentException($"KPI '{kpi.Id}' is not a plugin KPI.", nameof(kpi));
        var qualified = $"{reference.Plugin}/{reference.Metric}";
        if (!_byName.TryGetValue(reference.Plugin, out var entry))
        {
            return UnknownPlugin(kpi, reference, diagnostics);
        }

        var metric = entry.Info.Metrics.FirstOrDefault(m => m.Name == reference.Metric);
        if (metric is null)
        {
            diagnostics.Add(
                DiagnosticCatalog.UnknownPluginMetric,
                $"KPI '{kpi.Id}': plugin '{reference.Plugin}' has no metric '{reference.Metric}' (it has {string.Join(", ", entry.Info.Metrics.Select(m => m.Name))}).",
                reference.Span,
                NameSuggestions.DidYouMean(reference.Metric, entry.Info.Metrics.Select(m => m.Name)));
            return null;
        }

        var output = reference.Output ?? metric.Outputs[0];
        if (!metric.Outputs.Contains(output, StringComparer.Ordinal))
        {
            diagnostics.Add(
                DiagnosticCatalog.UnknownPluginMetric,
                $"KPI '{kpi.Id}': plugin metric '{qualified}' has no output '{output}' (it has {string.Join(", ", metric.Outputs)}).",
                reference.Span,
                NameSuggestions.DidYouMean(output, metric.Outputs));
            return null;
        }

        // Both checks report, so one run of validate shows every problem of the KPI.
        var parametersOk = PluginParameterCheck.Check(kpi, metric, diagnostics);
        var mapping = MapColumns(kpi, metric, dataset, diagnostics);
        return mapping is null || !parametersOk ? null : new PluginMetricBinding(kpi, output, entry.RunnerFor(metric.Name), mapping, diagnostics,
            isCohort: metric.CohortOutputs?.Contains(output, StringComparer.Ordinal) == true);
    }

    private UnavailablePluginBinding? UnknownPlugin(KpiDefinition kpi, PluginReference reference, DiagnosticBag diagnostics)
    {
        var failed = Plugins.Where(p => !p.IsLoaded).ToList();
        var suggestion = NameSuggestions.DidYouMean(reference.Plugin, _byName.Keys);
        if (failed.Count == 0 || suggestion is not null)
        {
            var loaded = _byName.Count == 0 ? "no plugins are loaded" : $"loaded plugins: {string.Join(", ", _byName.Keys.Order(StringComparer.Ordinal))}";
            diagnostics.Add(DiagnosticCatalog.UnknownPlugin, $"KPI '{kpi.Id}' uses plugin '{reference.Plugin}', which is not loaded ({loaded}).", reference.Span, suggestion);
            return null;
        }

        // A folder that failed to load may be the plugin this KPI wants: its name is unknown until
        // its code runs, so the KPI is undefined with the load problems and the run goes on.
        var reason = $"plugin '{reference.Plugin}' is not available; plugins that failed to load: {string.Join("; ", failed.Select(f => $"{f.Name}: {string.Join("; ", f.Problems)}"))}";
        diagnostics.Add(DiagnosticCatalog.UnknownPlugin, $"KPI '{kpi.Id}': {reason}.", reference.Span);
        return new UnavailablePluginBinding(reason);
    }

    private static void AddIfExists(List<string> folders, string folder)
    {
        if (Directory.Exists(folder))
        {
            folders.Add(Path.GetFullPath(folder));
        }
    }

    private static List<(MetricColumnRequest, ColumnSchema)>? MapColumns(KpiDefinition kpi, PluginMetricInfo metric, DatasetSchema? dataset, DiagnosticBag diagnostics)
    {
        var reference = kpi.Plugin!;
        var mapping = new List<(MetricColumnRequest, ColumnSchema)>();
        if (dataset is null)
        {
            if (metric.Columns.Count == 0)
            {
                return mapping;
            }

            diagnostics.Add(
                DiagnosticCatalog.MissingKey,
                $"KPI '{kpi.Id}' uses plugin metric '{reference.Plugin}/{reference.Metric}', which reads columns ({string.Join(", ", metric.Columns.Select(c => c.Name))}), but names no dataset.",
                reference.Span,
                "Add 'dataset: <name>' to the KPI.");
            return null;
        }

        var ok = true;
        foreach (var request in metric.Columns)
        {
            var name = reference.Parameters.GetValueOrDefault(ColumnParameterPrefix + request.Name) ?? request.Name;
            var column = dataset.Find(name);
            if (column is null)
            {
                if (request.Required)
                {
                    ok = false;
                    diagnostics.Add(
                        DiagnosticCatalog.ColumnMissing,
                        $"KPI '{kpi.Id}': dataset '{dataset.Name}' has no column '{name}', which plugin metric '{reference.Plugin}/{reference.Metric}' needs ({request.Description}).",
                        reference.Span,
                        NameSuggestions.DidYouMean(name, dataset.Columns.Select(c => c.Name))
                            ?? $"Map it with the parameter '{ColumnParameterPrefix}{request.Name}: <column>'.");
                }

                continue;
            }

            if (request.Kind == MetricColumnKind.Number && !column.IsNumeric
                && dataset.EmptyColumnProblem(name, $"plugin metric '{reference.Plugin}/{reference.Metric}' ('{request.Name}')") is { } empty)
            {
                ok = false;
                diagnostics.Add(DiagnosticCatalog.EmptyColumnIsText, $"KPI '{kpi.Id}': {empty.Message}", reference.Span, empty.Suggestion);
                continue;
            }

            if (request.Kind == MetricColumnKind.Number && !column.IsNumeric)
            {
                ok = false;
                diagnostics.Add(
                    DiagnosticCatalog.TypeMismatch,
                    $"KPI '{kpi.Id}': plugin metric '{reference.Plugin}/{reference.Metric}' needs numbers in '{request.Name}', but column '{name}' of dataset '{dataset.Name}' is text.",
                    reference.Span,
                    "Declare the column's type in the dataset's 'columns:'.");
                continue;
            }

            mapping.Add((request, column));
        }

        return ok ? mapping : null;
    }

    private static IEnumerable<(LoadedPluginInfo Info, Func<string, IPluginMetricRunner> RunnerFor)> LoadInProcess(
        string folder, PluginHostOptions options, Action<string, PluginLogLevel, string> log) =>
        PluginLoader.Load(folder, options.Time ?? TimeProvider.System, log)
            .Select(p => (p.Info, (Func<string, IPluginMetricRunner>)(metric => new InProcessMetricRunner(p.Metrics[metric]))));

    private static IEnumerable<(LoadedPluginInfo Info, Func<string, IPluginMetricRunner> RunnerFor)> Describe(
        string folder, PluginHostOptions options, Action<string, PluginLogLevel, string> log)
    {
        // Check the contract here too, so a mismatched plugin does not even reach a worker.
        var (problem, mismatch) = PluginLoader.CheckBeforeLoading(folder);
        if (problem is not null)
        {
            return [(LoadedPluginInfo.Failed(folder, problem, mismatch), _ => throw new InvalidOperationException("not loaded"))];
        }

        WorkerResponse response;
        try
        {
            response = PluginWorkerProcess.Run(new WorkerRequest(WorkerProtocol.Describe, folder, null, null, null), Path.GetFileName(folder), options, CancellationToken.None);
        }
        catch (PluginRunException ex)
        {
            return [(LoadedPluginInfo.Failed(folder, ex.Message), _ => throw new InvalidOperationException("not loaded"))];
        }

        foreach (var entry in response.Log)
        {
            log(entry.Plugin, entry.Level, entry.Message);
        }

        return (response.Plugins ?? []).Select(p => WorkerProtocol.FromWire(p, folder))
            .Select(info => (info, (Func<string, IPluginMetricRunner>)(metric => new WorkerMetricRunner(folder, info.Name, metric, options, log))));
    }

    private static Action<string, PluginLogLevel, string> LogTo(DiagnosticBag diagnostics) => (plugin, level, message) =>
    {
        if (level >= PluginLogLevel.Warning)
        {
            diagnostics.Add(DiagnosticCatalog.PluginLog, $"Plugin '{plugin}' ({(level == PluginLogLevel.Error ? "error" : "warning")}): {message}");
        }
    };

    private sealed record Entry(LoadedPluginInfo Info, Func<string, IPluginMetricRunner> RunnerFor);
}
