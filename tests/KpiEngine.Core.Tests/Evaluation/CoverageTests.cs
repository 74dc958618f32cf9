using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;

namespace KpiEngine.Core.Tests.Evaluation;

/// <summary>
/// <c>coverage: { from, to }</c> of a dataset. Orders, worked by hand: 2026-01-10 100, 2026-01-20 50,
/// 2026-02-05 30, 2026-03-28 20. Without coverage, January starts late (the 10th) and March ends
/// early (the 28th), so both are partial; February is whole. Declaring the export covers 2026-01-01
/// to 2026-04-30 makes January and March whole, and adds April as a month without orders: 0 orders,
/// 0 revenue, not "no data".
/// </summary>
public sealed class CoverageTests
{
    private const string Orders = """
        ordered_at,total
        2026-01-10,100
        2026-01-20,50
        2026-02-05,30
        2026-03-28,20
        """;

    private static string Client(string coverage) => $$"""
        client: c
        datasets:
          orders:
            path: orders.csv
            time: ordered_at
        {{coverage}}
        inputs:
          orders: { dataset: orders, formula: "Count()" }
          revenue: { dataset: orders, formula: "Sum([total])" }
        """;

    private static ClientResult Run(string yaml)
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        return new KpiEvaluator().Run(folder.Write("client.yaml", yaml), new EvaluationOptions { IncludeInputs = true });
    }

    private static IReadOnlyList<Diagnostic> Validate(string yaml)
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        return new KpiEvaluator().Validate(folder.Write("client.yaml", yaml));
    }

    private static KpiResult Result(ClientResult result, string kpi, string period) => result.Results.Single(r => r.Kpi == kpi && r.Period == period);

    [Fact]
    public void Run_WithoutCoverage_FirstAndLastMonthsArePartialAsBefore()
    {
        var result = Run(Client(string.Empty));

        Assert.Equal(["2026-01", "2026-02", "2026-03"], result.Results.Where(r => r.Kpi == "orders").Select(r => r.Period));
        Assert.True(Result(result, "orders", "2026-01").Partial);
        Assert.False(Result(result, "orders", "2026-02").Partial);
        Assert.True(Result(result, "orders", "2026-03").Partial);
    }

    [Fact]
    public void Run_WithCoverage_MonthsInsideItAreWholeAndAMonthWithoutRowsIsZero()
    {
        var result = Run(Client("    coverage: { from: 2026-01-01, to: 2026-04-30 }"));

        Assert.DoesNotContain(result.Diagnostics, d => d.IsError || d.Id == DiagnosticCatalog.RowsOutsideCoverage.Id);
        Assert.Equal(["2026-01", "2026-02", "2026-03", "2026-04"], result.Results.Where(r => r.Kpi == "orders").Select(r => r.Period));
        Assert.DoesNotContain(result.Results, r => r.Partial);
        Assert.Equal(150, Result(result, "revenue", "2026-01").Value);
        Assert.Equal(20, Result(result, "revenue", "2026-03").Value);
        Assert.Equal(0, Result(result, "orders", "2026-04").Value);
        Assert.Equal(0, Result(result, "revenue", "2026-04").Value);
        var covered = Assert.Single(result.Coverage);
        Assert.Equal((new DateOnly(2026, 1, 1), new DateOnly(2026, 4, 30)), (covered.First, covered.Last));
    }

    [Fact]
    public void Run_CoverageEndingMidMonth_KeepsThatMonthPartial()
    {
        // The export stops on 2026-03-29: March is not whole, whatever the rows say.
        var result = Run(Client("    coverage: { from: 2026-01-01, to: 2026-03-29 }"));

        Assert.False(Result(result, "orders", "2026-01").Partial);
        Assert.True(Result(result, "orders", "2026-03").Partial);
    }

    [Fact]
    public void Run_RowsOutsideCoverage_WarnAndStillCount()
    {
        // Coverage from 2026-01-15 leaves out the order of 2026-01-10: the declaration is wrong, the row
        // still counts (January 100 + 50) and January stays partial (it starts on the 10th).
        var result = Run(Client("    coverage: { from: 2026-01-15, to: 2026-03-31 }"));

        var warning = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticCatalog.RowsOutsideCoverage.Id);
        Assert.Contains("declares coverage 2026-01-15 to 2026-03-31, but has rows dated 2026-01-10 to 2026-03-28", warning.Message, StringComparison.Ordinal);
        Assert.Equal(3, warning.Span!.Value.Line);
        Assert.Equal(150, Result(result, "revenue", "2026-01").Value);
        Assert.True(Result(result, "orders", "2026-01").Partial);
        Assert.False(Result(result, "orders", "2026-03").Partial);
    }

    [Theory]
    [InlineData("    coverage: { from: 2026-04-30, to: 2026-01-01 }", "ends (2026-01-01) before it starts (2026-04-30)", 6, 39)]
    [InlineData("    coverage: { from: 2026-13-01, to: 2026-04-30 }", "'2026-13-01' in the coverage of dataset 'orders' ('from') is not an ISO date", 6, 23)]
    [InlineData("    coverage: { from: 01.01.2026, to: 2026-04-30 }", "'01.01.2026' in the coverage of dataset 'orders' ('from') is not an ISO date", 6, 23)]
    [InlineData("    coverage: { from: 2026-01-01 }", "'to'", 6, 15)]
    [InlineData("    coverage: { from: 2026-01-01, to: 2026-04-30, until: 2026-05-01 }", "'until' is not a key of 'coverage'", 6, 51)]
    [InlineData("    coverage: 2026-01-01", "mapping", 6, 15)]
    public void Validate_BadCoverage_IsAnErrorWhereItIsWritten(string coverage, string message, int line, int column)
    {
        var error = Assert.Single(Validate(Client(coverage)), d => d.IsError);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Span!.Value.Line, error.Span!.Value.Column));
    }

    [Fact]
    public void Validate_CoverageOfADatasetWithoutTime_IsAnInvalidValue()
    {
        var diagnostics = Validate("""
            client: c
            datasets:
              prices:
                path: orders.csv
                time: none
                coverage: { from: 2026-01-01, to: 2026-04-30 }
            """);

        var error = Assert.Single(diagnostics, d => d.IsError);
        Assert.Equal(DiagnosticCatalog.InvalidValue.Id, error.Id);
        Assert.Contains("has no time column", error.Message, StringComparison.Ordinal);
        Assert.Equal(6, error.Span!.Value.Line);
    }

    [Fact]
    public void Validate_CoverageOfADerivedDataset_IsAnInvalidValue()
    {
        var diagnostics = Validate("""
            client: c
            datasets:
              orders: { path: orders.csv, time: ordered_at }
              days:
                derived: { from: orders, by: ordered_at, columns: { revenue: "Sum([total])" } }
                coverage: { from: 2026-01-01, to: 2026-04-30 }
            """);

        var error = Assert.Single(diagnostics, d => d.IsError);
        Assert.Equal(DiagnosticCatalog.InvalidValue.Id, error.Id);
        Assert.Contains("cannot have 'coverage'", error.Message, StringComparison.Ordinal);
        Assert.Equal(6, error.Span!.Value.Line);
    }
}
