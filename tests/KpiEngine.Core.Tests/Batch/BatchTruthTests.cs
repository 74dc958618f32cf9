using KpiEngine.Batch;
using KpiEngine.Core.Tests.Reporting;
using KpiEngine.Evaluation;

namespace KpiEngine.Core.Tests.Batch;

/// <summary>
/// "A batch tells the truth": a client whose formats cannot all be written gets no new file,
/// --skip-unchanged re-runs a client when anything its outputs are made from changed (profiles,
/// plugin files, every option that shapes outputs), a client without a valid id writes nothing, and
/// the temporary files of a killed run are removed by the next run in the folder.
/// </summary>
public sealed class BatchTruthTests
{
    private static BatchOptions Options(BatchFolder folder, params string[] clients) => new()
    {
        ClientFiles = folder.Clients(clients),
        OutputFolder = folder.Out,
        Formats = [ResultFormat.Json, ResultFormat.Csv],
        MaxParallelism = 2,
    };

    private static BatchSummary Run(BatchOptions options) => new BatchRunner().RunAsync(options).GetAwaiter().GetResult();

    [Fact]
    public void Run_SecondFormatFails_TheClientKeepsBothPreviousFilesAndTheOthersAreWritten()
    {
        using var folder = new BatchFolder();
        Run(Options(folder, "alpha", "beta"));
        var before = folder.Outputs();
        // A January order: alpha's aov and beta's conversion both change.
        folder.Append("data/orders.csv", "A6,2026-01-10,delivered,60.00,1\n");
        var csvFailsForAlpha = new ResultFormat("csv", "csv", (stream, result) =>
        {
            if (result.Client == "alpha")
            {
                throw new IOException("disk full");
            }

            ResultFormat.Csv.Write(stream, result);
        });

        var second = Run(Options(folder, "alpha", "beta") with { Formats = [ResultFormat.Json, csvFailsForAlpha] });

        Assert.Equal([BatchClientStatus.Failed, BatchClientStatus.Succeeded], second.Clients.Select(c => c.Status));
        var failure = Assert.Single(second.Clients[0].Diagnostics, d => d.IsError);
        Assert.Equal("KPI5002", failure.Id);
        Assert.Contains("None of its files was replaced", failure.Message, StringComparison.Ordinal);
        Assert.Empty(second.Clients[0].Outputs);
        var after = folder.Outputs();
        // alpha's JSON could be written, but it stays the first run's, matching its CSV; beta has new data.
        Assert.Equal(before["alpha.json"], after["alpha.json"]);
        Assert.Equal(before["alpha.csv"], after["alpha.csv"]);
        Assert.NotEqual(before["beta.json"], after["beta.json"]);
        Assert.Equal(4, after.Count);
        Assert.Empty(Directory.EnumerateFiles(folder.Out, ".*"));
    }

    [Fact]
    public void Run_OutputThatIsASymbolicLink_IsKPI5010AndTheClientWritesNothing()
    {
        using var folder = new BatchFolder();
        Directory.CreateDirectory(folder.Out);
        var elsewhere = folder["elsewhere.csv"];
        File.WriteAllText(elsewhere, "not ours");
        File.CreateSymbolicLink(Path.Combine(folder.Out, "alpha.csv"), elsewhere);

        var summary = Run(Options(folder, "alpha", "beta"));

        Assert.Equal([BatchClientStatus.Failed, BatchClientStatus.Succeeded], summary.Clients.Select(c => c.Status));
        Assert.Contains(summary.Clients[0].Diagnostics, d => d.Id == "KPI5010" && d.Message.Contains("is a symbolic link", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(folder.Out, "alpha.json")));
        Assert.Equal("not ours", File.ReadAllText(elsewhere));
        Assert.Equal(elsewhere, new FileInfo(Path.Combine(folder.Out, "alpha.csv")).LinkTarget);
    }

    [Theory]
    [InlineData("\"../escape\"")]
    [InlineData("nul")]
    [InlineData("\"\"")]
    public void Run_ClientWithoutAValidId_IsNotRunAndWritesNothing(string id)
    {
        using var folder = new BatchFolder();
        folder.Write("clients/odd.yaml", File.ReadAllText(folder["clients/alpha.yaml"]).Replace("client: alpha", $"client: {id}", StringComparison.Ordinal));

        var summary = Run(Options(folder, "alpha", "odd"));

        Assert.Equal([BatchClientStatus.Succeeded, BatchClientStatus.Failed], summary.Clients.Select(c => c.Status));
        var odd = summary.Clients[1];
        Assert.Contains(odd.Diagnostics, d => d.Id is "KPI1013" or "KPI1004");
        Assert.Contains(odd.Diagnostics, d => d.Id == "KPI4003" && d.Message.Contains("nothing is written for it", StringComparison.Ordinal));
        Assert.Empty(odd.Outputs);
        Assert.Equal(["alpha.csv", "alpha.json", "run-summary.json"], Directory.GetFiles(folder.Out).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.False(File.Exists(folder["escape.json"]));
    }

    [Fact]
    public void Run_TemporaryFilesOfAKilledRun_AreRemovedByTheNextRunInTheFolder()
    {
        using var folder = new BatchFolder();
        Run(Options(folder, "alpha"));
        // What a run killed mid-write leaves: this machine's temporary names, of a process that no longer runs.
        var machine = LeftoverNames.MachineTag(folder.Out);
        var left = new[]
        {
            Path.Combine(folder.Out, $".alpha.json.kpi-{machine}-{int.MaxValue}-0123456789ab.tmp"),
            Path.Combine(folder.Out, $".gone-client.csv.kpi-{machine}-{int.MaxValue}-0123456789ab.tmp"),
        };
        foreach (var file in left)
        {
            File.WriteAllText(file, "{ \"half");
        }

        var second = Run(Options(folder, "alpha") with { SkipUnchanged = true });

        Assert.Equal(BatchClientStatus.Skipped, second.Clients[0].Status);
        Assert.All(left, file => Assert.False(File.Exists(file)));
        Assert.Contains(second.Diagnostics, d => d.Id == "KPI5013" && d.Message.StartsWith("Removed 2 temporary file(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_SkipUnchanged_RunsAgainWhenTheProfileOrTheProfileItExtendsChanged()
    {
        using var folder = new BatchFolder();
        WriteProfileClient(folder);
        var first = Run(Options(folder, "gamma"));
        Assert.Equal(BatchClientStatus.Succeeded, first.Clients[0].Status);
        Assert.Equal(BatchClientStatus.Skipped, Run(Options(folder, "gamma") with { SkipUnchanged = true }).Clients[0].Status);

        // The benchmark lives in the base profile, which the client reaches only through 'extends'.
        folder.Write("profiles/base.yaml", File.ReadAllText(folder["profiles/base.yaml"]).Replace("good: 60", "good: 70", StringComparison.Ordinal));
        var afterBase = Run(Options(folder, "gamma") with { SkipUnchanged = true });
        folder.Append("profiles/shop.yaml", "\n# edited\n");
        var afterShop = Run(Options(folder, "gamma") with { SkipUnchanged = true });

        Assert.Equal(BatchClientStatus.Succeeded, afterBase.Clients[0].Status);
        Assert.Equal(BatchClientStatus.Succeeded, afterShop.Clients[0].Status);
        Assert.Contains("\"good\": 70", File.ReadAllText(Path.Combine(folder.Out, "gamma.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SkipUnchanged_RunsAgainWhenAFileInAUsedPluginFolderChanged()
    {
        using var folder = new BatchFolder();
        var plugins = folder["myplugins"];
        CopyFolder(Path.Combine(AppContext.BaseDirectory, "TestPlugins", "GoodPlugin"), Path.Combine(plugins, "GoodPlugin"));
        folder.Write("clients/delta.yaml", """
            # The good test plugin sums 'total' per month: January 100 + 50 + 30 = 180.
            client: delta
            plugins: [../myplugins]
            datasets:
              orders: { path: ../data/orders.csv, time: ordered_at }
            kpis:
              - { id: total, unit: number, direction: higher, dataset: orders, plugin: good/sum, parameters: { column.amount: total } }
            """);
        var first = Run(Options(folder, "delta", "alpha"));
        Assert.Equal([BatchClientStatus.Succeeded, BatchClientStatus.Succeeded], first.Clients.Select(c => c.Status));
        Assert.Equal([BatchClientStatus.Skipped, BatchClientStatus.Skipped], Run(Options(folder, "delta", "alpha") with { SkipUnchanged = true }).Clients.Select(c => c.Status));

        File.WriteAllText(Path.Combine(plugins, "GoodPlugin", "GoodPlugin.deps.json"), File.ReadAllText(Path.Combine(plugins, "GoodPlugin", "GoodPlugin.deps.json")) + " ");
        var second = Run(Options(folder, "delta", "alpha") with { SkipUnchanged = true });

        // alpha uses no plugin metric: plugin files cannot change its outputs, so it is still skipped.
        Assert.Equal([BatchClientStatus.Skipped, BatchClientStatus.Succeeded], second.Clients.Select(c => c.Status));
    }

    public static TheoryData<string> OutputShapingOptions => ["by", "trace", "isolate", "timeout", "plugins"];

    [Theory]
    [MemberData(nameof(OutputShapingOptions))]
    public void Run_SkipUnchanged_RunsAgainWhenAnOptionThatShapesOutputsChanged(string option)
    {
        using var folder = new BatchFolder();
        Directory.CreateDirectory(folder["extra-plugins"]);
        Run(Options(folder, "alpha"));
        var evaluation = option switch
        {
            "by" => new EvaluationOptions { Dimensions = ["status"] },
            "trace" => new EvaluationOptions { Trace = true },
            "isolate" => new EvaluationOptions { IsolatePlugins = true },
            "timeout" => new EvaluationOptions { PluginTimeout = TimeSpan.FromSeconds(5) },
            _ => new EvaluationOptions { PluginFolders = [folder["extra-plugins"]] },
        };

        var changed = Run(Options(folder, "alpha") with { SkipUnchanged = true, Evaluation = evaluation });
        var again = Run(Options(folder, "alpha") with { SkipUnchanged = true, Evaluation = evaluation });

        Assert.Equal(BatchClientStatus.Succeeded, changed.Clients[0].Status);
        Assert.Equal(BatchClientStatus.Skipped, again.Clients[0].Status);
    }

    /// <summary>A client on profile 'shop', which extends 'base', which holds aov's benchmark (good 60, poor 40).</summary>
    private static void WriteProfileClient(BatchFolder folder)
    {
        Directory.CreateDirectory(folder["profiles"]);
        folder.Write("profiles/base.yaml", """
            profile: base
            include: [../catalog/sales.yaml]
            kpis: [aov]
            benchmarks:
              aov: { good: 60, poor: 40 }
            """);
        folder.Write("profiles/shop.yaml", """
            profile: shop
            extends: base
            kpis: [aov]
            """);
        folder.Write("clients/gamma.yaml", File.ReadAllText(folder["clients/alpha.yaml"])
            .Replace("client: alpha", "client: gamma\nprofile: shop", StringComparison.Ordinal)
            .Replace("include: [../catalog/sales.yaml]\n", string.Empty, StringComparison.Ordinal));
    }

    private static void CopyFolder(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
    }
}
