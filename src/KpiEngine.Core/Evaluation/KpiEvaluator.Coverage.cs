using KpiEngine.Time;

namespace KpiEngine.Evaluation;

public sealed partial class KpiEvaluator
{
    /// <summary>The dates each scanned dataset covered, in plan order, for report headers: a reader must see which data a value stands on.</summary>
    private static List<DatasetCoverage> Coverage(ClientPlan plan, Dictionary<string, DatasetScan> scans) =>
    [
        .. plan.Datasets.Where(d => scans.ContainsKey(d.Name)).Select(d => scans[d.Name]).Select(scan => new DatasetCoverage(
            scan.Name,
            scan.FirstDay is { } first ? DateOnly.FromDayNumber(first) : null,
            scan.LastDay is { } last ? DateOnly.FromDayNumber(last) : null,
            scan.RecordsRead,
            scan.HasTime) { Access = DatasetAccess.Of(scan.Name, scan.Access) }),
    ];

    /// <summary>How a run would read each database dataset that the named nodes aggregate, in plan order (for <c>kpi explain</c>).</summary>
    private static List<DatasetAccess> PlannedAccess(ClientPlan plan, IReadOnlyList<string> nodes, PeriodCalendar calendar, bool pushdown)
    {
        var read = nodes.Select(n => plan.Nodes.TryGetValue(n, out var node) ? node.Dataset : null).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return
        [
            .. plan.Datasets.Where(d => read.Contains(d.Name))
                .Select(d => DatasetAccess.Of(d.Name, DatasetScan.Plan(plan, d, calendar, null, pushdown)))
                .OfType<DatasetAccess>(),
        ];
    }
}
