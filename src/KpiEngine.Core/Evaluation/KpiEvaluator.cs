using KpiEngine.Datasets;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;
using KpiEngine.Time;

namespace KpiEngine.Evaluation;

/// <summary>
/// Evaluates client KPI sets: load, validate, compile once, scan each dataset once, then
/// compute every KPI per period in dependency order. Thread-safe: one instance can run many
/// clients in parallel.
/// </summary>
public sealed class KpiEvaluator
{
    private readonly KpiSetLoader _loader = new();

    /// <summary>Loads and evaluates one client file. Never throws for bad input: problems are in the result's diagnostics.</summary>
    public ClientResult Run(string clientFile, EvaluationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientFile);
        ArgumentNullException.ThrowIfNull(options);
        var loaded = _loader.LoadClient(clientFile);
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
    public ClientResult Run(KpiSet set, EvaluationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(options);
        return Run(set, options, new DiagnosticBag(), cancellationToken);
    }

    /// <summary>
    /// Validates a client or catalog file without scanning data: YAML, model, formulas, names,
    /// cycles, dataset files and columns. Returns every problem found.
    /// </summary>
    public IReadOnlyList<Diagnostic> Validate(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (KpiSetLoader.Classify(file) == DefinitionFileKind.Catalog)
        {
            return ValidateCatalog(file);
        }

        var loaded = _loader.LoadClient(file);
        if (loaded.Value is not { } set)
        {
            return loaded.Diagnostics;
        }

        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(loaded.Diagnostics);
        ClientPlan.Build(set, includeInputs: true, diagnostics);
        return diagnostics.Items;
    }

    /// <summary>
    /// Explains one KPI or input of a client: its formula, what each name means and where it is
    /// defined, its dependencies and dependents. Returns null (with diagnostics) when the client
    /// cannot be loaded or has no such KPI.
    /// </summary>
    public LoadResult<KpiExplanation> Explain(string clientFile, string id)
    {
        ArgumentNullException.ThrowIfNull(clientFile);
        ArgumentNullException.ThrowIfNull(id);
        var loaded = _loader.LoadClient(clientFile);
        if (loaded.Value is not { } set)
        {
            return new LoadResult<KpiExplanation>(null, loaded.Diagnostics);
        }

        var diagnostics = new DiagnosticBag();
        diagnostics.AddRange(loaded.Diagnostics);
        var plan = ClientPlan.Build(set, includeInputs: true, diagnostics);
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
            diagnostics.Items);
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

    private static ClientResult Run(KpiSet set, EvaluationOptions options, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        var plan = ClientPlan.Build(set, options.IncludeInputs, diagnostics);
        var calendar = new PeriodCalendar(options.Grain);
        var from = ParseBound(options.From, calendar, end: false, diagnostics) ?? int.MinValue + 1;
        var to = ParseBound(options.To, calendar, end: true, diagnostics) ?? int.MaxValue;

        var scans = Scan(plan, calendar, from, to, diagnostics, cancellationToken);
        var periods = ReportedPeriods(scans.Values, options, from, to);
        if (periods.Count == 0)
        {
            diagnostics.Add(DiagnosticCatalog.ClientFailed, $"Client '{set.ClientId}' has no period to report: no dataset with a time column has rows in the requested range.", SourceSpan.At(set.SourceFile, 1, 1), "Check the datasets' time columns and --from/--to.");
        }

        var results = Evaluate(plan, scans, calendar, periods);
        var items = diagnostics.Items;
        var status = items.Any(d => d.IsError) ? (results.Count > 0 ? ClientStatus.CompletedWithErrors : ClientStatus.Failed) : ClientStatus.Succeeded;
        return new ClientResult(set.ClientId, set.Name, set.SourceFile, options.Grain, [.. periods.Select(calendar.Label)], results, items, status, set.Currency);
    }

    private static int? ParseBound(string? text, PeriodCalendar calendar, bool end, DiagnosticBag diagnostics)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (calendar.TryParse(text, end, out var ordinal))
        {
            return ordinal;
        }

        diagnostics.Add(DiagnosticCatalog.Usage, $"'{text}' is not a period.", null, "Write a period as 2026, 2026-Q1, 2026-03, 2026-W10 or 2026-03-05.");
        return null;
    }

    private static Dictionary<string, DatasetScan> Scan(ClientPlan plan, PeriodCalendar calendar, int from, int to, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        var needed = new HashSet<DatasetPlan>();
        foreach (var dataset in plan.Datasets.Where(d => !d.Invalid && d.Aggregates.Count > 0))
        {
            for (var current = dataset; current is not null && needed.Add(current); current = current.Lender)
            {
            }
        }

        var scans = new Dictionary<string, DatasetScan>(StringComparer.Ordinal);
        foreach (var dataset in plan.Datasets.Where(needed.Contains))
        {
            scans[dataset.Name] = new DatasetScan(dataset);
        }

        foreach (var dataset in plan.Datasets.Where(needed.Contains))
        {
            if (dataset.Lender is { Schema: { } lenderSchema } lender && scans.TryGetValue(lender.Name, out var lenderScan))
            {
                var table = new BorrowTable(lenderSchema, dataset.Schema!);
                lenderScan.Lends.Add(table);
                scans[dataset.Name].Borrows = table;
            }
        }

        // Lenders come before borrowers in plan order, so a borrow table is full before it is read.
        foreach (var dataset in plan.Datasets.Where(needed.Contains))
        {
            cancellationToken.ThrowIfCancellationRequested();
            scans[dataset.Name].Run(calendar, from, to, diagnostics, cancellationToken);
        }

        return scans;
    }

    private static List<int> ReportedPeriods(IEnumerable<DatasetScan> scans, EvaluationOptions options, int from, int to)
    {
        var timed = scans.Where(s => s.FirstPeriod is not null).ToList();
        var first = options.From is not null && from > int.MinValue + 1 ? from : timed.Count > 0 ? timed.Min(s => s.FirstPeriod!.Value) : (int?)null;
        var last = options.To is not null && to < int.MaxValue ? to : timed.Count > 0 ? timed.Max(s => s.LastPeriod!.Value) : (int?)null;
        if (first is null || last is null || first > last)
        {
            return [];
        }

        return [.. Enumerable.Range(first.Value, last.Value - first.Value + 1)];
    }

    private static List<KpiResult> Evaluate(ClientPlan plan, Dictionary<string, DatasetScan> scans, PeriodCalendar calendar, List<int> periods)
    {
        var values = new KpiValue[plan.Order.Count];
        var environment = new PeriodEnvironment(plan, scans, values);
        var byNode = plan.Reported.ToDictionary(n => n, _ => new List<KpiResult>(periods.Count));
        foreach (var period in periods)
        {
            var label = calendar.Label(period);
            environment.Period = period;
            environment.PeriodLabel = label;
            foreach (var node in plan.Order)
            {
                values[node.Order] = environment.Compute(node);
            }

            foreach (var (node, list) in byNode)
            {
                var value = values[node.Order];
                list.Add(new KpiResult(plan.Set.ClientId, node.Name, node.Kpi?.Name ?? node.Name, label, value.AsNullable(), value.Reason, node.Kpi?.Unit ?? KpiUnit.Number));
            }
        }

        return [.. plan.Reported.SelectMany(n => byNode[n])];
    }

    /// <summary>The values one period's formulas see: aggregates of that period and the values computed before them.</summary>
    private sealed class PeriodEnvironment(ClientPlan plan, Dictionary<string, DatasetScan> scans, KpiValue[] values) : IFormulaEnvironment
    {
        private KpiValue[] _aggregates = [];
        private MetricNode? _node;

        public int Period { get; set; }

        public string PeriodLabel { get; set; } = string.Empty;

        public KpiValue Aggregate(int index) => _aggregates[_node!.AggregateSlots[index]];

        public KpiValue Name(string name) =>
            plan.Nodes.TryGetValue(name, out var node) && node.Order >= 0
                ? values[node.Order]
                : KpiValue.Undefined($"'{name}' is not defined");

        public KpiValue Compute(MetricNode node)
        {
            if (node.Kind == MetricKind.Parameter)
            {
                return KpiValue.Of(node.ParameterValue);
            }

            if (node.Invalid || node.Compiled is null)
            {
                var broken = node.Dependencies.FirstOrDefault(d => d.Invalid);
                return KpiValue.Undefined(
                    node.Dataset is { } name && plan.FindDataset(name) is { Invalid: true }
                        ? $"dataset '{name}' could not be read"
                        : broken is not null && node.Compiled is not null
                            ? $"depends on {broken.Label}, which has errors"
                            : $"{node.Label} has errors in its definition");
            }

            _node = node;
            if (node.Dataset is { } datasetName)
            {
                var scan = scans[datasetName];
                if (scan.HasTime && (scan.FirstPeriod is not { } first || Period < first || Period > scan.LastPeriod))
                {
                    return KpiValue.Undefined(scan.FirstPeriod is null
                        ? $"dataset '{datasetName}' has no rows"
                        : $"no data in dataset '{datasetName}' for {PeriodLabel}");
                }

                _aggregates = scan.Results(scan.HasTime ? Period : DatasetScan.Timeless);
            }

            return node.Compiled.Evaluate(this);
        }
    }
}
