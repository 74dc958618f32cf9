using KpiEngine.Diagnostics;

namespace KpiEngine.Definitions;

/// <summary>Loading value tests (<c>kpi test</c>): a sibling <c>NAME.tests.yaml</c> or the <c>tests:</c> of a client or catalog file.</summary>
public sealed partial class KpiSetLoader
{
    /// <summary>
    /// Loads the tests in <paramref name="path"/>: a <c>NAME.tests.yaml</c> (testing <c>NAME.yaml</c>
    /// beside it) or a client or catalog file with a <c>tests:</c> section. The suite is null when
    /// the file has no tests to run; every problem in the tests is a diagnostic.
    /// </summary>
    public LoadResult<KpiTestSuite> LoadTests(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var diagnostics = new DiagnosticBag();
        if (Open(path, TestSuiteReader.SectionKey, diagnostics) is not { } source)
        {
            return new LoadResult<KpiTestSuite>(null, diagnostics.Items);
        }

        var kind = Classify(source.FullPath);
        if (kind == DefinitionFileKind.Tests)
        {
            var target = TestSuiteReader.TargetOf(source.FullPath);
            var targetKind = target is null ? DefinitionFileKind.Unknown : Classify(target);
            if (targetKind is not (DefinitionFileKind.Client or DefinitionFileKind.Catalog))
            {
                diagnostics.Add(
                    DiagnosticCatalog.TestTargetMissing,
                    target is null
                        ? $"'{source.File}' holds tests but is not named like the file it tests."
                        : $"'{source.File}' tests '{Path.GetFileName(target)}' beside it, which is {(File.Exists(target) ? "not a client or catalog file" : "missing")}.",
                    SourceSpan.At(source.File, 1, 1),
                    $"Name a test file after the client or catalog it tests, with '{TestSuiteReader.FileSuffix}' for '.yaml': sales.yaml is tested by sales{TestSuiteReader.FileSuffix}.");
            }

            var tests = new TestSuiteReader(source, diagnostics).ReadFile(targetKind == DefinitionFileKind.Catalog);
            return new LoadResult<KpiTestSuite>(tests is null || target is null ? null : new KpiTestSuite(source.FullPath, target, tests), diagnostics.Items);
        }

        if (kind is not (DefinitionFileKind.Client or DefinitionFileKind.Catalog)
            || source.Root is not YamlMapping root
            || root.Find(TestSuiteReader.SectionKey) is not { } section)
        {
            return new LoadResult<KpiTestSuite>(null, diagnostics.Items);
        }

        var own = new TestSuiteReader(source, diagnostics).ReadTests(section.Value, kind == DefinitionFileKind.Catalog);
        return new LoadResult<KpiTestSuite>(new KpiTestSuite(source.FullPath, source.FullPath, own), diagnostics.Items);
    }
}
