using KpiEngine.Batch;
using KpiEngine.Definitions;
using KpiEngine.Time;

namespace KpiEngine.Core.Tests.Batch;

public sealed class BatchManifestTests
{
    private static readonly string[] Formats = ["table", "json", "csv"];

    [Fact]
    public void Load_FullManifest_ReadsEveryOptionWithPathsFromItsFolder()
    {
        using var folder = new BatchFolder();
        folder.Write("manifest.yaml", """
            clients: [clients/*.yaml, clients/alpha.yaml]
            grain: quarter
            from: 2026-Q1
            to: "2026"
            formats: [json, "csv,table"]
            out_dir: ../reports
            parallel: 3
            skip_unchanged: true
            include_inputs: false
            by: [client_id, "channel,region"]
            """);

        var loaded = BatchManifest.Load(folder["manifest.yaml"], Formats);

        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Diagnostics));
        var manifest = loaded.Value!;
        Assert.Equal(["clients/*.yaml", "clients/alpha.yaml"], manifest.Clients.Select(c => c.Pattern));
        Assert.Equal(1, manifest.Clients[0].Span!.Value.Line);
        Assert.Equal(Grain.Quarter, manifest.Grain);
        Assert.Equal("2026-Q1", manifest.From);
        Assert.Equal("2026", manifest.To);
        Assert.Equal(["json", "csv", "table"], manifest.Formats);
        Assert.Equal(Path.GetFullPath(Path.Combine(folder.Path, "..", "reports")), manifest.OutputFolder);
        Assert.Equal(3, manifest.MaxParallelism);
        Assert.True(manifest.SkipUnchanged);
        Assert.False(manifest.IncludeInputs);
        Assert.Equal(["client_id", "channel", "region"], manifest.Dimensions);
        Assert.Equal(folder.Path, manifest.Folder);
    }

    [Fact]
    public void Load_OnlyClients_LeavesTheOptionsToTheCaller()
    {
        using var folder = new BatchFolder();
        folder.Write("manifest.yaml", "clients: clients\n");

        var manifest = BatchManifest.Load(folder["manifest.yaml"], Formats).Value!;

        Assert.Equal(["clients"], manifest.Clients.Select(c => c.Pattern));
        Assert.Null(manifest.Grain);
        Assert.Empty(manifest.Formats);
        Assert.Null(manifest.OutputFolder);
        Assert.Null(manifest.MaxParallelism);
        Assert.Null(manifest.SkipUnchanged);
        Assert.Empty(manifest.Dimensions);
    }

    [Fact]
    public void Load_MisspeltKey_IsKPI1003WithTheNearestKeyAndItsPosition()
    {
        using var folder = new BatchFolder();
        folder.Write("manifest.yaml", "clients: [clients/*.yaml]\nout_dri: out\n");

        var loaded = BatchManifest.Load(folder["manifest.yaml"], Formats);

        var error = Assert.Single(loaded.Diagnostics);
        Assert.Equal("KPI1003", error.Id);
        Assert.Equal((2, 1), (error.Span!.Value.Line, error.Span.Value.Column));
        Assert.Contains("out_dir", error.Suggestion, StringComparison.Ordinal);
        Assert.False(loaded.Succeeded);
    }

    [Fact]
    public void Load_NoClients_IsKPI1004()
    {
        using var folder = new BatchFolder();
        folder.Write("manifest.yaml", "grain: month\nclients: []\n");

        var error = Assert.Single(BatchManifest.Load(folder["manifest.yaml"], Formats).Diagnostics);

        Assert.Equal("KPI1004", error.Id);
        Assert.Equal(2, error.Span!.Value.Line);
    }

    [Fact]
    public void Load_BadValues_AreKPI1005EachAtItsValueAllAtOnce()
    {
        using var folder = new BatchFolder();
        folder.Write("manifest.yaml", """
            clients: [clients/*.yaml]
            grain: monthly
            from: 2026-13
            formats: [json, xml]
            parallel: 0
            skip_unchanged: yes
            """);

        var errors = BatchManifest.Load(folder["manifest.yaml"], Formats).Diagnostics;

        Assert.Equal([2, 3, 4, 5, 6], errors.Select(e => e.Span!.Value.Line));
        Assert.All(errors, e => Assert.Equal("KPI1005", e.Id));
        Assert.Contains("month", errors[0].Suggestion, StringComparison.Ordinal);
        Assert.Contains("'xml' is not an output format", errors[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ListWhereAValueBelongs_IsKPI1007()
    {
        using var folder = new BatchFolder();
        folder.Write("manifest.yaml", "clients: [a.yaml]\nout_dir: [out]\n");

        var error = Assert.Single(BatchManifest.Load(folder["manifest.yaml"], Formats).Diagnostics);

        Assert.Equal("KPI1007", error.Id);
    }

    [Fact]
    public void Load_MissingFile_IsKPI1008()
    {
        using var folder = new BatchFolder();

        var loaded = BatchManifest.Load(folder["nothing.yaml"], Formats);

        Assert.Null(loaded.Value);
        Assert.Equal("KPI1008", Assert.Single(loaded.Diagnostics).Id);
    }
}
