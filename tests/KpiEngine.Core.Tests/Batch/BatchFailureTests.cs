using KpiEngine.Batch;

namespace KpiEngine.Core.Tests.Batch;

/// <summary>"Outputs already written stay intact": a client that fails on a later run keeps its earlier files.</summary>
public sealed class BatchFailureTests
{
    private static BatchSummary Run(BatchFolder folder, params string[] clients) =>
        new BatchRunner().RunAsync(new BatchOptions
        {
            ClientFiles = folder.Clients(clients),
            OutputFolder = folder.Out,
            Formats = [ResultFormat.Json, ResultFormat.Csv],
            MaxParallelism = 2,
        }).GetAwaiter().GetResult();

    [Fact]
    public void Run_ClientThatFailsOnALaterRun_KeepsItsEarlierOutputsAndTheOthersAreWritten()
    {
        using var folder = new BatchFolder();
        Run(folder, "alpha", "beta");
        var before = folder.Outputs();
        // alpha now names a data file that does not exist; beta's data gains a traffic day, so its outputs change.
        folder.Write("clients/alpha.yaml", File.ReadAllText(folder["clients/alpha.yaml"]).Replace("../data/orders.csv", "../data/gone.csv", StringComparison.Ordinal));
        folder.Append("data/traffic.csv", "2026-03-01,50\n");

        var second = Run(folder, "alpha", "beta");

        Assert.Equal([BatchClientStatus.Failed, BatchClientStatus.Succeeded], second.Clients.Select(c => c.Status));
        Assert.Contains(second.Clients[0].Diagnostics, d => d.Id == "KPI3001");
        Assert.Empty(second.Clients[0].Outputs);
        var after = folder.Outputs();
        Assert.Equal(before["alpha.json"], after["alpha.json"]);
        Assert.Equal(before["alpha.csv"], after["alpha.csv"]);
        Assert.NotEqual(before["beta.json"], after["beta.json"]);
        Assert.Empty(Directory.EnumerateFiles(folder.Out, "*.tmp"));
    }
}
