using KpiEngine.Evaluation;

namespace KpiEngine.Core.Tests.Evaluation;

public sealed class RowProgressTests
{
    [Fact]
    public void Run_WithRowProgress_ReportsEveryRecordOfEveryDatasetScanned()
    {
        using var folder = new ClientFolder();

        // 3 + 70,000 orders: more than one progress step (65,536), so both the step and the rest are reported.
        folder.Write("orders.csv", "ordered_at,total\n" + string.Concat(Enumerable.Repeat("2026-01-05,10\n", 70_003)));
        folder.Write("visits.csv", "day,sessions\n2026-01-01,5\n2026-01-02,7\n");
        var client = folder.Write("client.yaml", """
            client: c
            datasets:
              orders: { path: orders.csv, time: ordered_at }
              visits: { path: visits.csv, time: day }
            inputs:
              revenue: { dataset: orders, formula: "Sum([total])" }
              sessions: { dataset: visits, formula: "Sum([sessions])" }
            kpis:
              - { id: per_session, unit: currency, direction: higher, formula: "[revenue] / [sessions]" }
            """);
        var reports = new List<long>();

        var result = new KpiEvaluator().Run(client, new EvaluationOptions { RowProgress = new Recorder(reports) });

        Assert.Equal(ClientStatus.Succeeded, result.Status);
        Assert.Equal([65_536, 70_003 - 65_536, 2], reports);
    }

    private sealed class Recorder(List<long> reports) : IProgress<long>
    {
        public void Report(long value) => reports.Add(value);
    }
}
