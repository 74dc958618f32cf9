using System.Text.Json;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// <c>kpi run</c> as a batch, run as a process over TestData/tiny-shop: tiny-shop succeeds,
/// ragged-shop completes with errors (a ragged row), broken-shop cannot run. Each test works in
/// its own temporary folder.
/// </summary>
public sealed class BatchEndToEndTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("kpi-batch-e2e-");

    private static string TinyShop => KpiProcess.TestData("tiny-shop");

    private string Work => _work.FullName;

    private string Out => Path.Combine(Work, "out");

    public void Dispose() => _work.Delete(recursive: true);

    private string Manifest(string text)
    {
        var path = Path.Combine(Work, "batch.yaml");
        File.WriteAllText(path, text.Replace("{tiny}", TinyShop.Replace('\\', '/'), StringComparison.Ordinal));
        return path;
    }

    private Dictionary<string, byte[]> Outputs() =>
        Directory.EnumerateFiles(Out).Where(f => !f.EndsWith("run-summary.json", StringComparison.Ordinal)).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    private JsonElement Summary()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Out, "run-summary.json")));
        return document.RootElement.Clone();
    }

    [Fact]
    public void Manifest_BrokenClientAmongGoodOnes_WritesTheGoodOnesNamesTheFailureAndExits1()
    {
        var manifest = Manifest("""
            clients: ["{tiny}/*.yaml"]
            formats: [json, csv]
            out_dir: out
            """);

        var run = KpiProcess.Run(Work, "run", "--manifest", manifest);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(["ragged-shop.csv", "ragged-shop.json", "tiny-shop.csv", "tiny-shop.json"], Outputs().Keys.Order(StringComparer.Ordinal));
        var clients = Summary().GetProperty("clients").EnumerateArray().ToList();
        Assert.Equal(["broken-shop", "ragged-shop", "tiny-shop"], clients.Select(c => c.GetProperty("client").GetString()));
        Assert.Equal(["failed", "completed_with_errors", "succeeded"], clients.Select(c => c.GetProperty("status").GetString()));
        Assert.Contains(clients[0].GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("id").GetString() == "KPI1003");

        // Redirected output: one plain progress line per client on stderr, the summary table on stdout.
        Assert.Contains("tiny-shop: succeeded in", run.Error, StringComparison.Ordinal);
        Assert.Contains("broken-shop: failed", run.Error, StringComparison.Ordinal);
        Assert.Equal(3, run.Error.Split('\n').Count(l => l.StartsWith('[') && l.Contains("/3] ", StringComparison.Ordinal)));
        Assert.Contains("broken.yaml(13,5): error KPI1003", run.Error, StringComparison.Ordinal);
        Assert.Contains("3 clients: 1 succeeded, 1 completed with errors, 1 failed", run.Output, StringComparison.Ordinal);
        Assert.Contains("run-summary.json", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Rerun_InParallelOrOneAtATime_WritesByteIdenticalFiles()
    {
        var first = KpiProcess.Run(Work, "run", $"{TinyShop}/*.yaml", "--out-dir", "out", "--format", "json", "--format", "csv", "--format", "table");
        var bytes = Outputs();
        var second = KpiProcess.Run(Work, "run", $"{TinyShop}/*.yaml", "--out-dir", "out", "--format", "json,csv,table", "--parallel", "1");

        Assert.True(first.ExitCode == 1, first.ToString());
        Assert.True(second.ExitCode == 1, second.ToString());
        Assert.Equal(6, bytes.Count);
        Assert.Equal(bytes, Outputs());
        Assert.Contains("Average order value", System.Text.Encoding.UTF8.GetString(bytes["tiny-shop.txt"]), StringComparison.Ordinal);
    }

    [Fact]
    public void SkipUnchanged_SecondRunSkipsAndAChangedDataFileRunsAgain()
    {
        var data = Path.Combine(Work, "shop");
        Directory.CreateDirectory(data);
        foreach (var file in new[] { "tiny-shop.yaml", "orders.csv", "traffic.csv" })
        {
            File.Copy(Path.Combine(TinyShop, file), Path.Combine(data, file));
        }

        var first = KpiProcess.Run(Work, "run", "shop/*.yaml", "--out-dir", "out", "--skip-unchanged");
        var second = KpiProcess.Run(Work, "run", "shop/*.yaml", "--out-dir", "out", "--skip-unchanged");
        File.AppendAllText(Path.Combine(data, "orders.csv"), "A6,2026-03-20,delivered,60.00,1\n");
        var third = KpiProcess.Run(Work, "run", "shop/*.yaml", "--out-dir", "out", "--skip-unchanged");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("tiny-shop: succeeded", first.Error, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("tiny-shop: skipped (unchanged)", second.Error, StringComparison.Ordinal);
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Contains("tiny-shop: succeeded", third.Error, StringComparison.Ordinal);
        Assert.Equal("succeeded", Summary().GetProperty("clients")[0].GetProperty("status").GetString());
    }

    [Fact]
    public void Quiet_PrintsOnlyErrors()
    {
        var run = KpiProcess.Run(Work, "run", $"{TinyShop}/*.yaml", "--out-dir", "out", "--quiet");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(string.Empty, run.Output);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Contains(": error KPI", l, StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(Out, "tiny-shop.json")));
    }

    [Fact]
    public void GlobMatchingNothing_IsKPI1008ForThatEntryAndTheOthersRun()
    {
        var run = KpiProcess.Run(Work, "run", $"{TinyShop}/tiny-shop.yaml", $"{TinyShop}/nothing-*.yaml", "--out-dir", "out");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("error KPI1008", run.Error, StringComparison.Ordinal);
        Assert.Contains("matches no client file", run.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Out, "tiny-shop.json")));
    }

    [Fact]
    public void EveryClientFailing_Exits2()
    {
        var run = KpiProcess.Run(Work, "run", Path.Combine(TinyShop, "broken.yaml"), "--out-dir", "out");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal("failed", Summary().GetProperty("clients")[0].GetProperty("status").GetString());
    }

    [Fact]
    public void ManifestWithAMisspeltKey_IsKPI1003AndNothingRuns()
    {
        var manifest = Manifest("""
            clients: ["{tiny}/tiny-shop.yaml"]
            out_dir: out
            paralel: 2
            """);

        var run = KpiProcess.Run(Work, "run", "--manifest", manifest);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("batch.yaml(3,1): error KPI1003: 'paralel' is not a key of a batch manifest. Did you mean 'parallel'?", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out));
    }

    [Theory]
    [InlineData("--parallel", "2")]
    [InlineData("--skip-unchanged")]
    [InlineData("--format", "json,csv")]
    public void BatchOptionsWithoutAnOutputFolder_AreUsageErrors(params string[] option)
    {
        var run = KpiProcess.Run(TinyShop, ["run", "tiny-shop.yaml", .. option]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("KPI5001", run.Error, StringComparison.Ordinal);
    }
}
