using System.Text.RegularExpressions;
using KpiEngine.Definitions;

namespace KpiEngine.Core.Tests.Catalog;

/// <summary>docs/catalog.md lists every KPI of kpi-definitions/catalog, and nothing that is not there.</summary>
public sealed partial class CatalogDocumentationTests
{
    [Fact]
    public void CatalogPage_ListsEveryShippedKpiOnce_UnderItsFile()
    {
        var root = RepositoryFolder.Root();
        var page = File.ReadAllText(Path.Combine(root, "docs", "catalog.md")).ReplaceLineEndings("\n");
        var everyKpi = page[page.IndexOf("\n## Every KPI\n", StringComparison.Ordinal)..];
        var documented = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var section in everyKpi.Split("\n### ").Skip(1))
        {
            var file = FileHeading().Match(section).Groups[1].Value;
            documented[file] = [.. KpiRow().Matches(section).Select(m => m.Groups[1].Value)];
        }

        var shipped = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        // Catalog files only: their value tests (NAME.tests.yaml, kpi test) sit beside them.
        foreach (var path in Directory.GetFiles(Path.Combine(root, "kpi-definitions", "catalog"), "*.yaml").Where(p => !p.EndsWith(".tests.yaml", StringComparison.Ordinal)))
        {
            var catalog = new KpiSetLoader().LoadCatalog(path);
            Assert.True(catalog.Succeeded, string.Join(Environment.NewLine, catalog.Diagnostics));
            shipped[Path.GetFileName(path)] = [.. catalog.Value!.Kpis.Select(k => k.Id)];
        }

        Assert.Equal(shipped.Keys.Order(StringComparer.Ordinal), documented.Keys.Order(StringComparer.Ordinal));
        foreach (var (file, ids) in shipped)
        {
            Assert.Equal(ids, documented[file]);
        }
    }

    [GeneratedRegex(@"^`([a-z-]+\.yaml)`")]
    private static partial Regex FileHeading();

    [GeneratedRegex(@"^\| `([a-z0-9_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex KpiRow();
}
