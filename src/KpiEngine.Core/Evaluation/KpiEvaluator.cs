using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using KpiEngine.Benchmarks;
using KpiEngine.Datasets;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;
using KpiEngine.Goals;
using KpiEngine.Plugins;
using KpiEngine.Time;

namespace KpiEngine.Evaluation;

/// <summary>
/// Evaluates client KPI sets: load, validate, compile once, scan each dataset once, then
/// compute every KPI per period in dependency order. Thread-safe: one instance can run many
/// clients in parallel.
/// </summary>
public sealed partial class KpiEvaluator
{
    /// <summary>
    /// The most periods one run computes: 100,000 days are 270 years. More means a placeholder date
    /// or a --from/--to far from the data, and would take the memory of every value in every period.
    /// </summary>
    internal const int MaxPeriods = 100_000;

    private readonly KpiSetLoader _loader = new();

    /// <summary>Folders clients may read from besides their project tree (see <see cref="KpiSetLoader.AllowedFolders"/>).</summary>
    public IReadOnlyList<string> AllowedFolders
    {
        get => _loader.AllowedFolders;
        init => _loader = new KpiSetLoader { AllowedFolders = value };
    }

    // Plugin folders are loaded once per evaluator and folder list: load contexts are costly and
    // a batch of clients usually shares its plugins. The load's diagnostics are kept with it and
    // given to every client that uses a plugin.
    private readonly ConcurrentDictionary<string, Lazy<(PluginCatalog Catalog, IReadOnlyList<Diagnostic> Diagnostics)>> _plugins = new(StringComparer.Ordinal);

    /// <summary>
    /// The CSV samples validations have read, so validating a folder of clients that share an export reads
    /// it once. Runs do not use them: a run reads the whole file anyway, and reads it as it is now.
    /// </summary>
    private readonly DatasetSchemaReader.SampleCache _samples = new();

    /// <summary>Loads and evaluates one client file. Never throws for bad input: problems are in the result's diagnostics.</summary>
    public ClientResult Run(string clientFile, EvaluationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientFile);
        ArgumentNullException.ThrowIfNull(options);
        return Run(clientFile, null, options, cancellationToken);
    }

    /// <summary>
    /// Evaluates a client file, from <paramref name="loaded"/> when the caller already loaded it
    /// (a batch does, to learn ids and hash inputs) so the YAML is not parsed twice.
    /// </summary>
    internal ClientResult Run(string clientFile, LoadResult<KpiSet>? loaded, EvaluationOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return RunLoaded(clientFile, loaded ?? _loader.LoadClient(clientFile), options, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            // A defect (ours, a library's) must fail this client only, never the caller's other clients.
            var id = Path.GetFileNameWithoutExtension(clientFile);
            return new ClientResult(id, id, clientFile, options.Grain, [], [], [Unexpected(clientFile, exception)], ClientStatus.Failed);
        }
    }

    /// <summary>The diagnostic for an exception nothing expected: the file, and what went wrong, so it can be reported.</summary>
    private static Diagnostic Unexpected(string file, Exception exception) =>
        DiagnosticCatalog.ClientFailed.Create(
            $"'{Path.GetFileName(file)}' could not be processed: {exception.GetType().Name}: {exception.Message}",
            SourceSpan.At(file, 1, 1),
            "This is a KpiEngine defect; please report it with the file. Other files are not affected.");

    private ClientResult RunLoaded(string clientFile, LoadResult<KpiSet> loaded, EvaluationOptions options, CancellationToken cancellationToken)
    {
        if (loaded.Value is not { } set)
        {
            var id = Path.GetFileNameWithoutExtension(clientFile);
            return new ClientResult(id, id, clientFile, options.Grain, [], [], loaded.Diagnostics, ClientStatus.Failed);
        }

        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(loaded.Diagnostics);
        return Run(set, options, diagnostics, cancellationToken);
    }

    /// <summary>Evaluates an already loaded KPI set.</summary>
#pragma warning disable CA1822 // An instance method like its overloads, so callers hold one evaluator for everything.
    public ClientResult Run(KpiSet set, EvaluationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(options);
        return Run(set, options, new DiagnosticBag(), cancellationToken);
    }

    /// <summary>
    /// The plugins a client can use: <c>plugins/</c> next to the executable and next to the
    /// client file, the folders in <paramref name="options"/>, and the client's own.
    /// </summary>
    internal Func<DiagnosticBag, PluginCatalog> PluginSource(KpiSet set, EvaluationOptions options)
    {
        var folders = PluginCatalog.SearchFolders(set.SourceFile, options.PluginFolders, set.PluginFolders);
        var key = string.Join('\n', folders) + (options.IsolatePlugins ? "|isolated|" + options.PluginTimeout.Ticks : string.Empty);
        return diagnostics =>
        {
            var loaded = _plugins.GetOrAdd(key, _ => new Lazy<(PluginCatalog, IReadOnlyList<Diagnostic>)>(() =>
            {
                var bag = new DiagnosticBag();
                var catalog = PluginCatalog.Load(folders, new PluginHostOptions(options.IsolatePlugins, options.PluginTimeout, Time: options.Time), bag);
                return (catalog, bag.Items);
            })).Value;
            diagnostics.AddRange(loaded.Diagnostics);
            return loaded.Catalog;
        };
    }

    /// <summary>
    /// Loads the plugins a client can use (or, without <paramref name="clientFile"/>, only those in
    /// <see cref="EvaluationOptions.PluginFolders"/> and next to the application), for listing them:
    /// each with its version and metrics, or the folder and why it did not load.
    /// </summary>
    public IReadOnlyList<LoadedPluginInfo> ListPlugins(string? clientFile, EvaluationOptions options, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var clientFolders = Array.Empty<string>() as IReadOnlyList<string>;
        if (clientFile is not null)
        {
            var loaded = _loader.LoadClient(clientFile);
            diagnostics.AddRange(loaded.Diagnostics);
            clientFolders = loaded.Value?.PluginFolders ?? [];
        }

        var folders = PluginCatalog.SearchFolders(clientFile is null ? null : Path.GetFullPath(clientFile), options.PluginFolders, clientFolders);
        return PluginCatalog.Load(folders, new PluginHostOptions(options.IsolatePlugins, options.PluginTimeout, Time: options.Time), diagnostics).Plugins;
    }
#pragma warning restore CA1822

    /// <summary>
    /// Validates a client or catalog file without scanning data: YAML, model, formulas, names,
    /// cycles, dataset files and columns. Returns every problem found.
    /// </summary>
    public IReadOnlyList<Diagnostic> Validate(string file) => Validate(file, new EvaluationOptions());

    /// <summary>
    /// As <see cref="Validate(string)"/>, with the plugin folders and isolation of
    /// <paramref name="options"/>: the client's plugin metrics are checked against the plugins
    /// found there, loaded in a worker process when <see cref="EvaluationOptions.IsolatePlugins"/>
    /// is set, so no plugin code runs in this process.
    /// </summary>
    public IReadOnlyList<Diagnostic> Validate(string file, EvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return ValidateFile(file, options);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            return [Unexpected(file, exception)];
        }
    }

    private IReadOnlyList<Diagnostic> ValidateFile(string file, EvaluationOptions options)
    {
        switch (KpiSetLoader.Classify(file))
        {
            case DefinitionFileKind.Catalog:
                return WithTests(file, ValidateCatalog(file));
            case DefinitionFileKind.GoalTemplates:
                return _loader.LoadGoalTemplates(file).Diagnostics;
            case DefinitionFileKind.Profile:
                return _loader.LoadProfile(file).Diagnostics;
            case DefinitionFileKind.Tests:
                return _loader.LoadTests(file).Diagnostics;
        }

        var loaded = _loader.LoadClient(file);
        if (loaded.Value is not { } set)
        {
            return loaded.Diagnostics;
        }

        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(loaded.Diagnostics);
        var plan = ClientPlan.Build(set, includeInputs: true, diagnostics, PluginSource(set, options), _samples);
        StatusJudge.Create(set, plan, Grain.Month, diagnostics);
        ValidateSubtotals(set, plan, diagnostics);
        PeriodCheck.WarnUndeclaredTimeless(plan, diagnostics);
        PeriodCheck.CheckSampledPeriods(plan, diagnostics);
        return set.HasTests ? WithTests(file, diagnostics.Items) : diagnostics.Items;
    }

    /// <summary>A file's own problems, then those of its <c>tests:</c> section, read only when the file itself is clean (so no problem is told twice).</summary>
    private IReadOnlyList<Diagnostic> WithTests(string file, IReadOnlyList<Diagnostic> diagnostics) =>
        diagnostics.Any(d => d.IsError) ? diagnostics : [.. diagnostics, .. _loader.LoadTests(file).Diagnostics];

    /// <summary>
    /// Explains one KPI or input of a client: its formula, what each name means and where it is
    /// defined, its dependencies and dependents. Returns null (with diagnostics) when the client
    /// cannot be loaded or has no such KPI.
    /// </summary>
    public LoadResult<KpiExplanation> Explain(string clientFile, string id) => Explain(clientFile, id, new EvaluationOptions());

    /// <summary>As <see cref="Explain(string, string)"/>, finding plugin metrics in the plugin folders of <paramref name="options"/>.</summary>
    public LoadResult<KpiExplanation> Explain(string clientFile, string id, EvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(clientFile);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(options);
        if (Load(clientFile, out var diagnostics) is not { } set)
        {
            return new LoadResult<KpiExplanation>(null, diagnostics.Items);
        }

        var plan = ClientPlan.Build(set, includeInputs: true, diagnostics, PluginSource(set, options));
        if (!plan.Nodes.TryGetValue(id, out var node) || node.Kind == MetricKind.Parameter)
        {
            diagnostics.Add(
                DiagnosticCatalog.UnknownReference,
                $"Client '{set.ClientId}' has no KPI or input '{id}'.",
                null,
                NameSuggestions.DidYouMean(id, plan.Nodes.Values.Where(n => n.Kind != MetricKind.Parameter).Select(n => n.Name)) ?? "Run 'kpi list kpis' to see them.");
            return new LoadResult<KpiExplanation>(null, diagnostics.Items);
        }

        var names = (node.Compiled?.References ?? []).Select(r => plan.Nodes.TryGetValue(r.Name, out var target)
            ? new ExplainedName(r.Name, Kind(target), Describe(target), target.Span)
            : new ExplainedName(r.Name, "unknown", "not a KPI, input or parameter", null)).ToList();
        var dependsOn = new List<string>();
        var seen = new HashSet<MetricNode>();
        Collect(node);
        dependsOn.Remove(node.Name);
        var usedBy = plan.Nodes.Values.Where(n => n.Dependencies.Contains(node)).Select(n => n.Name).Order(StringComparer.Ordinal).ToList();
        var explanation = new KpiExplanation(
            node.Name,
            Kind(node),
            node.Kpi?.Name ?? node.Name,
            node.Kpi,
            node.Formula?.Text,
            node.Dataset,
            [.. (node.Compiled?.Aggregates ?? []).Select(a => a.Key)],
            node.Span,
            names,
            dependsOn,
            usedBy,
            diagnostics.Items)
        {
            Benchmark = node.Kpi is not null ? set.Benchmarks.GetValueOrDefault(id) : null,
            MinSample = node.Kpi is not null ? StatusJudge.RuleOf(set, id) : null,
            Scorecard = set.Scorecard,
            Access = PlannedAccess(plan, [node.Name, .. dependsOn], new PeriodCalendar(options.Grain, set.Calendar), options.Pushdown),
        };
        return new LoadResult<KpiExplanation>(explanation, diagnostics.Items);

        void Collect(MetricNode current)
        {
            if (!seen.Add(current))
            {
                return;
            }

            foreach (var dependency in current.Dependencies)
            {
                Collect(dependency);
            }

            dependsOn.Add(current.Name);
        }

        static string Kind(MetricNode target) => target.Kind switch
        {
            MetricKind.Kpi => "kpi",
            MetricKind.Input => "input",
            _ => "parameter",
        };

        static string Describe(MetricNode target) => target.Kind switch
        {
            MetricKind.Parameter => $"= {target.ParameterValue.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}",
            _ when target.Kpi?.Plugin is { } plugin => $"plugin metric {plugin.Plugin}/{plugin.Metric}" + (target.Dataset is null ? string.Empty : $" over dataset '{target.Dataset}'"),
            _ => (target.Dataset is null ? string.Empty : $"over dataset '{target.Dataset}': ") + target.Formula?.Text,
        };
    }

    private IReadOnlyList<Diagnostic> ValidateCatalog(string file)
    {
        var loaded = _loader.LoadCatalog(file);
        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(loaded.Diagnostics);
        if (loaded.Value is { } catalog)
        {
            // A catalog is written over inputs it does not define, so only syntax and structure can be checked here.
            var compiler = new FormulaCompiler();
            var names = catalog.Kpis.Select(k => k.Id).ToArray();
            foreach (var kpi in catalog.Kpis.Where(k => k.Formula is not null && k.Dataset is null))
            {
                compiler.Compile(kpi.Formula!, new FormulaScope { Owner = $"KPI '{kpi.Id}'", Names = names }, diagnostics);
            }
        }

        return diagnostics.Items;
    }

    private ClientResult Run(KpiSet set, EvaluationOptions options, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        var plan = ClientPlan.Build(set, options.IncludeInputs, diagnostics, PluginSource(set, options));
        PeriodCheck.WarnUndeclaredTimeless(plan, diagnostics);
        var calendar = Calendar(options, set.Calendar, diagnostics);
        var from = ParseBound(options.From, calendar, end: false, diagnostics);
        var to = ParseBound(options.To, calendar, end: true, diagnostics);
        // --by replaces the client file's by:, so one run can ask for other dimensions (or, with the file's, none).
        var fromFile = options.Dimensions.Count == 0 && set.Dimensions.Count > 0;
        if (DimensionIndex.Create(plan, fromFile ? set.Dimensions : options.Dimensions, fromFile ? set.DimensionSpans : null, diagnostics) is not { } dimensions)
        {
            return new ClientResult(set.ClientId, set.Name, set.SourceFile, options.Grain, [], [], diagnostics.Items, ClientStatus.Failed, set.Currency);
        }

        PlanSubtotals(set, plan, options, dimensions, diagnostics);
        var cohortStarts = plan.Cohorts.Select(c => (Plan: c, Table: c.Starts.CreateTable())).ToList();
        var scans = Scan(plan, calendar, dimensions, options, diagnostics, cancellationToken, [.. cohortStarts.Select(c => (c.Plan.Dataset, c.Table))]);
        var timed = scans.Values.Where(s => s.FirstPeriod is not null).ToList();
        var dataFirst = timed.Count > 0 ? timed.Min(s => s.FirstPeriod!.Value) : (int?)null;
        var dataLast = timed.Count > 0 ? timed.Max(s => s.LastPeriod!.Value) : (int?)null;
        var grain = options.Grain;
        if (PeriodCheck.IsSnapshot(plan))
        {
            // No dataset has dates: whatever the grain asked for, there is one period, all the rows.
            if (!string.IsNullOrWhiteSpace(options.From) || !string.IsNullOrWhiteSpace(options.To))
            {
                diagnostics.Add(DiagnosticCatalog.BoundsIgnored, $"Client '{set.ClientId}' has no dataset with dates, so --from/--to cannot bound its rows; its one period 'all' covers every row.",
                    SourceSpan.At(set.SourceFile, 1, 1), "Leave out --from/--to for this client, or give a dataset a time column.");
            }

            grain = Grain.All;
            calendar = PeriodCalendar.WholeRange(set.Calendar, null, null);
            (dataFirst, dataLast) = (0, 0);
        }
        else if (grain == Grain.All)
        {
            // The one period is reported whenever some dataset has rows in it; rows outside --from/--to are periods -1 and 1.
            calendar = calendar.WithDataSpan(
                timed.Count > 0 ? DateOnly.FromDayNumber(timed.Min(s => s.FirstDay!.Value)) : null,
                timed.Count > 0 ? DateOnly.FromDayNumber(timed.Max(s => s.LastDay!.Value)) : null);
        }

        var reportFirst = from ?? dataFirst;
        var reportLast = to ?? dataLast;
        if (grain == Grain.All)
        {
            reportFirst = reportLast = dataFirst <= 0 && dataLast >= 0 ? 0 : null;
        }

        if (reportFirst is null || reportLast is null || reportFirst > reportLast)
        {
            PeriodCheck.ReportNoPeriod(plan, scans, diagnostics);
            return new ClientResult(set.ClientId, set.Name, set.SourceFile, grain, [], [], diagnostics.Items, ClientStatus.Failed, set.Currency);
        }

        // Values are computed for every period with data as well as the reported ones, so that
        // formulas can look at periods before the first one reported.
        var first = Math.Min(reportFirst.Value, dataFirst ?? reportFirst.Value);
        var last = Math.Max(reportLast.Value, dataLast ?? reportLast.Value);
        if ((long)last - first + 1 > MaxPeriods)
        {
            diagnostics.Add(DiagnosticCatalog.ClientFailed, string.Create(CultureInfo.InvariantCulture,
                    $"Client '{set.ClientId}' would compute {(long)last - first + 1} {options.Grain.ToString().ToLowerInvariant()} periods, from {calendar.Label(first)} to {calendar.Label(last)}; at most {MaxPeriods} are computed."),
                SourceSpan.At(set.SourceFile, 1, 1), "Narrow --from/--to, choose a coarser --grain, or narrow the datasets' time_window.");
            return new ClientResult(set.ClientId, set.Name, set.SourceFile, options.Grain, [], [], diagnostics.Items, ClientStatus.Failed, set.Currency);
        }

        var allPeriods = Enumerable.Range(first, last - first + 1).ToList();
        foreach (var node in plan.Order.Where(n => n.Plugin is not null))
        {
            node.PluginValues = node.Plugin!.Complete(calendar, allPeriods, dimensions.IsEmpty ? null : dimensions.KeyOf, cancellationToken);
        }

        // One set of values per dimension combination (the total first), subtotals included: each is computed from its own rows, so ratios are never averaged.
        var computed = Levels(dimensions, combination => new PeriodValues(plan, scans, calendar, first, last, combination));
        ComputeLevels(computed, dimensions, plan, options.ScanParallelism.Threads, cancellationToken);
        var levels = dimensions.ReportsSubtotals ? computed : computed.Where(level => !dimensions.IsSubtotal(level.Combination)).ToList();

        var judge = StatusJudge.Create(set, plan, grain, diagnostics);
        var reported = Enumerable.Range(reportFirst.Value, reportLast.Value - reportFirst.Value + 1).ToList();
        var labels = reported.ToDictionary(period => period, calendar.Label);
        Func<int, string> label = calendar.Label;
        // Results in the documented order (KPI, period, then the total before each combination), each level's
        // made by one thread into its own places: the same list whatever the threads.
        var nodes = plan.Reported;
        var benchmarks = nodes.Select(node => node.Kpi is not null && set.Benchmarks.TryGetValue(node.Name, out var found) ? found : null).ToArray();
        var cohortResults = CohortResults(set, plan, cohortStarts, calendar, from, to, dataLast ?? last, reported, options, cancellationToken);
        var results = new ResultTable(set.ClientId, nodes, benchmarks, [.. reported.Select(p => labels[p])], [.. levels.Select(l => l.Dimensions)], options.Trace);
        // Compiled optimised at once (HotPath): it runs once per level, a thousand times in a run per client, each a long loop.
        [MethodImpl(HotPath.Options)]
        void Report(int at)
        {
            var level = levels[at];
            for (var n = 0; n < nodes.Count; n++)
            {
                var node = nodes[n];
                if (cohortResults.ContainsKey(node))
                {
                    continue; // reported per cohort and age below, not per period
                }

                for (var p = 0; p < reported.Count; p++)
                {
                    var period = reported[p];
                    var value = level.Values.Get(node, period);
                    var partial = level.Values.IsPartial(node, period);
                    var verdict = judge.Judge(node, period, value, partial, level.ValueOf, level.RowsOf, label);
                    results.Set(results.IndexOf(n, p, at), value, partial, verdict, options.Trace ? level.Values.Trace(node, period) : null);
                }
            }
        }

        ParallelWork.For(levels.Count, options.ScanParallelism.Threads, Report, cancellationToken);

        // A cohort KPI is reported per cohort and age, in its place among the KPIs, instead of per period.
        IReadOnlyList<KpiResult> ordered = results;
        if (cohortResults.Count > 0)
        {
            var perNode = reported.Count * levels.Count;
            var merged = new List<KpiResult>(results.Count);
            for (var n = 0; n < nodes.Count; n++)
            {
                merged.AddRange(cohortResults.TryGetValue(nodes[n], out var cells) ? cells : results.Range(n * perNode, (n + 1) * perNode));
            }

            ordered = merged;
        }

        var asOf = ParseBound(options.AsOf, calendar, end: true, diagnostics) ?? reportLast.Value;
        var total = levels[0].Values;
        var tracker = new GoalTracker(set.Kpis, calendar, new GoalClock(dataFirst ?? first, reportFirst.Value, asOf), (id, period) =>
            plan.Nodes.TryGetValue(id, out var goalNode) ? total.Get(goalNode, period) : KpiValue.Undefined($"'{id}' is not computed"));
        var goals = tracker.Track(set.Goals);
        var items = diagnostics.Items;
        var status = items.Any(d => d.IsError) ? ClientStatus.CompletedWithErrors : ClientStatus.Succeeded;
        return new ClientResult(set.ClientId, set.Name, set.SourceFile, grain, [.. reported.Select(p => labels[p])], ordered, items, status, set.Currency)
        {
            Dimensions = dimensions.Columns,
            Goals = goals,
            Scorecard = Scoring.Score(set, [.. reported.Select(p => labels[p])], cohortResults.Count == 0 ? results : [.. ordered.Where(r => r.Cohort is null)]),
            Definitions = set,
            Coverage = Coverage(plan, scans),
            FirstDate = grain == Grain.All ? calendar.FirstDate : null,
            LastDate = grain == Grain.All ? calendar.LastDate : null,
        };
    }

    /// <summary>
    /// Computes every level's values: the total first (combinations read it through <c>Total(x)</c>), then the
    /// subtotals and combinations one width at a time (a level reads its parent through <c>Parent(x)</c>), each
    /// width on up to <paramref name="threads"/> threads. A level reads only its own values, the total's, its
    /// parent's and the finished scans, so the values do not depend on the threads or their timing.
    /// </summary>
    private static void ComputeLevels(List<Level> levels, DimensionIndex dimensions, ClientPlan plan, int threads, CancellationToken cancellationToken)
    {
        _ = plan.DatasetsRead(); // worked out once, before the threads share the plan
        levels[0].Values.ComputeAll();
        foreach (var width in levels.Skip(1).GroupBy(level => dimensions.Width(level.Combination)).OrderBy(g => g.Key).Select(g => g.ToList()))
        {
            ParallelWork.For(width.Count, threads, at => width[at].Values.ComputeAll(), cancellationToken);
        }
    }

    /// <summary>One dimension combination's values (the total first), with the delegates the status judge reads them through made once, not per result.</summary>
    private sealed class Level(int combination, IReadOnlyList<KeyValuePair<string, string?>> dimensions, PeriodValues values)
    {
        public int Combination { get; } = combination;

        public IReadOnlyList<KeyValuePair<string, string?>> Dimensions { get; } = dimensions;

        public PeriodValues Values { get; } = values;

        public Func<MetricNode, int, KpiValue> ValueOf { get; } = values.Get;

        public Func<string, int, long> RowsOf { get; } = values.RowsIn;
    }

    /// <summary>
    /// The calendar of a run: its grain and the client's fiscal year and weeks; for <see cref="Grain.All"/>,
    /// with --from/--to as the dates the one period's rows must fall between.
    /// </summary>
    private static PeriodCalendar Calendar(EvaluationOptions options, CalendarSettings settings, DiagnosticBag diagnostics)
    {
        if (options.Grain != Grain.All)
        {
            return new PeriodCalendar(options.Grain, settings);
        }

        var days = new PeriodCalendar(Grain.Day, settings);
        return PeriodCalendar.WholeRange(settings, Day(options.From, end: false), Day(options.To, end: true));

        DateOnly? Day(string? text, bool end)
        {
            if (string.IsNullOrWhiteSpace(text) || string.Equals(text.Trim(), PeriodCalendar.AllLabel, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            if (days.TryParseDay(text, end, out var day))
            {
                return day;
            }

            diagnostics.Add(DiagnosticCatalog.Usage, $"'{text}' is not a period.", null, PeriodCalendar.PeriodHint);
            return null;
        }
    }

    private static int? ParseBound(string? text, PeriodCalendar calendar, bool end, DiagnosticBag diagnostics)
    {
        if (calendar.Grain == Grain.All)
        {
            // Read by Calendar as the dates the period's rows fall between.
            return null;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (calendar.TryParse(text, end, out var ordinal))
        {
            return ordinal;
        }

        diagnostics.Add(DiagnosticCatalog.Usage, $"'{text}' is not a period.", null, PeriodCalendar.PeriodHint);
        return null;
    }

    /// <summary>
    /// Scans every dataset the plan aggregates (or only those in <paramref name="only"/>, with what
    /// they borrow from or are derived from), each feeding the tables in <paramref name="feeds"/> that name it.
    /// </summary>
    private static Dictionary<string, DatasetScan> Scan(ClientPlan plan, PeriodCalendar calendar, DimensionIndex dimensions, EvaluationOptions options, DiagnosticBag diagnostics, CancellationToken cancellationToken,
        IReadOnlyList<(DatasetPlan Dataset, DerivedTable Table)>? feeds = null, HashSet<string>? only = null)
    {
        var parallelism = options.ScanParallelism;
        var needed = new HashSet<DatasetPlan>();
        void Need(DatasetPlan? dataset)
        {
            if (dataset is not null && needed.Add(dataset))
            {
                foreach (var lender in dataset.Lenders)
                {
                    Need(lender);
                }

                Need(dataset.Source);
            }
        }

        foreach (var dataset in plan.Datasets.Where(d => !d.Invalid && (only?.Contains(d.Name) ?? (d.Aggregates.Count > 0 || d.PluginBindings.Count > 0))))
        {
            Need(dataset);
        }

        foreach (var (dataset, _) in feeds ?? [])
        {
            Need(dataset.Invalid ? null : dataset);
        }

        var scans = new Dictionary<string, DatasetScan>(StringComparer.Ordinal);
        foreach (var dataset in plan.Datasets.Where(needed.Contains))
        {
            scans[dataset.Name] = new DatasetScan(dataset, dimensions) { RowProgress = options.RowProgress, Parallelism = parallelism, PushdownEnabled = options.Pushdown };
        }

        foreach (var dataset in plan.Datasets.Where(needed.Contains))
        {
            // One table per lender, applied to each row in the order the lenders are written: a key is
            // the file's column or one an earlier lender lends (one lent later was reported, KPI7161).
            var borrows = dataset.Definition.Borrows;
            for (var i = 0; i < borrows.Count && i < dataset.Lenders.Count; i++)
            {
                var (borrow, lender) = (borrows[i], dataset.Lenders[i]);
                if (lender is { Schema: { } lenderSchema } && scans.TryGetValue(lender.Name, out var lenderScan)
                    && lenderSchema.Find(borrow.LenderKey ?? borrow.Key) is not null
                    && dataset.Schema!.Find(borrow.Key) is { } key && (key.SourceIndex >= 0 || borrows.Take(i).Any(b => b.Columns.Contains(key.Name))))
                {
                    // A borrow whose key columns are missing was reported when the schemas were read.
                    var table = new BorrowTable(lenderSchema, dataset.Schema!, borrow);
                    lenderScan.Lends.Add(table);
                    scans[dataset.Name].Borrows.Add(table);
                }
            }
        }

        foreach (var (dataset, table) in feeds ?? [])
        {
            if (scans.TryGetValue(dataset.Name, out var feeding))
            {
                feeding.Feeds.Add(table);
            }
        }

        foreach (var dataset in plan.Datasets.Where(d => needed.Contains(d) && d.Derived is not null && d.Source is not null))
        {
            var table = dataset.Derived!.CreateTable();
            scans[dataset.Source!.Name].Feeds.Add(table);
            scans[dataset.Name].RowSource = table;
        }

        // Lenders come before borrowers and sources before derived datasets in plan order, so a borrow or derived table is full before it is read.
        foreach (var dataset in plan.Datasets.Where(needed.Contains))
        {
            cancellationToken.ThrowIfCancellationRequested();
            scans[dataset.Name].Run(calendar, diagnostics, cancellationToken);
            if (dataset.Source is not null && scans[dataset.Name].HasTime && scans.TryGetValue(dataset.Source.Name, out var source))
            {
                scans[dataset.Name].Cover(source);
            }
        }

        return scans;
    }

    /// <summary>
    /// The value of every node in every period, computed period by period in dependency order.
    /// Kept for all periods so that later periods can read earlier ones.
    /// </summary>
    private sealed partial class PeriodValues(ClientPlan plan, Dictionary<string, DatasetScan> scans, PeriodCalendar calendar, int first, int last, int combination) : IFormulaEnvironment
    {
        // One array for all periods (period-major): a run split by many dimension values has a PeriodValues
        // per combination, so what each value takes is what the run takes (1,000 combinations of 40 values
        // over 24 periods are a million values). A value is its number, NaN when undefined with its reason
        // kept aside (few are); the first period a value read is kept only for the nodes that can read
        // another period (see MetricNode.ReachSlot), every other value read its own.
        private readonly double[] _numbers = new double[(last - first + 1) * plan.Order.Count];
        private readonly int[] _touched = new int[(last - first + 1) * plan.ReachingNodes];
        private Dictionary<int, string>? _reasons;
        private KpiValue[] _aggregates = [];
        private MetricNode? _node;
        private int _period;
        private (DatasetScan? Scan, bool HasTime)[]? _scanOf;
        private DatasetScan? _resultsScan;
        private int _resultsPeriod;
        private KpiValue[]? _resultsValues;

        /// <summary>Where a node's value for a period sits in <see cref="_numbers"/>.</summary>
        private int At(int period, MetricNode node) => ((period - first) * plan.Order.Count) + node.Order;

        /// <summary>The value at <paramref name="at"/> (see <see cref="At(int, MetricNode)"/>).</summary>
        [MethodImpl(HotPath.Options)]
        private KpiValue Stored(int at) => _numbers[at] is var number && double.IsNaN(number) ? KpiValue.Undefined(_reasons![at]) : KpiValue.Of(number);

        /// <summary>The first period the value of <paramref name="node"/> at <paramref name="period"/> read (a period of this level).</summary>
        [MethodImpl(HotPath.Options)]
        private int TouchedAt(int period, MetricNode node) => node.ReachSlot < 0 ? period : _touched[((period - first) * plan.ReachingNodes) + node.ReachSlot];

        [MethodImpl(HotPath.Options)]
        private void Store(int period, MetricNode node, KpiValue value, int touchedFrom)
        {
            var at = At(period, node);
            if (value.IsDefined)
            {
                _numbers[at] = value.Number;
            }
            else
            {
                // Defined values are never NaN (KpiValue.Of), so NaN marks an undefined one.
                _numbers[at] = double.NaN;
                (_reasons ??= [])[at] = value.Reason!;
            }

            if (node.ReachSlot >= 0)
            {
                _touched[((period - first) * plan.ReachingNodes) + node.ReachSlot] = touchedFrom;
            }
        }

        public KpiValue Get(MetricNode node, int period) =>
            period < first || period > last || node.Order < 0 ? KpiValue.Undefined($"{node.Label} has no value for {calendar.Label(period)}") : Stored(At(period, node));

        // Compiled fully optimised at once, as the formula closures they call (see PeriodCompiler): a run
        // split by dimensions spends its compute time here within its first second.
        [MethodImpl(HotPath.Options)]
        public void ComputeAll()
        {
            for (var period = first; period <= last; period++)
            {
                _period = period;
                foreach (var node in plan.Order)
                {
                    if (Needed is { } needed && !needed.Contains(node))
                    {
                        continue;
                    }

                    _touchedFrom = period;
                    var value = Compute(node);
                    Store(period, node, value, _touchedFrom);
                }
            }
        }

        /// <summary>Rows of <paramref name="dataset"/> in <paramref name="period"/> for this combination (after its filter); 0 outside its data.</summary>
        public long RowsIn(string dataset, int period) =>
            scans.TryGetValue(dataset, out var scan) && (!scan.HasTime || (scan.FirstPeriod <= period && period <= scan.LastPeriod))
                ? scan.RowsIn(scan.HasTime ? period : DatasetScan.Timeless, combination)
                : 0;

        [MethodImpl(HotPath.Options)]
        public KpiValue Aggregate(int index) => _aggregates[_node!.AggregateSlots[index]];

        public KpiValue Name(string name) => ValueAt(name, _period);

        [MethodImpl(HotPath.Options)]
        public KpiValue Name(int reference, string name) => ValueAt(_node!, reference, name, _period);

        [MethodImpl(HotPath.Options)]
        private KpiValue Compute(MetricNode node)
        {
            if (node.Kind == MetricKind.Parameter)
            {
                return KpiValue.Of(node.ParameterValue);
            }

            if (!node.Invalid && node.Plugin is not null)
            {
                if (CohortStart is not null)
                {
                    return KpiValue.Undefined($"plugin metric '{node.Kpi!.Plugin!.Plugin}/{node.Kpi.Plugin.Metric}' is not split by cohort");
                }

                if (combination != DimensionIndex.Total && node.Dataset is { } pluginDataset && scans.TryGetValue(pluginDataset, out var pluginScan) && pluginScan.MissingDimension is { } absent)
                {
                    return KpiValue.Undefined($"dataset '{pluginDataset}' has no column '{absent}'");
                }

                if (IsSubtotal)
                {
                    return KpiValue.Undefined($"plugin metric '{node.Kpi!.Plugin!.Plugin}/{node.Kpi.Plugin.Metric}' is computed for each full combination and the total, not for subtotals");
                }

                // A combination seen only in other datasets has no rows here, so the metric gave it no value.
                return node.PluginValues is { } computed && computed.TryGetValue((_period, combination), out var value)
                    ? value
                    : KpiValue.Undefined($"plugin metric '{node.Kpi!.Plugin!.Plugin}/{node.Kpi.Plugin.Metric}' gave no value for {calendar.Label(_period)}");
            }

            if (node.Invalid || node.Compiled is null)
            {
                var broken = node.Dependencies.FirstOrDefault(d => d.Invalid);
                return KpiValue.Undefined(
                    node.Dataset is { } name && plan.FindDataset(name) is { Invalid: true }
                        ? $"dataset '{name}' could not be read"
                        : node.Kpi?.Plugin is { } plugin
                            ? $"plugin metric '{plugin.Plugin}/{plugin.Metric}' could not be used (see the plugin errors)"
                        : broken is not null && node.Compiled is not null
                            ? $"depends on {broken.Label}, which has errors"
                            : $"{node.Label} has errors in its definition");
            }

            _node = node;
            if (node.Dataset is { } datasetName && ScanOf(node) is ({ } scan, var hasTime))
            {
                if (combination != DimensionIndex.Total && scan.MissingDimension is { } missingColumn)
                {
                    return KpiValue.Undefined($"dataset '{datasetName}' has no column '{missingColumn}'");
                }

                if (hasTime && (scan.FirstPeriod is not { } firstWithData || _period < firstWithData || _period > scan.LastPeriod))
                {
                    return KpiValue.Undefined(scan.FirstPeriod is null
                        ? $"dataset '{datasetName}' has no rows"
                        : $"no data in dataset '{datasetName}' for {calendar.Label(_period)}");
                }

                _aggregates = ResultsOf(scan, hasTime ? _period : DatasetScan.Timeless);
            }

            return node.Compiled.Evaluate(this);
        }

        /// <summary>The scan of the dataset a computed node aggregates, and whether it has a time column; a null scan when it has none or it was not scanned.</summary>
        [MethodImpl(HotPath.Options)]
        private (DatasetScan? Scan, bool HasTime) ScanOf(MetricNode node)
        {
            if (node.Order < 0)
            {
                return node.Dataset is { } name && scans.TryGetValue(name, out var scan) ? (scan, scan.HasTime) : (null, false);
            }

            if (_scanOf is null)
            {
                // Looked up once per level rather than once per node and period (HasTime finds the time column by name).
                _scanOf = new (DatasetScan?, bool)[plan.Order.Count];
                foreach (var computed in plan.Order)
                {
                    _scanOf[computed.Order] = computed.Dataset is { } name && scans.TryGetValue(name, out var scan) ? (scan, scan.HasTime) : (null, false);
                }
            }

            return _scanOf[node.Order];
        }

        /// <summary>A scan's aggregate values for this combination at a period, kept while the next node reads the same dataset's (inputs of one dataset follow each other).</summary>
        [MethodImpl(HotPath.Options)]
        private KpiValue[] ResultsOf(DatasetScan scan, int period)
        {
            if (!ReferenceEquals(scan, _resultsScan) || period != _resultsPeriod)
            {
                _resultsValues = scan.Results(period, combination);
                (_resultsScan, _resultsPeriod) = (scan, period);
            }

            return _resultsValues!;
        }
    }
}
