using System.Globalization;
using KpiEngine.Datasets;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;
using KpiEngine.Time;

namespace KpiEngine.Evaluation;

/// <summary>
/// Cohort KPIs: each entity's start (computed in its dataset's scan) puts it in a cohort; the
/// datasets the KPIs read are scanned again grouped by the cohort of each row's entity, and every
/// cohort is evaluated like a dimension value whose periods are ages (period = cohort + age).
/// </summary>
public sealed partial class KpiEvaluator
{
    /// <summary>The results of every reported cohort KPI, by KPI: one per cohort and age, cohorts in period order, ages from 0.</summary>
    private static Dictionary<MetricNode, List<KpiResult>> CohortResults(KpiSet set, ClientPlan plan, IReadOnlyList<(CohortPlan Plan, DerivedTable Table)> cohorts,
        PeriodCalendar calendar, int? from, int? to, int dataLast, IReadOnlyList<int> reported, EvaluationOptions options, CancellationToken cancellationToken)
    {
        var results = new Dictionary<MetricNode, List<KpiResult>>();
        foreach (var node in plan.Reported.Where(n => n.Kpi?.Cohort is not null))
        {
            if (calendar.Grain == Grain.All || plan.CohortOf(node) is null)
            {
                // Grain 'all' has no ages; a cohort with errors (reported by validation) has no table.
                var reason = calendar.Grain == Grain.All
                    ? $"a cohort KPI is reported per cohort and age, but grain 'all' has one period covering all the data"
                    : $"{node.Label} has errors in its cohort";
                results[node] = [.. reported.Select(p => new KpiResult(set.ClientId, node.Name, node.Kpi!.Name, calendar.Label(p), null, reason, node.Kpi.Unit))];
            }
        }

        foreach (var node in plan.Reported.Where(n => n.Plugin?.CohortCells is not null))
        {
            results[node] = calendar.Grain == Grain.All || node.Plugin!.CohortCells!.Failure is not null
                ? [.. reported.Select(p => new KpiResult(set.ClientId, node.Name, node.Kpi!.Name, calendar.Label(p), null,
                    node.Plugin!.CohortCells!.Failure ?? "a cohort KPI is reported per cohort and age, but grain 'all' has one period covering all the data", node.Kpi.Unit))]
                : PluginCohortResults(set, node, node.Plugin!.CohortCells!.Cells, calendar, from, to, dataLast);
        }

        foreach (var (cohort, table) in cohorts)
        {
            if (calendar.Grain == Grain.All || !cohort.Kpis.Any(plan.Reported.Contains))
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var assignment = CohortAssignment.From(cohort, table, calendar, cancellationToken);
            var reads = plan.DatasetsRead();
            var datasets = cohort.Kpis.SelectMany(k => reads[k]).ToHashSet(StringComparer.Ordinal);
            var index = new DimensionIndex([cohort.Entity]) { Translate = assignment.CohortOf };
            // The rows were read (and their problems reported) by the run's own scan: this pass only groups them by cohort.
            var scans = Scan(plan, calendar, index, options, new DiagnosticBag(), cancellationToken, only: datasets);
            var needed = new HashSet<MetricNode>();
            void Need(MetricNode node)
            {
                if (needed.Add(node))
                {
                    node.Dependencies.ForEach(Need);
                }
            }

            cohort.Kpis.ForEach(Need);
            var first = Math.Max(assignment.First ?? int.MaxValue, from ?? int.MinValue);
            var last = Math.Min(assignment.Last ?? int.MinValue, to ?? int.MaxValue);
            foreach (var node in cohort.Kpis.Where(plan.Reported.Contains))
            {
                results[node] = [];
            }

            for (var start = first; start <= last; start++)
            {
                var label = calendar.Label(start);
                var values = new PeriodValues(plan, scans, calendar, start, Math.Max(start, dataLast), index.Intern([label]))
                {
                    CohortStart = start,
                    Needed = needed,
                };
                values.ComputeAll();
                var empty = assignment.Members(start) == 0;
                foreach (var node in cohort.Kpis.Where(plan.Reported.Contains))
                {
                    // KPIs sharing an assignment may report different ages (ages: is each KPI's own).
                    var oldestAge = node.Kpi!.Cohort!.Ages is { } ages ? ages - 1 : dataLast - first;
                    for (var age = 0; age <= oldestAge; age++)
                    {
                        var period = start + age;
                        var value = period > dataLast ? AfterData(calendar, label, age, period, dataLast) : values.Get(node, period);
                        if (!value.IsDefined && empty && period <= dataLast)
                        {
                            value = KpiValue.Undefined($"cohort {label} is empty: no {cohort.Entity} starts in it");
                        }

                        results[node].Add(new KpiResult(set.ClientId, node.Name, node.Kpi!.Name, calendar.Label(period), value.AsNullable(), value.Reason, node.Kpi.Unit)
                        {
                            Cohort = label,
                            Age = age,
                            Partial = period <= dataLast && values.IsPartial(node, period),
                            AfterData = period > dataLast,
                            Trace = options.Trace && period <= dataLast ? values.Trace(node, period) with { Cohort = label, Age = age } : null,
                        });
                    }
                }
            }
        }

        return results;
    }

    /// <summary>A cell the data has not reached: undefined (blank in a triangle), not 0.</summary>
    private static KpiValue AfterData(PeriodCalendar calendar, string cohort, int age, int period, int dataLast) =>
        KpiValue.Undefined($"age {age} of cohort {cohort} is {calendar.Label(period)}, after the data ends ({calendar.Label(dataLast)})");

    /// <summary>
    /// A plugin KPI naming a cohort output (contract 1.2), shaped like a formula cohort KPI: a row per cohort from the
    /// first to the last the metric gave (within --from/--to), ages 0 to the data's end from the first cohort, the cells
    /// after the data ends undefined as blanks, a cell the metric did not give undefined with the plugin's name.
    /// </summary>
    private static List<KpiResult> PluginCohortResults(KpiSet set, MetricNode node, IReadOnlyDictionary<(int Cohort, int Age), KpiValue> cells, PeriodCalendar calendar,
        int? from, int? to, int dataLast)
    {
        var results = new List<KpiResult>();
        var given = cells.Keys.Select(k => k.Cohort).Where(c => c <= dataLast).ToList();
        if (given.Count == 0)
        {
            return results;
        }

        var first = Math.Max(given.Min(), from ?? int.MinValue);
        var last = Math.Min(given.Max(), to ?? int.MaxValue);
        var metric = $"{node.Kpi!.Plugin!.Plugin}/{node.Kpi.Plugin.Metric}";
        for (var start = first; start <= last; start++)
        {
            var label = calendar.Label(start);
            for (var age = 0; age <= dataLast - first; age++)
            {
                var period = start + age;
                var value = period > dataLast ? AfterData(calendar, label, age, period, dataLast)
                    : cells.TryGetValue((start, age), out var cell) ? cell
                    : KpiValue.Undefined($"plugin metric '{metric}' gave no value for cohort {label} at age {age}");
                results.Add(new KpiResult(set.ClientId, node.Name, node.Kpi.Name, calendar.Label(period), value.AsNullable(), value.Reason, node.Kpi.Unit)
                {
                    Cohort = label,
                    Age = age,
                    AfterData = period > dataLast,
                });
            }
        }

        return results;
    }

    /// <summary>
    /// Evaluates a client and traces one cell of a cohort KPI's triangle: the cohort's formula at an age, each
    /// name's value in that cohort and age (the rows of the cohort's entities in the period), the time functions'
    /// and <c>Cohort(x)</c>'s values, and why it is undefined. Null (with diagnostics) when the client cannot be
    /// loaded, the KPI is not a cohort KPI, or the cohort or the age is not in its triangle.
    /// </summary>
    /// <param name="clientFile">The client file.</param>
    /// <param name="id">The cohort KPI's id.</param>
    /// <param name="cohort">The cohort: a period label of the grain in <paramref name="options"/> (the period its entities start).</param>
    /// <param name="age">Whole periods since the cohort, from 0.</param>
    /// <param name="options">The grain; From, To and IncludeInputs are ignored.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    public LoadResult<ValueTrace> TraceCohort(string clientFile, string id, string cohort, int age, EvaluationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clientFile);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(cohort);
        ArgumentNullException.ThrowIfNull(options);
        if (LoadTraced(clientFile, id, out var diagnostics) is not { } set)
        {
            return new LoadResult<ValueTrace>(null, diagnostics.Items);
        }

        if (set.Kpis.FirstOrDefault(k => k.Id == id) is { Plugin: { } plugin })
        {
            diagnostics.Add(DiagnosticCatalog.CohortCellOfPeriodKpi, $"KPI '{id}' is computed by plugin metric '{plugin.Plugin}/{plugin.Metric}', which has no formula to trace.", null,
                "'kpi run CLIENT.yaml --format json' gives each of its values (per cohort and age for a cohort output) with the reason when undefined.");
            return new LoadResult<ValueTrace>(null, diagnostics.Items);
        }

        if (set.Kpis.FirstOrDefault(k => k.Id == id) is not { Cohort: { } definition })
        {
            diagnostics.Add(DiagnosticCatalog.CohortCellOfPeriodKpi, $"'{id}' is reported per period, not per cohort and age, so it has no cohort cell.", null,
                $"Trace one of its periods instead: kpi explain CLIENT.yaml {id} --period {cohort}.");
            return new LoadResult<ValueTrace>(null, diagnostics.Items);
        }

        var calendar = new PeriodCalendar(options.Grain, set.Calendar);
        if (!calendar.TryParse(cohort, end: false, out var ordinal))
        {
            diagnostics.Add(DiagnosticCatalog.Usage, $"'{cohort}' is not a cohort: a cohort is named by the period its {definition.Entity}s start in.", null, PeriodCalendar.PeriodHint);
            return new LoadResult<ValueTrace>(null, diagnostics.Items);
        }

        var label = calendar.Label(ordinal);
        if (age < 0)
        {
            diagnostics.Add(DiagnosticCatalog.NoSuchCohortAge, string.Create(CultureInfo.InvariantCulture, $"Age {age} is not an age of cohort {label}: ages count whole periods since the cohort, from 0."), null,
                "Give --age 0 for the cohort's own period, 1 for the next, and so on.");
            return new LoadResult<ValueTrace>(null, diagnostics.Items);
        }

        // --from/--to bound the cohorts reported: the one asked for is the only one traced.
        var result = Run(set with { Selected = [id] }, options with { From = label, To = label, IncludeInputs = false, Trace = true }, diagnostics, cancellationToken);
        var row = result.Results.Where(r => r.Kpi == id && r.Cohort == label).ToList();
        if (row.Count == 0)
        {
            if (result.Status != ClientStatus.Failed)
            {
                diagnostics.Add(DiagnosticCatalog.NoSuchCohort, NoCohortMessage(set, id, definition, label, options, cancellationToken), null,
                    $"Pick a cohort of its triangle ('kpi run CLIENT.yaml --format csv' lists them in the cohort column).");
            }

            return new LoadResult<ValueTrace>(null, diagnostics.Items);
        }

        if (row.Find(r => r.Age == age) is { AfterData: false, Trace: { } trace })
        {
            return new LoadResult<ValueTrace>(trace, diagnostics.Items);
        }

        // The run bounded to this cohort gives its row up to the data's end (or its ages:), so the last age observed is the row's.
        var observed = row.Where(r => !r.AfterData).Select(r => r.Age ?? 0).DefaultIfEmpty(-1).Max();
        var ages = observed >= 0 ? string.Create(CultureInfo.InvariantCulture, $"Cohort {label} is observed at ages 0 to {observed}.") : $"Cohort {label} has no age observed yet.";
        diagnostics.Add(DiagnosticCatalog.NoSuchCohortAge,
            definition.Ages is { } limit && age >= limit
                ? string.Create(CultureInfo.InvariantCulture, $"KPI '{id}' reports ages 0 to {limit - 1} (its cohort's ages:), so cohort {label} has no age {age}.")
                : string.Create(CultureInfo.InvariantCulture,
                    $"Age {age} of cohort {label} is {calendar.Label(ordinal + age)}, after the data ends: the cell is blank (not yet observed, not 0), so there is nothing to trace."),
            null,
            ages);
        return new LoadResult<ValueTrace>(null, diagnostics.Items);
    }

    /// <summary>Why a cohort is not in a KPI's triangle, naming the cohorts that are (found by a run without bounds and without traces).</summary>
    private string NoCohortMessage(KpiSet set, string id, CohortDefinition definition, string label, EvaluationOptions options, CancellationToken cancellationToken)
    {
        var all = Run(set with { Selected = [id] }, options with { From = null, To = null, IncludeInputs = false, Trace = false }, new DiagnosticBag(), cancellationToken);
        var cohorts = all.Results.Where(r => r.Kpi == id && r.Cohort is not null).Select(r => r.Cohort!).Distinct(StringComparer.Ordinal).ToList();
        return cohorts.Count == 0
            ? $"KPI '{id}' has no cohorts: no {definition.Entity} has a start in the data, so there is no cohort {label}."
            : $"KPI '{id}' has no cohort {label}: its cohorts run from {cohorts[0]} to {cohorts[^1]}, the periods in which a {definition.Entity} starts.";
    }

    /// <summary>
    /// Which cohort each entity is in: the period of its start. Built once per run from the start
    /// table its dataset's scan filled; read-only afterwards, so scans on several threads may share it.
    /// </summary>
    private sealed class CohortAssignment
    {
        private readonly Dictionary<string, string> _cohortOf = new(StringComparer.Ordinal);
        private readonly Dictionary<int, int> _members = [];

        /// <summary>The first cohort with a member; null when no entity has a start.</summary>
        public int? First { get; private set; }

        /// <summary>The last cohort with a member.</summary>
        public int? Last { get; private set; }

        public static CohortAssignment From(CohortPlan cohort, DerivedTable table, PeriodCalendar calendar, CancellationToken cancellationToken)
        {
            var assignment = new CohortAssignment();
            var schema = cohort.Starts.Schema;
            var key = schema.Columns[0];
            table.Scan(schema, [.. schema.Columns.Select(_ => true)], row =>
            {
                var start = row.Numbers[1];
                if (double.IsNaN(start))
                {
                    return; // no start (a Min over no dated row): the entity is in no cohort
                }

                var period = calendar.OrdinalOfDays((int)Math.Floor(start));
                // The same text the scan's dimension reader gives the entity column: a number as written back ("R"), text as it is.
                var entity = key.IsNumeric ? row.Numbers[0].ToString("R", CultureInfo.InvariantCulture) : row.Texts[0]!;
                assignment._cohortOf[entity] = calendar.Label(period);
                assignment._members[period] = assignment._members.GetValueOrDefault(period) + 1;
                assignment.First = Math.Min(assignment.First ?? period, period);
                assignment.Last = Math.Max(assignment.Last ?? period, period);
            }, new DiagnosticBag(), cancellationToken);
            return assignment;
        }

        /// <summary>How many entities start in a cohort.</summary>
        public int Members(int cohort) => _members.GetValueOrDefault(cohort);

        /// <summary>The cohort label of an entity (as the dimension reader reads it); null when it has no start.</summary>
        public string? CohortOf(string? entity) => entity is null ? null : _cohortOf.GetValueOrDefault(entity.Trim());
    }
}
