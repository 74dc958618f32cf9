namespace KpiEngine.Cli.Tests;

/// <summary>RELIABILITY.md cases checked through the kpi command: errors before running, exit codes.</summary>
public sealed class ReliabilityEndToEndTests
{
    private static string TinyShop => KpiProcess.TestData("tiny-shop");

    // In its own folder: the batch tests run every client file in tiny-shop.
    private static string MissingColumn => KpiProcess.TestData("missing-column");

    [Fact]
    public void Validate_FormulaNeedingAColumnTheFileLacks_IsKPI3002AtTheNameAndExitCode2()
    {
        var run = KpiProcess.Run(MissingColumn, "validate", "missing-column.yaml");

        Assert.True(run.ExitCode == 2, run.ToString());
        // Line 9, column 47: the '[' of [discount] inside the quoted formula.
        Assert.Contains("missing-column.yaml(9,47): error KPI3002: input 'discounts': dataset 'orders' has no column 'discount'.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_FormulaNeedingAColumnTheFileLacks_IsReportedBeforeEvaluatingAndOnlyItsKpiIsUndefinedWithExitCode1()
    {
        var run = KpiProcess.Run(MissingColumn, "run", "missing-column.yaml", "--format", "csv");

        // One bad input does not take down the run: it is reported from validation (no row is
        // evaluated against the missing column), the KPI that needs it is undefined, and the exit code is 1.
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("missing-column.yaml(9,47): error KPI3002", run.Error, StringComparison.Ordinal);
        Assert.Contains("missing-column,net_revenue,2026-01,,\"depends on input 'discounts', which has errors\",currency,false,", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CleanClient_ExitsWith0()
    {
        var run = KpiProcess.Run(TinyShop, "validate", "tiny-shop.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("0 errors", run.Output, StringComparison.Ordinal);
    }
}
