using System.Text.Json;
using KpiEngine.Batch;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;

namespace KpiEngine.Core.Tests.Batch;

/// <summary>
/// Batch runs over TestData/Batch: alpha (aov from orders.csv, through an included catalog), beta
/// (conversion from orders.csv and traffic.csv) and broken (missing dataset file, misspelt key).
/// Row counts: orders.csv has 5 records, traffic.csv 3, so alpha reads 5 and beta 8.
/// </summary>
public sealed class BatchRunnerTests
{
    private static BatchOptions Options(BatchFolder folder, params string[] clients) => new()
    {
        ClientFiles = folder.Clients(clients.Length > 0 ? clients : ["alpha", "beta", "broken"]),
        OutputFolder = folder.Out,
        Formats = [ResultFormat.Json, ResultFormat.Csv],
        MaxParallelism = 2,
    };

    private static BatchSummary Run(BatchOptions options, IBatchProgress? progress = null) =>
        new BatchRunner().RunAsync(options, progress).GetAwaiter().GetResult();

    [Fact]
    public void Run_BrokenClientAmongGoodOnes_WritesTheGoodOnesAndNamesTheFailure()
    {
        using var folder = new BatchFolder();

        var summary = Run(Options(folder));

        Assert.Equal(["alpha.csv", "alpha.json", "beta.csv", "beta.json"], folder.Outputs().Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["alpha", "beta", "broken"], summary.Clients.Select(c => c.Client));
        Assert.Equal([BatchClientStatus.Succeeded, BatchClientStatus.Succeeded, BatchClientStatus.Failed], summary.Clients.Select(c => c.Status));
        Assert.False(summary.AllSucceeded);
        var broken = summary.Clients[2];
        Assert.Empty(broken.Outputs);
        Assert.Contains(broken.Diagnostics, d => d.Id == DiagnosticCatalog.DatasetFileMissing.Id);

        using var json = JsonDocument.Parse(File.ReadAllBytes(summary.SummaryFile));
        var entry = json.RootElement.GetProperty("clients")[2];
        Assert.Equal("broken", entry.GetProperty("client").GetString());
        Assert.Equal("failed", entry.GetProperty("status").GetString());
        Assert.Contains(entry.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("id").GetString() == "KPI3001");
        Assert.Equal(1, json.RootElement.GetProperty("totals").GetProperty("failed").GetInt32());
    }

    [Fact]
    public void Run_SummaryFile_RecordsCountsHashesAndOutputsRelativeToTheOutputFolder()
    {
        using var folder = new BatchFolder();

        var summary = Run(Options(folder, "alpha", "beta"));

        using var json = JsonDocument.Parse(File.ReadAllBytes(summary.SummaryFile));
        var alpha = json.RootElement.GetProperty("clients")[0];
        Assert.Equal("../clients/alpha.yaml", alpha.GetProperty("file").GetString());

        // alpha reports aov for January to March: 3 results, all defined, from 5 order records.
        Assert.Equal(1, alpha.GetProperty("kpis").GetInt32());
        Assert.Equal(3, alpha.GetProperty("results").GetInt32());
        Assert.Equal(0, alpha.GetProperty("undefined").GetInt32());
        Assert.Equal(5, alpha.GetProperty("rows").GetInt64());
        Assert.Equal(["alpha.json", "alpha.csv"], alpha.GetProperty("outputs").EnumerateArray().Select(o => o.GetString()));
        var hashes = alpha.GetProperty("hashes");
        Assert.Equal(["../catalog/sales.yaml", "../clients/alpha.yaml"], hashes.GetProperty("definitions").EnumerateObject().Select(p => p.Name));
        Assert.StartsWith("sha256:", hashes.GetProperty("data").GetProperty("../data/orders.csv").GetString(), StringComparison.Ordinal);
        Assert.Equal(summary.EngineVersion, hashes.GetProperty("engine").GetString());

        // beta: conversion for January to March; February divides by zero visits and March has no traffic.
        var beta = json.RootElement.GetProperty("clients")[1];
        Assert.Equal(2, beta.GetProperty("undefined").GetInt32());
        Assert.Equal(8, beta.GetProperty("rows").GetInt64());
    }

    [Fact]
    public void Run_Twice_WritesByteIdenticalOutputs()
    {
        using var folder = new BatchFolder();

        Run(Options(folder));
        var first = folder.Outputs();
        Run(Options(folder));

        Assert.Equal(first, folder.Outputs());
    }

    [Fact]
    public void Run_InParallel_WritesTheSameBytesAsOneAtATime()
    {
        using var folder = new BatchFolder();
        var serial = Path.Combine(folder.Path, "serial");

        Run(Options(folder) with { MaxParallelism = 4 });
        Run(Options(folder) with { MaxParallelism = 1, OutputFolder = serial });

        Assert.Equal(folder.Outputs(serial), folder.Outputs());
    }

    [Fact]
    public void Run_ReportsProgressInOrderWithEveryRowRead()
    {
        using var folder = new BatchFolder();
        var progress = new RecordingProgress();

        Run(Options(folder), progress);

        Assert.Equal(3, progress.Total);
        Assert.Equal([1, 2, 3], progress.Finished);
        Assert.Equal(["alpha.yaml", "beta.yaml", "broken.yaml"], progress.Started.Order(StringComparer.Ordinal));
        Assert.Equal(13, progress.Rows);
    }

    [Fact]
    public void Run_SkipUnchanged_SkipsWhatSucceededAndRerunsTheFailure()
    {
        using var folder = new BatchFolder();
        Run(Options(folder));
        var outputs = folder.Outputs();

        var second = Run(Options(folder) with { SkipUnchanged = true });

        Assert.Equal([BatchClientStatus.Skipped, BatchClientStatus.Skipped, BatchClientStatus.Failed], second.Clients.Select(c => c.Status));
        Assert.True(second.Clients[0].Outputs.All(File.Exists));
        Assert.Equal(3, second.Clients[0].Results);
        Assert.Equal(outputs, folder.Outputs());

        // The skipped entries are written again, so a third run still skips them.
        var third = Run(Options(folder) with { SkipUnchanged = true });
        Assert.Equal(BatchClientStatus.Skipped, third.Clients[0].Status);
    }

    [Fact]
    public void Run_SkipUnchanged_RunsAgainTheClientsWhoseDataChanged()
    {
        using var folder = new BatchFolder();
        Run(Options(folder, "alpha", "beta"));

        // Only beta reads traffic.csv.
        folder.Append("data/traffic.csv", "2026-03-01,50\n");
        var second = Run(Options(folder, "alpha", "beta") with { SkipUnchanged = true });

        Assert.Equal([BatchClientStatus.Skipped, BatchClientStatus.Succeeded], second.Clients.Select(c => c.Status));
    }

    [Fact]
    public void Run_SkipUnchanged_RunsAgainWhenAnIncludedCatalogChanged()
    {
        using var folder = new BatchFolder();
        Run(Options(folder, "alpha", "beta"));

        folder.Append("catalog/sales.yaml", "    description: Revenue per order.\n");
        var second = Run(Options(folder, "alpha", "beta") with { SkipUnchanged = true });

        Assert.Equal([BatchClientStatus.Succeeded, BatchClientStatus.Skipped], second.Clients.Select(c => c.Status));
    }

    [Fact]
    public void Run_SkipUnchanged_RunsAgainWhenTheOptionsChangeOrAnOutputIsGone()
    {
        using var folder = new BatchFolder();
        Run(Options(folder, "alpha", "beta"));

        var quarters = Run(Options(folder, "alpha", "beta") with { SkipUnchanged = true, Evaluation = new EvaluationOptions { Grain = KpiEngine.Time.Grain.Quarter } });
        File.Delete(Path.Combine(folder.Out, "beta.csv"));
        var again = Run(Options(folder, "alpha", "beta") with { SkipUnchanged = true, Evaluation = new EvaluationOptions { Grain = KpiEngine.Time.Grain.Quarter } });

        Assert.All(quarters.Clients, c => Assert.Equal(BatchClientStatus.Succeeded, c.Status));
        Assert.Equal([BatchClientStatus.Skipped, BatchClientStatus.Succeeded], again.Clients.Select(c => c.Status));
    }

    [Fact]
    public void Run_SkipUnchanged_UnreadablePreviousSummary_IsKPI5003AndEveryClientRuns()
    {
        using var folder = new BatchFolder();
        Run(Options(folder, "alpha"));
        File.WriteAllText(Path.Combine(folder.Out, "run-summary.json"), "{ \"schema\": 1, \"clients\": [ {");

        var second = Run(Options(folder, "alpha") with { SkipUnchanged = true });

        Assert.Equal(BatchClientStatus.Succeeded, second.Clients[0].Status);
        var warning = Assert.Single(second.Diagnostics);
        Assert.Equal("KPI5003", warning.Id);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
    }

    [Fact]
    public void Run_FormatFailsMidWrite_KeepsTheOldFileAndLeavesNoTemporaryFile()
    {
        using var folder = new BatchFolder();
        Run(Options(folder, "alpha"));
        var before = folder.Outputs();
        var failing = new ResultFormat("json", "json", (stream, result) =>
        {
            stream.Write("{ \"half\": "u8);
            throw new IOException("disk full");
        });

        var second = Run(Options(folder, "alpha") with { Formats = [failing, ResultFormat.Csv] });

        var alpha = second.Clients[0];
        Assert.Equal(BatchClientStatus.Failed, alpha.Status);
        Assert.Contains(alpha.Diagnostics, d => d.Id == "KPI5002" && d.Message.Contains("disk full", StringComparison.Ordinal));
        // The formats of a client are written as one group: the CSV, which could be written, is not either.
        Assert.Empty(alpha.Outputs);
        Assert.Equal(before, folder.Outputs());
        Assert.Empty(Directory.EnumerateFiles(folder.Out, "*.tmp"));
    }

    [Fact]
    public void Run_UnexpectedExceptionInOneClient_FailsThatClientOnly()
    {
        using var folder = new BatchFolder();
        var crashing = new ResultFormat("json", "json", (stream, result) =>
        {
            if (result.Client == "alpha")
            {
                throw new InvalidOperationException("writer bug");
            }

            ResultFormat.Json.Write(stream, result);
        });

        var summary = Run(Options(folder, "alpha", "beta") with { Formats = [crashing] });

        Assert.Equal([BatchClientStatus.Failed, BatchClientStatus.Succeeded], summary.Clients.Select(c => c.Status));
        Assert.Contains(summary.Clients[0].Diagnostics, d => d.Id == "KPI4003" && d.Message.Contains("writer bug", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(folder.Out, "beta.json")));
        Assert.Empty(Directory.EnumerateFiles(folder.Out, "*.tmp"));
    }

    [Fact]
    public void Run_TwoClientFilesWithOneId_RunsTheFirstAndFailsTheSecondWithKPI1009()
    {
        using var folder = new BatchFolder();
        folder.Write("clients/zeta.yaml", File.ReadAllText(folder["clients/alpha.yaml"]));

        var summary = Run(Options(folder, "alpha", "zeta"));

        Assert.Equal([BatchClientStatus.Succeeded, BatchClientStatus.Failed], summary.Clients.Select(c => c.Status));
        var clash = Assert.Single(summary.Clients[1].Diagnostics);
        Assert.Equal("KPI1009", clash.Id);
        Assert.Contains("alpha.yaml", clash.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ClientsGivenInAnyOrder_AreReportedInPathOrder()
    {
        using var folder = new BatchFolder();

        var summary = Run(Options(folder, "broken", "beta", "alpha", "beta"));

        Assert.Equal(["alpha", "beta", "broken"], summary.Clients.Select(c => c.Client));
    }

    private sealed class RecordingProgress : IBatchProgress
    {
        private long _rows;

        public int Total { get; private set; }

        public List<int> Finished { get; } = [];

        public List<string> Started { get; } = [];

        public long Rows => Interlocked.Read(ref _rows);

        public void BatchStarted(int clientCount) => Total = clientCount;

        public void ClientStarted(string clientFile)
        {
            lock (Started)
            {
                Started.Add(Path.GetFileName(clientFile));
            }
        }

        public void RowsScanned(string clientFile, long rows) => Interlocked.Add(ref _rows, rows);

        public void ClientFinished(BatchClientSummary client, int finished, int total) => Finished.Add(finished);
    }
}
