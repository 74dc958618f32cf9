using System.Runtime.CompilerServices;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;
using KpiEngine.Time;

namespace KpiEngine.Evaluation;

/// <summary>Time functions, partial periods and value traces.</summary>
public sealed partial class KpiEvaluator
{
    /// <summary>
    /// Evaluates a client and traces one KPI's (or input's) value in one period: its formula, each
    /// name's value and source (dataset, rows in the period after the filter, filter, formula), the
    /// time functions' values, and why it is undefined. Null (with diagnostics) when the client
    /// cannot be loaded, has no such KPI, or the period cannot be read.
    /// </summary>
    /// <param name="clientFile">The client file.</param>
    /// <param name="id">The KPI or input id.</param>
    /// <param name="period">A period label of the grain in <paramref name="options"/> (a coarser label means its first period).</param>
    /// <param name="options">The grain; From, To and IncludeInputs are ignored.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    public LoadResult<ValueTrace> Trace(string clientFile, string id, string period, EvaluationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientFile);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(options);
        if (LoadTraced(clientFile, id, out var diagnostics) is not { } set)
        {
            return new LoadResult<ValueTrace>(null, diagnostics.Items);
        }

        if (set.Kpis.FirstOrDefault(k => k.Id == id) is { Cohort: not null })
        {
            diagnostics.Add(DiagnosticCatalog.CohortCellOfPeriodKpi, $"KPI '{id}' is a cohort KPI: its values are per cohort and age, not per period.", null,
                $"Pick a cell of its triangle: kpi explain CLIENT.yaml {id} --cohort {period} --age 0.");
            return new LoadResult<ValueTrace>(null, diagnostics.Items);
        }

        var calendar = new PeriodCalendar(options.Grain, set.Calendar);
        if (!calendar.TryParse(period, end: false, out var ordinal))
        {
            diagnostics.Add(DiagnosticCatalog.Usage, $"'{period}' is not a period.", null, PeriodCalendar.PeriodHint + " Fiscal periods start with FY (FY2027-Q1).");
            return new LoadResult<ValueTrace>(null, diagnostics.Items);
        }

        var label = calendar.Label(ordinal);
        var result = Run(set with { Selected = [id] }, options with { From = label, To = label, IncludeInputs = false, Trace = true }, diagnostics, cancellationToken);
        if (result.Results.Count > 0 && result.Results[0].Cohort is not null)
        {
            // A plugin KPI naming a cohort output (contract 1.2): only the plan knows, so the run tells.
            diagnostics.Add(DiagnosticCatalog.CohortCellOfPeriodKpi, $"KPI '{id}' names a plugin metric's cohort output: its values are per cohort and age, not per period, and a plugin's cells have no formula to trace.", null,
                "'kpi run CLIENT.yaml --format json' gives each cell (cohort, age, value, reason).");
            return new LoadResult<ValueTrace>(null, diagnostics.Items);
        }

        return new LoadResult<ValueTrace>(result.Results.Count > 0 ? result.Results[0].Trace : null, result.Diagnostics);
    }

    /// <summary>Loads a client file for a trace of <paramref name="id"/>: null (with an error) when it cannot be loaded or has no such KPI or input.</summary>
    private KpiSet? LoadTraced(string clientFile, string id, out DiagnosticBag diagnostics)
    {
        if (Load(clientFile, out diagnostics) is not { } set)
        {
            return null;
        }

        var known = set.Kpis.Select(k => k.Id).Concat(set.Inputs.Select(i => i.Name)).ToList();
        if (!known.Contains(id, StringComparer.Ordinal))
        {
            diagnostics.Add(
                DiagnosticCatalog.UnknownReference,
                $"Client '{set.ClientId}' has no KPI or input '{id}'.",
                null,
                NameSuggestions.DidYouMean(id, known) ?? "Run 'kpi list kpis' to see them.");
            return null;
        }

        return set;
    }

    /// <summary>Loads a client file; its diagnostics start the bag the caller goes on filling. Null when it cannot be loaded.</summary>
    private KpiSet? Load(string clientFile, out DiagnosticBag diagnostics)
    {
        var loaded = _loader.LoadClient(clientFile);
        diagnostics = new DiagnosticBag();
        diagnostics.AddRange(loaded.Diagnostics);
        return loaded.Value;
    }

    /// <summary>The time axis, partial periods and traces of <see cref="PeriodValues"/>.</summary>
    private sealed partial class PeriodValues : ITimeAxis
    {
        private Dictionary<MetricNode, string[]>? _read;
        private int[]? _dataStart;
        private int _touchedFrom;
        private List<TracedValue>? _observed;
        private Remembered[]? _remembered;
        private int[]? _partialEdges;

        public ITimeAxis? Time => this;

        public int Period => _period;

        public int DataStart => DataStartOf(_node!);

        public PeriodCalendar Calendar => calendar;

        public IFormulaEnvironment At(int period) => new PeriodView(this, period);

        /// <summary>The total's values, computed before this combination's; null for the total itself.</summary>
        public PeriodValues? TotalLevel { get; set; }

        public IFormulaEnvironment? Total => TotalAt(_period);

        /// <summary>The cohort period when these are one cohort's values (age 0, where <c>Cohort(x)</c> reads); null otherwise.</summary>
        public int? CohortStart { get; init; }

        /// <summary>The only nodes computed (a cohort's: what its KPIs read); null for all.</summary>
        public HashSet<MetricNode>? Needed { get; init; }

        private LevelView? TotalAt(int period) => TotalLevel is { } total ? new LevelView(total, _node!, period) : null;

        public void Observe(string call, int period, KpiValue value) =>
            _observed?.Add(new TracedValue(call, calendar.Label(period), value.AsNullable(), value.Reason));

        [MethodImpl(HotPath.Options)]
        public KpiValue Remember(int call, int period, Func<IFormulaEnvironment, ITimeAxis, KpiValue> compute, IFormulaEnvironment environment) =>
            Remember(call, period, compute, environment, this);

        /// <summary><see cref="ITimeAxis.Remember"/> for this level or a view of it at another period (<paramref name="time"/>).</summary>
        [MethodImpl(HotPath.Options)]
        private KpiValue Remember(int call, int period, Func<IFormulaEnvironment, ITimeAxis, KpiValue> compute, IFormulaEnvironment environment, ITimeAxis time)
        {
            if (_observed is not null)
            {
                // A trace records every value the call reads, so it computes them again.
                return compute(environment, time);
            }

            // A computed node's calls in the periods of this level are kept in one array (call-major). Time
            // functions never read before the level's first period (its data start) nor after the period
            // being computed, so every call lands there; anything else would only be computed again.
            var node = _node!;
            var at = node.Order >= 0 && period >= first && period <= last ? ((node.FirstTimeCall + call) * (last - first + 1)) + (period - first) : -1;
            if (at >= 0 && (_remembered ??= new Remembered[plan.TimeCallCount * (last - first + 1)])[at] is { IsKnown: true } known)
            {
                _touchedFrom = Math.Min(_touchedFrom, known.TouchedFrom);
                return known.Value;
            }

            // The periods this value reads are kept with it, so a value that reuses it still knows
            // how far back it reached (partial-period marks depend on that).
            var outer = _touchedFrom;
            _touchedFrom = int.MaxValue;
            var value = compute(environment, time);
            var touched = _touchedFrom;
            _touchedFrom = Math.Min(outer, touched);
            if (at >= 0)
            {
                _remembered![at] = new Remembered(value, touched, IsKnown: true);
            }

            return value;
        }

        /// <summary>A time function call's value at a period and the first period it read; <see cref="IsKnown"/> is false until it is computed.</summary>
        private readonly record struct Remembered(KpiValue Value, int TouchedFrom, bool IsKnown);

        /// <summary>
        /// True when a defined value reads the first or last period of a dataset whose rows do not
        /// cover that period from its first to its last day: a half month is not a collapse.
        /// </summary>
        public bool IsPartial(MetricNode node, int period)
        {
            // The whole range is never partial: it is, by definition, all the data there is.
            if (calendar.Grain == Grain.All || node.Order < 0 || period < first || period > last || double.IsNaN(_numbers[At(period, node)]))
            {
                return false;
            }

            var from = TouchedAt(period, node);
            if (!AnyPartialEdgeIn(from, period))
            {
                return false;
            }

            foreach (var name in Read(node))
            {
                if (scans.TryGetValue(name, out var scan) && scan is { HasTime: true, FirstPeriod: { } f, LastPeriod: { } l, FirstDay: { } firstDay, LastDay: { } lastDay }
                    && ((f >= from && f <= period && firstDay > calendar.Start(f).DayNumber)
                        || (l >= from && l <= period && lastDay < calendar.End(l).DayNumber - 1)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// True when some dataset's first or last period lies from <paramref name="from"/> to <paramref name="period"/>
        /// and its rows do not cover it whole: without one, no value is partial, and <see cref="IsPartial"/> (asked
        /// for every result) need not look at the datasets a value reads.
        /// </summary>
        private bool AnyPartialEdgeIn(int from, int period)
        {
            if (_partialEdges is null)
            {
                var edges = new List<int>();
                foreach (var scan in scans.Values)
                {
                    if (scan is { HasTime: true, FirstPeriod: { } f, LastPeriod: { } l, FirstDay: { } firstDay, LastDay: { } lastDay })
                    {
                        if (firstDay > calendar.Start(f).DayNumber)
                        {
                            edges.Add(f);
                        }

                        if (lastDay < calendar.End(l).DayNumber - 1)
                        {
                            edges.Add(l);
                        }
                    }
                }

                _partialEdges = [.. edges];
            }

            foreach (var edge in _partialEdges)
            {
                if (edge >= from && edge <= period)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Traces one node in one period (already computed) by evaluating it again while recording.</summary>
        public ValueTrace Trace(MetricNode node, int period)
        {
            var saved = _period;
            _period = period;
            _observed = [];
            _touchedFrom = period;
            var value = Compute(node);
            var observed = _observed;
            _observed = null;
            _period = saved;

            var aggregates = new List<TracedValue>();
            if (node.Compiled is { } compiled && node.Dataset is { } dataset && scans.TryGetValue(dataset, out var scan))
            {
                for (var i = 0; i < compiled.Aggregates.Count; i++)
                {
                    var aggregate = AggregateAt(node, i, period);
                    aggregates.Add(new TracedValue(compiled.Aggregates[i].Key, calendar.Label(period), aggregate.AsNullable(), aggregate.Reason));
                }
            }

            var names = new List<TracedName>();
            foreach (var reference in node.Compiled?.References ?? [])
            {
                if (!plan.Nodes.TryGetValue(reference.Name, out var target))
                {
                    continue;
                }

                var targetValue = Get(target, period);
                names.Add(new TracedName(
                    target.Name,
                    KindOf(target),
                    targetValue.AsNullable(),
                    targetValue.Reason,
                    target.Formula?.Text,
                    DatasetAt(target, period),
                    target.Input?.Kind));
            }

            return new ValueTrace(
                node.Name,
                KindOf(node),
                calendar.Label(period),
                node.Formula?.Text,
                value.AsNullable(),
                value.Reason,
                IsPartial(node, period),
                DatasetAt(node, period),
                aggregates,
                names,
                observed);
        }

        private static string KindOf(MetricNode node) => node.Kind switch
        {
            MetricKind.Kpi => "kpi",
            MetricKind.Input => "input",
            _ => "parameter",
        };

        private TracedDataset? DatasetAt(MetricNode node, int period)
        {
            if (node.Dataset is not { } name || !scans.TryGetValue(name, out var scan))
            {
                return null;
            }

            var covered = !scan.HasTime || (scan.FirstPeriod <= period && period <= scan.LastPeriod);
            return new TracedDataset(name, RowsIn(name, period), plan.FindDataset(name)?.Definition.Filter?.Text, covered) { Access = DatasetAccess.Of(name, scan.Access) };
        }

        private string[] Read(MetricNode node) => (_read ??= plan.DatasetsRead()).TryGetValue(node, out var names) ? names : [];

        /// <summary>The first period from which every timed dataset the node reads has rows; the first computed period when it reads none.</summary>
        private int DataStartOf(MetricNode node)
        {
            _dataStart ??= ComputeDataStarts();
            return node.Order >= 0 ? _dataStart[node.Order] : first;
        }

        private int[] ComputeDataStarts()
        {
            var starts = new int[plan.Order.Count];
            foreach (var node in plan.Order)
            {
                var start = first;
                foreach (var name in Read(node))
                {
                    if (scans.TryGetValue(name, out var scan) && scan.FirstPeriod is { } datasetFirst)
                    {
                        start = Math.Max(start, datasetFirst);
                    }
                }

                starts[node.Order] = start;
            }

            return starts;
        }

        /// <summary>A name's value at a period; the periods it read count as read by the value being computed.</summary>
        private KpiValue ValueAt(string name, int period) =>
            plan.Nodes.TryGetValue(name, out var node) && node.Order >= 0 ? ValueAt(node, period) : NotDefined(name);

        /// <summary>
        /// As <see cref="ValueAt(string, int)"/> for the name <paramref name="current"/>'s formula references at
        /// <paramref name="reference"/>, found by position (<see cref="MetricNode.ReferenceTargets"/>).
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private KpiValue ValueAt(MetricNode current, int reference, string name, int period)
        {
            var targets = current.ReferenceTargets;
            if ((uint)reference >= (uint)targets.Length)
            {
                // Not resolved for this node (it is outside the order): by name, as always.
                return ValueAt(name, period);
            }

            return targets[reference] is { } node ? ValueAt(node, period) : NotDefined(name);
        }

        private static KpiValue NotDefined(string name) => KpiValue.Undefined($"'{name}' is not defined");

        /// <summary>A computed node's value at a period; the periods it read count as read by the value being computed.</summary>
        [MethodImpl(HotPath.Options)]
        private KpiValue ValueAt(MetricNode node, int period)
        {
            if (period < first || period > last)
            {
                return Get(node, period);
            }

            _touchedFrom = Math.Min(_touchedFrom, Math.Min(period, TouchedAt(period, node)));
            return Stored(At(period, node));
        }

        /// <summary>One of the current node's aggregates at any period.</summary>
        private KpiValue AggregateAt(MetricNode node, int index, int period)
        {
            if (node.Dataset is not { } name || !scans.TryGetValue(name, out var scan))
            {
                return KpiValue.Undefined($"{node.Label} has no dataset");
            }

            if (scan.HasTime && (scan.FirstPeriod is not { } datasetFirst || period < datasetFirst || period > scan.LastPeriod))
            {
                return KpiValue.Undefined($"no data in dataset '{name}' for {calendar.Label(period)}");
            }

            _touchedFrom = Math.Min(_touchedFrom, period);
            return scan.Results(scan.HasTime ? period : DatasetScan.Timeless, combination)[node.AggregateSlots[index]];
        }

        /// <summary>The values as seen from another period, for time functions.</summary>
        private sealed class PeriodView(PeriodValues owner, int period) : IFormulaEnvironment, ITimeAxis
        {
            public ITimeAxis? Time => this;

            public int Period => period;

            public int DataStart => owner.DataStart;

            public PeriodCalendar Calendar => owner.Calendar;

            public KpiValue Aggregate(int index) => owner.AggregateAt(owner._node!, index, period);

            public KpiValue Name(string name) => owner.ValueAt(name, period);

            public KpiValue Name(int reference, string name) => owner.ValueAt(owner._node!, reference, name, period);

            public IFormulaEnvironment At(int other) => new PeriodView(owner, other);

            public IFormulaEnvironment? Total => owner.TotalAt(period);

            public IFormulaEnvironment? Parent(out string? missing) => owner.ParentAt(period, out missing);

            public int? CohortStart => owner.CohortStart;

            public void Observe(string call, int at, KpiValue value) => owner.Observe(call, at, value);

            public KpiValue Remember(int call, int at, Func<IFormulaEnvironment, ITimeAxis, KpiValue> compute, IFormulaEnvironment environment) =>
                owner.Remember(call, at, compute, environment, this);
        }

        /// <summary>
        /// The total's values at one period, as the node being computed reads them through
        /// <c>Total(x)</c>: names are the total's computed values, aggregates the node's own over all
        /// rows. It has no time axis: a time function inside Total's argument is undefined, while one
        /// in the KPI the argument names was computed at the total already.
        /// </summary>
        private sealed class LevelView(PeriodValues level, MetricNode node, int period) : IFormulaEnvironment
        {
            public ITimeAxis? Time => null;

            public KpiValue Aggregate(int index) => level.AggregateAt(node, index, period);

            public KpiValue Name(string name) => level.ValueAt(name, period);

            public KpiValue Name(int reference, string name) => level.ValueAt(node, reference, name, period);
        }
    }
}
