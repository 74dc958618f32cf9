using System.Text.Json;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// <c>kpi run --shard I/N</c> and <c>kpi summary merge</c>, each shard a separate process as on a
/// scheduler, over eleven clients: nine copies of tiny-shop under other ids, ragged-shop (completes
/// with errors) and broken-shop (fails).
/// </summary>
public sealed class ShardEndToEndTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("kpi-shard-e2e-");

    public ShardEndToEndTests()
    {
        var clients = Path.Combine(Work, "clients");
        Directory.CreateDirectory(clients);
        foreach (var file in Directory.EnumerateFiles(KpiProcess.TestData("tiny-shop")))
        {
            File.Copy(file, Path.Combine(clients, Path.GetFileName(file)));
        }

        var tiny = File.ReadAllText(Path.Combine(clients, "tiny-shop.yaml"));
        for (var i = 1; i <= 8; i++)
        {
            File.WriteAllText(Path.Combine(clients, $"shop-{i:00}.yaml"), tiny.Replace("client: tiny-shop", $"client: shop-{i:00}", StringComparison.Ordinal));
        }

        File.WriteAllText(Path.Combine(Work, "batch.yaml"), "clients: [clients/*.yaml]\nformats: [json, csv]\nparallel: 2\n");
    }

    private string Work => _work.FullName;

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task Shards_RunAsSeparateProcesses_MergeToTheBytesOfOneUnshardedRun()
    {
        var whole = KpiProcess.Run(Work, "run", "--manifest", "batch.yaml", "--out-dir", "whole", "--quiet");
        var shards = Enumerable.Range(0, 3)
            .Select(i => Task.Run(() => KpiProcess.Run(Work, "run", "--manifest", "batch.yaml", "--out-dir", "sharded", "--shard", $"{i}/3", "--quiet")))
            .ToArray();
        var runs = await Task.WhenAll(shards);
        var merge = KpiProcess.Run(Work, "summary", "merge", "sharded");

        Assert.True(whole.ExitCode == 1, whole.ToString());
        Assert.True(merge.ExitCode == 1, merge.ToString());
        Assert.Contains("11 clients: 9 succeeded, 1 completed with errors, 1 failed", merge.Output, StringComparison.Ordinal);

        // Every client ran in exactly one shard, and the shards split the work.
        var perShard = Enumerable.Range(0, 3).Select(i => Clients(Path.Combine(Work, "sharded", $"run-summary.shard-{i}-of-3.json"))).ToList();
        Assert.Equal(11, perShard.Sum(s => s.Count));
        Assert.Equal(Clients(Path.Combine(Work, "whole", "run-summary.json")), perShard.SelectMany(s => s).Order(StringComparer.Ordinal));
        Assert.All(perShard, s => Assert.NotEmpty(s));
        Assert.All(runs, run => Assert.True(run.ExitCode is 0 or 1, run.ToString()));

        Assert.Equal(Outputs("whole"), Outputs("sharded"));
        Assert.Equal(WithoutDurations(Path.Combine(Work, "whole", "run-summary.json")), WithoutDurations(Path.Combine(Work, "sharded", "run-summary.json")));
    }

    [Fact]
    public void RerunOfAShardWithSkipUnchanged_PicksTheSameClientsAndSkipsThem()
    {
        var first = KpiProcess.Run(Work, "run", "--manifest", "batch.yaml", "--out-dir", "out", "--shard", "1/3", "--quiet");
        var again = KpiProcess.Run(Work, "run", "--manifest", "batch.yaml", "--out-dir", "out", "--shard", "1/3", "--skip-unchanged", "--quiet");

        var summary = Path.Combine(Work, "out", "run-summary.shard-1-of-3.json");
        Assert.True(again.ExitCode == first.ExitCode, again.ToString());
        using var document = JsonDocument.Parse(File.ReadAllBytes(summary));
        var statuses = document.RootElement.GetProperty("clients").EnumerateArray().Select(c => c.GetProperty("status").GetString()).ToList();
        Assert.Contains("skipped", statuses);
        Assert.All(statuses, s => Assert.True(s is "skipped" or "completed_with_errors" or "failed", s));
        Assert.Equal("1/3", document.RootElement.GetProperty("options").GetProperty("shard").GetString());
        Assert.False(File.Exists(Path.Combine(Work, "out", "run-summary.json")));
    }

    [Fact]
    public void Merge_AShardMissing_RefusesWithKpi5050AndWritesNothing()
    {
        KpiProcess.Run(Work, "run", "--manifest", "batch.yaml", "--out-dir", "out", "--shard", "0/3", "--quiet");
        KpiProcess.Run(Work, "run", "--manifest", "batch.yaml", "--out-dir", "out", "--shard", "2/3", "--quiet");

        var merge = KpiProcess.Run(Work, "summary", "merge", "out");

        Assert.True(merge.ExitCode == 2, merge.ToString());
        Assert.Contains("error KPI5050: 1 of 3 shards have no summary: 1/3.", merge.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Work, "out", "run-summary.json")));
    }

    [Fact]
    public void Merge_ShardsOfTwoSplitsOrOtherOptions_RefusesWithKpi5050()
    {
        KpiProcess.Run(Work, "run", "--manifest", "batch.yaml", "--out-dir", "a", "--shard", "0/2", "--quiet");
        KpiProcess.Run(Work, "run", "--manifest", "batch.yaml", "--out-dir", "a", "--shard", "1/2", "--grain", "quarter", "--quiet");
        KpiProcess.Run(Work, "run", "--manifest", "batch.yaml", "--out-dir", "b", "--shard", "0/1", "--quiet");

        var options = KpiProcess.Run(Work, "summary", "merge", "a");
        var splits = KpiProcess.Run(Work, "summary", "merge", "a", "b");

        Assert.True(options.ExitCode == 2, options.ToString());
        Assert.Contains("error KPI5050: Shard 1/2 ran with other output options than shard 0/2", options.Error, StringComparison.Ordinal);
        Assert.True(splits.ExitCode == 2, splits.ToString());
        Assert.Contains("batches split 1 and 2 ways", splits.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_AllShardsSucceeded_Exits0AndWritesWhereAsked()
    {
        File.WriteAllText(Path.Combine(Work, "good.yaml"), "clients: [clients/shop-*.yaml]\n");
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(0, KpiProcess.Run(Work, "run", "--manifest", "good.yaml", "--out-dir", $"part{i}", "--shard", $"{i}/2", "--quiet").ExitCode);
        }

        var merge = KpiProcess.Run(Work, "summary", "merge", "part0", "part1", "--out", "all.json", "--quiet");

        Assert.True(merge.ExitCode == 0, merge.ToString());
        Assert.Equal(8, Clients(Path.Combine(Work, "all.json")).Count);
    }

    [Theory]
    [InlineData("3/3", "shard indexes count from 0")]
    [InlineData("x", "is not a shard")]
    public void Run_BadShard_IsAUsageError(string shard, string message)
    {
        var run = KpiProcess.Run(Work, "run", "--manifest", "batch.yaml", "--out-dir", "out", "--shard", shard);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Work, "out")));
    }

    [Fact]
    public void Run_ShardWithoutBatch_IsAUsageError()
    {
        var run = KpiProcess.Run(Work, "run", "clients/tiny-shop.yaml", "--shard", "0/2");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--shard apply to batch runs", run.Error, StringComparison.Ordinal);
    }

    private static List<string> Clients(string summary)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(summary));
        return [.. document.RootElement.GetProperty("clients").EnumerateArray().Select(c => c.GetProperty("client").GetString()!).Order(StringComparer.Ordinal)];
    }

    private Dictionary<string, byte[]> Outputs(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Work, folder))
            .Where(f => !Path.GetFileName(f).StartsWith("run-summary", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    /// <summary>The summary's lines but those with a duration, which differ between any two runs.</summary>
    private static List<string> WithoutDurations(string summary) =>
        [.. File.ReadAllLines(summary).Where(l => !l.Contains("\"duration_ms\"", StringComparison.Ordinal))];
}
