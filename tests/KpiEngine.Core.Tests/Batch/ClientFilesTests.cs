using KpiEngine.Batch;
using KpiEngine.Diagnostics;

namespace KpiEngine.Core.Tests.Batch;

public sealed class ClientFilesTests
{
    [Fact]
    public void Expand_FoldersAndGlobs_GiveClientFilesOnceInPathOrderWithoutCatalogs()
    {
        using var folder = new BatchFolder();
        var diagnostics = new DiagnosticBag();

        var files = ClientFiles.Expand([new("clients/b*.yaml"), new("."), new(folder["clients/alpha.yaml"])], folder.Path, diagnostics);

        // The folder '.' holds catalog/sales.yaml too; it has 'kpis:' and no 'client:', so it is no client. The manifest has neither and stays.
        Assert.Equal([.. folder.Clients("alpha", "beta", "broken"), folder["manifest.yaml"]], files);
        Assert.Empty(diagnostics.Items);
    }

    [Fact]
    public void Expand_EntryMatchingNothing_IsKPI1008AtTheEntryAndTheOthersStillExpand()
    {
        using var folder = new BatchFolder();
        var diagnostics = new DiagnosticBag();
        var span = SourceSpan.At("manifest.yaml", 3, 5);

        var files = ClientFiles.Expand([new("clients/*.yml", span), new("clients/alpha.yaml"), new("missing.yaml")], folder.Path, diagnostics);

        Assert.Equal(folder.Clients("alpha"), files);
        Assert.Equal(2, diagnostics.Items.Count);
        Assert.All(diagnostics.Items, d => Assert.Equal("KPI1008", d.Id));
        Assert.Equal(span, diagnostics.Items[0].Span);
        Assert.Contains("matches no client file", diagnostics.Items[0].Message, StringComparison.Ordinal);
        Assert.Contains("'missing.yaml' does not exist", diagnostics.Items[1].Message, StringComparison.Ordinal);
    }
}
