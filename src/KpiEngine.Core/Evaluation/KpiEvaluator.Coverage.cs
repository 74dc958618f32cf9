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
            scan.HasTime)),
    ];
}
