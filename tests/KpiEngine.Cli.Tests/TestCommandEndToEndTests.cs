using System.Xml.Linq;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// <c>kpi test</c> as a consultant and a CI job run it: the shipped catalog's tests pass, a changed
/// formula in a copy of the catalog fails at the place of the expected value, client tests replace
/// exports by inline rows, and JUnit XML is written for CI.
/// </summary>
public sealed class TestCommandEndToEndTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("kpi-test-e2e-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public void Test_ShippedDefinitions_AllPass()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "test", "kpi-definitions");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"^\d+ tests in 11 files: \d+ passed, 0 failed\.", run.Output.Trim());
    }

    [Fact]
    public void Test_CatalogFormulaChangedInACopy_FailsAtTheExpectedValueWithExit1()
    {
        CopyDefinitions();
        var sales = Path.Combine(_work.FullName, "kpi-definitions", "catalog", "sales.yaml");
        File.WriteAllText(sales, File.ReadAllText(sales).Replace("formula: \"[revenue] / [orders]\"", "formula: \"[revenue] / [orders] * 1.1\"", StringComparison.Ordinal));

        var run = KpiProcess.Run(_work.FullName, "test", "kpi-definitions", "--junit", "results.xml");

        Assert.True(run.ExitCode == 1, run.ToString());

        // sales.tests.yaml line 15 is "2026-01: 25  # 1000 / 40", its value at column 18; 1000 / 40 * 1.1 = 27.5.
        var expectedAt = Path.Combine("kpi-definitions", "catalog", "sales.tests.yaml") + "(15,18): error KPI5040: test 'sales over three months': aov in 2026-01 is 27.5";
        Assert.Contains(expectedAt, run.Output, StringComparison.Ordinal);
        Assert.Contains("sales.yaml(27,14): [revenue] / [orders] * 1.1", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"\d+ tests in 11 files: \d+ passed, 1 failed\.", run.Output);

        var junit = XDocument.Load(Path.Combine(_work.FullName, "results.xml"));
        var failed = junit.Descendants("testcase").Where(t => t.Element("failure") is not null).ToList();
        Assert.Equal("sales over three months", Assert.Single(failed).Attribute("name")!.Value);
        Assert.Equal("1", junit.Root!.Attribute("failures")!.Value);
    }

    [Fact]
    public void Test_CatalogFormulaBroken_ReportsTheFormulaErrorAndExit1()
    {
        CopyDefinitions();
        var sales = Path.Combine(_work.FullName, "kpi-definitions", "catalog", "sales.yaml");
        File.WriteAllText(sales, File.ReadAllText(sales).Replace("formula: \"[revenue] / [orders]\"", "formula: \"[revenue] / [orders\"", StringComparison.Ordinal));

        var run = KpiProcess.Run(_work.FullName, "test", Path.Combine("kpi-definitions", "catalog", "sales.tests.yaml"));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("sales.tests.yaml(5,11): error KPI5041: Test 'sales over three months' could not run", run.Output, StringComparison.Ordinal);
        Assert.Contains("sales.yaml(27,34): error KPI2001", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_ClientTestWithInlineRows_ReplacesTheExportAndChecksValues()
    {
        CopyTinyShop();

        // Inline orders: 2026-01 has 100 (delivered) and 60 (cancelled, not revenue) → revenue 100,
        // orders 1, aov 100; traffic stays the shop's own file (200 sessions in January) → 1 / 200 * 100 = 0.5.
        File.WriteAllText(Path.Combine(_work.FullName, "tiny-shop.tests.yaml"), """
            tests:
              - name: cancelled orders are not revenue
                data:
                  orders:
                    rows:
                      - { order_id: B1, ordered_at: 2026-01-03, status: delivered, total: 100, items: 1 }
                      - { order_id: B2, ordered_at: 2026-01-09, status: cancelled, total: 60, items: 1 }
                expect:
                  aov: { 2026-01: 100 }
                  revenue: { 2026-01: 100 }
                  conversion_rate: { 2026-01: 0.5 }
              - name: a wrong expectation fails
                data:
                  orders: { rows: [{ order_id: B1, ordered_at: 2026-01-03, status: delivered, total: 100, items: 1 }] }
                expect:
                  aov: { 2026-01: 99 }
            """);

        var run = KpiProcess.Run(_work.FullName, "test", "tiny-shop.tests.yaml");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("tiny-shop.tests.yaml(16,23): error KPI5040: test 'a wrong expectation fails': aov in 2026-01 is 100, expected 99", run.Output, StringComparison.Ordinal);
        Assert.Contains("2 tests in 1 file: 1 passed, 1 failed.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_TestFileWithUnknownKey_IsAConfigErrorWithExit2()
    {
        CopyTinyShop();
        File.WriteAllText(Path.Combine(_work.FullName, "tiny-shop.tests.yaml"), """
            tests:
              - name: typo
                expct: { aov: { 2026-01: 65 } }
            """);

        var run = KpiProcess.Run(_work.FullName, "test", "tiny-shop.tests.yaml");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("tiny-shop.tests.yaml(3,5): error KPI1003: 'expct' is not a key of test 'typo'. Did you mean 'expect'?", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_FolderWithoutTests_SaysSoWithExit2()
    {
        CopyTinyShop();

        var run = KpiProcess.Run(_work.FullName, "test", ".");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("error KPI5042: no tests found", run.Output, StringComparison.Ordinal);
    }

    private void CopyDefinitions()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(KpiProcess.RepositoryRoot, "kpi-definitions", "catalog")))
        {
            var target = Path.Combine(_work.FullName, "kpi-definitions", "catalog", Path.GetFileName(file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private void CopyTinyShop()
    {
        foreach (var file in Directory.EnumerateFiles(KpiProcess.TestData("tiny-shop")))
        {
            File.Copy(file, Path.Combine(_work.FullName, Path.GetFileName(file)));
        }
    }
}
