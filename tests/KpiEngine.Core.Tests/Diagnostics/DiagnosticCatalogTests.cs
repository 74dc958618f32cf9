using KpiEngine.Diagnostics;

namespace KpiEngine.Core.Tests.Diagnostics;

public sealed class DiagnosticCatalogTests
{
    [Fact]
    public void All_IdsAreUniqueAndWellFormed()
    {
        var ids = DiagnosticCatalog.All.Select(d => d.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches("^KPI[1-7][0-9]{3}$", id));
    }

    [Fact]
    public void DiagnosticsPage_ListsEveryId()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryFolder.Root(), "docs", "diagnostics.md"));

        Assert.All(DiagnosticCatalog.All, d => Assert.Contains($"| {d.Id} |", page, StringComparison.Ordinal));
    }

    [Fact]
    public void ToString_PrintsTheCompilerStyleLine()
    {
        var diagnostic = DiagnosticCatalog.UnknownKey.Create("'formla' is not a key.", SourceSpan.At("a.yaml", 3, 5), "Did you mean 'formula'?");

        Assert.Equal("a.yaml(3,5): error KPI1003: 'formla' is not a key. Did you mean 'formula'?", diagnostic.ToString());
    }

    [Theory]
    [InlineData("formla", new[] { "formula", "format", "filter" }, "formula")]
    [InlineData("Revenue", new[] { "revenue", "orders" }, "revenue")]
    [InlineData("x", new[] { "id", "name" }, null)]
    [InlineData("drection", new[] { "direction", "description" }, "direction")]
    public void NameSuggestions_FindThePlausibleTypo(string name, string[] candidates, string? expected)
    {
        Assert.Equal(expected, NameSuggestions.Nearest(name, candidates));
    }
}
