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
                        var value = period > dataLast
                            ? KpiValue.Undefined($"age {age} of cohort {label} is {calendar.Label(period)}, after the data ends ({calendar.Label(dataLast)})")
                            : values.Get(node, period);
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
                        });
                    }
                }
            }
        }

        return results;
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
