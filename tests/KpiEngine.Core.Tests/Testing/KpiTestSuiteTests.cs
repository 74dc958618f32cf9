using System.Xml.Linq;
using KpiEngine.Core.Tests;
using KpiEngine.Definitions;
using KpiEngine.Evaluation;
using KpiEngine.Testing;

namespace KpiEngine.Tests.Testing;

/// <summary>
/// Value tests (<c>kpi test</c>): the shipped catalog is covered KPI by KPI, test files are read
/// with positioned diagnostics, and the runner compares values, undefined reasons and periods.
/// </summary>
public sealed class KpiTestSuiteTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("kpi-test-suite-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public void ShippedCatalog_EveryKpiHasATest()
    {
        var folder = Path.Combine(RepositoryFolder.Root(), "kpi-definitions", "catalog");
        var loader = new KpiSetLoader();
        var untested = new List<string>();
        foreach (var catalogFile in Directory.EnumerateFiles(folder, "*.yaml").Where(f => !f.EndsWith(".tests.yaml", StringComparison.Ordinal)))
        {
            var catalog = loader.LoadCatalog(catalogFile).Value!;
            var testFile = Path.ChangeExtension(catalogFile, ".tests.yaml");
            var suite = File.Exists(testFile) ? loader.LoadTests(testFile) : null;
            var tested = suite?.Value?.Tests.SelectMany(t => t.Expected).Select(e => e.Kpi).ToHashSet(StringComparer.Ordinal) ?? [];
            untested.AddRange(catalog.Kpis.Where(k => !tested.Contains(k.Id)).Select(k => $"{Path.GetFileName(catalogFile)}: {k.Id}"));
        }

        Assert.True(untested.Count == 0, "Catalog KPIs without a value test:\n" + string.Join('\n', untested));
    }

    [Fact]
    public void LoadTests_ClientTestWithGiven_IsRefusedAtTheKey()
    {
        var client = WriteClient();
        var tests = Write("shop.tests.yaml", """
            tests:
              - name: inputs given directly
                given: [{ period: 2026-01, revenue: 1 }]
                expect: { aov: { 2026-01: 1 } }
            """);

        var loaded = new KpiSetLoader().LoadTests(tests);

        var problem = Assert.Single(loaded.Diagnostics);
        Assert.Equal(("KPI1005", 3, 5), (problem.Id, problem.Span!.Value.Line, problem.Span.Value.Column));
        Assert.Contains("tests a client file", problem.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(client));
    }

    [Fact]
    public void LoadTests_SiblingWithoutTheFileItTests_IsKpi1080()
    {
        var tests = Write("missing.tests.yaml", """
            tests:
              - name: nothing to test
                expect: { aov: { 2026-01: 1 } }
            """);

        var loaded = new KpiSetLoader().LoadTests(tests);

        Assert.Contains(loaded.Diagnostics, d => d.Id == "KPI1080" && d.Message.Contains("missing", StringComparison.Ordinal));
    }

    [Fact]
    public void LoadTests_BadPeriodsAndValues_AreAllReportedWithPositions()
    {
        WriteRatioCatalog();
        var tests = Write("cat.tests.yaml", """
            tests:
              - name: bad
                given:
                  - { period: 2026-1, a: 1, b: x }
                expect:
                  ratio: { 2026-13: 1, 2026-02: "1", 2026-03: { value: 1, undefined: y } }
            """);

        var diagnostics = new KpiSetLoader().LoadTests(tests).Diagnostics;

        Assert.Equal(
            [("KPI1005", 4, 19), ("KPI1005", 4, 36), ("KPI1005", 6, 16), ("KPI1005", 6, 37), ("KPI1005", 6, 63)],
            diagnostics.Select(d => (d.Id, d.Span!.Value.Line, d.Span.Value.Column)).ToList());
    }

    [Fact]
    public void Run_CatalogTest_PassesOnRightValuesAndNamesAMisspeltKpi()
    {
        WriteRatioCatalog();

        // January: 6 / 3 = 2. February: 1 / 0 is a division by zero.
        var tests = Write("cat.tests.yaml", """
            tests:
              - name: ratio
                given:
                  - { period: 2026-01, a: 6, b: 3 }
                  - { period: 2026-02, a: 1, b: 0 }
                expect:
                  ratio:
                    2026-01: 2
                    2026-02: { undefined: division by zero }
              - name: misspelt
                given: [{ period: 2026-01, a: 6, b: 3 }]
                expect:
                  ratoi: { 2026-01: 2 }
            """);
        var suite = new KpiSetLoader().LoadTests(tests).Value!;

        var outcomes = new KpiTestRunner([], new EvaluationOptions()).Run(suite);

        Assert.True(outcomes[0].Passed, string.Join('\n', outcomes[0].Failures));
        var failures = outcomes[1].Failures;
        var unknown = Assert.Single(failures);
        Assert.Equal(("KPI1012", 13, 25), (unknown.Id, unknown.Span!.Value.Line, unknown.Span.Value.Column));
        Assert.Equal("Did you mean 'ratio'?", unknown.Suggestion);
    }

    [Fact]
    public void Run_CatalogTestOfWrongValues_FailsAtEachExpectedValue()
    {
        WriteRatioCatalog();
        var tests = Write("cat.tests.yaml", """
            tests:
              - name: wrong
                tolerance: 0.1
                given:
                  - { period: 2026-01, a: 6, b: 3 }
                  - { period: 2026-02, a: 1, b: 0 }
                expect:
                  ratio:
                    2026-01: 2.2
                    2026-02: { undefined: no data }
                    2026-05: 1
            """);
        var suite = new KpiSetLoader().LoadTests(tests).Value!;

        var outcome = Assert.Single(new KpiTestRunner([], new EvaluationOptions()).Run(suite));

        // 2 is 0.2 from 2.2, over the test's tolerance of 0.1.
        Assert.Equal(
            [
                (9, "test 'wrong': ratio in 2026-01 is 2, expected 2.2 (tolerance 0.1)."),
                (10, "test 'wrong': ratio in 2026-02 is undefined because 'division by zero: [b] is 0', expected a reason containing 'no data'."),
                (11, "test 'wrong': ratio has no value in 2026-05: the results have 2026-01 to 2026-02."),
            ],
            outcome.Failures.Select(f => (f.Span!.Value.Line, f.Message)).ToList());
        Assert.All(outcome.Failures, f => Assert.Equal("KPI5040", f.Id));
        Assert.All(outcome.Failures, f => Assert.Contains("[a] / [b]", f.Suggestion, StringComparison.Ordinal));
    }

    [Fact]
    public void JUnitReport_HasASuitePerFileAndTheFailures()
    {
        WriteRatioCatalog();
        var tests = Write("cat.tests.yaml", """
            tests:
              - name: right
                given: [{ period: 2026-01, a: 6, b: 3 }]
                expect: { ratio: { 2026-01: 2 } }
              - name: wrong
                given: [{ period: 2026-01, a: 6, b: 3 }]
                expect: { ratio: { 2026-01: 3 } }
            """);
        var outcomes = new KpiTestRunner([], new EvaluationOptions()).Run(new KpiSetLoader().LoadTests(tests).Value!);
        using var stream = new MemoryStream();

        JUnitReport.Write(stream, outcomes, _work.FullName);

        stream.Position = 0;
        var xml = XDocument.Load(stream);
        var suite = Assert.Single(xml.Descendants("testsuite"));
        Assert.Equal(("cat.tests.yaml", "2", "1"), (suite.Attribute("name")!.Value, suite.Attribute("tests")!.Value, suite.Attribute("failures")!.Value));
        var failure = Assert.Single(xml.Descendants("failure"));
        Assert.Equal("wrong", failure.Parent!.Attribute("name")!.Value);
        Assert.Contains("ratio in 2026-01 is 2, expected 3", failure.Value, StringComparison.Ordinal);
    }

    private void WriteRatioCatalog() => Write("cat.yaml", """
        category: test
        kpis:
          - { id: ratio, unit: ratio, direction: higher, formula: "[a] / [b]" }
        """);

    [Fact]
    public void Validate_ClientFileWithATestsSection_ChecksTheTestsOnlyWhenItHasOne()
    {
        // Validate reads a client's own tests: section only when the file has one (it no longer parses every
        // client file twice): a broken section is still reported at its line, and a file without one is clean.
        Write("orders.csv", "day,total\n2026-01-05,10\n");
        var clean = WriteClient();
        var withTests = Write("shop-tested.yaml", File.ReadAllText(clean).Replace("client: shop", "client: shop_tested", StringComparison.Ordinal) + """

            tests:
              - name: a test without expectations
            """);
        var evaluator = new KpiEvaluator();

        Assert.Empty(evaluator.Validate(clean));
        var problem = Assert.Single(evaluator.Validate(withTests), d => d.IsError);
        var testLine = File.ReadAllLines(withTests).ToList().FindIndex(l => l.Contains("- name:", StringComparison.Ordinal)) + 1;
        Assert.Equal(("KPI1004", testLine), (problem.Id, problem.Span!.Value.Line));
    }

    private string WriteClient() => Write("shop.yaml", """
        client: shop
        datasets:
          orders: { path: orders.csv, time: day }
        inputs:
          revenue: { dataset: orders, formula: "Sum([total])" }
        kpis:
          - { id: aov, unit: currency, direction: higher, formula: "[revenue]" }
        """);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_work.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }
}
