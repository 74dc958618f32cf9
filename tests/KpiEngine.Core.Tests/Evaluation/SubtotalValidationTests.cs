using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;

namespace KpiEngine.Core.Tests.Evaluation;

/// <summary><c>kpi validate</c> on <c>Parent(x)</c> and <c>subtotals:</c>: errors only where nothing can make sense of them, warnings where a run's <c>--by</c> decides.</summary>
public sealed class SubtotalValidationTests
{
    private static IReadOnlyList<Diagnostic> Validate(string top, string kpis)
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", "order_id,ordered_at,region,channel,total\n1,2026-01-05,north,web,10\n");
        return new KpiEvaluator().Validate(folder.Write("client.yaml", $$"""
            client: c
            {{top}}
            datasets:
              orders: { path: orders.csv, time: ordered_at }
            inputs:
              orders: { dataset: orders, formula: "Count()" }
            kpis:
            {{kpis}}
            """));
    }

    // The KPI line is line 8; its formula starts at column 60 ("formula: " at 50).
    private const string KpiLine = """  - { id: s, unit: percent, direction: neutral, formula: "{0}" }""";

    private static string Kpi(string formula) => KpiLine.Replace("{0}", formula, StringComparison.Ordinal);

    [Theory]
    [InlineData("Total(Parent([orders]))", "Parent", 6)]
    [InlineData("[orders] / Parent(Total([orders]))", "Total", 18)]
    [InlineData("Parent(Parent([orders]))", "Parent", 7)]
    public void Validate_LevelFunctionInsideAnother_IsAnErrorAtTheInnerCall(string formula, string inner, int offset)
    {
        var diagnostics = Validate("by: [region, channel]", Kpi(formula));

        var error = Assert.Single(diagnostics, d => d.Id == DiagnosticCatalog.NestedLevelCall.Id);
        Assert.True(error.IsError);
        Assert.Contains($"reads {inner}(...) inside", error.Message, StringComparison.Ordinal);
        Assert.Equal(8, error.Span!.Value.Line);
        Assert.Equal(KpiLine.IndexOf("{0}", StringComparison.Ordinal) + 1 + offset, error.Span!.Value.Column);
    }

    [Fact]
    public void Validate_TotalInsideTotal_IsNotAnError()
    {
        // The total of the total is the total: nothing to reject.
        var diagnostics = Validate("by: [region, channel]", Kpi("[orders] / Total(Total([orders]))"));

        Assert.DoesNotContain(diagnostics, d => d.IsError);
    }

    [Theory]
    [InlineData("by: [region, channel]")]
    [InlineData("by: [region]")]
    public void Validate_ParentWithDimensions_IsClean(string by)
    {
        // One dimension: Parent is the total, as documented; two: the region.
        var diagnostics = Validate(by, Kpi("[orders] / Parent([orders]) * 100"));

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Validate_ParentWithoutBy_WarnsThatOnlyARunWithByGivesItAValue()
    {
        var diagnostics = Validate("name: C", Kpi("[orders] / Parent([orders]) * 100"));

        var warning = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCatalog.ParentWithoutDimensions.Id, warning.Id);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("has no by: dimensions", warning.Message, StringComparison.Ordinal);
        Assert.Contains("--by region,channel", warning.Suggestion, StringComparison.Ordinal);
        Assert.Equal(8, warning.Span!.Value.Line);
    }

    [Fact]
    public void Validate_SubtotalsWithOneByColumn_Warns()
    {
        var diagnostics = Validate("by: [region]\nsubtotals: true", Kpi("[orders]"));

        var warning = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCatalog.SubtotalsWithoutTwoDimensions.Id, warning.Id);
        Assert.Equal(3, warning.Span!.Value.Line);
        Assert.Equal(12, warning.Span!.Value.Column);
    }

    [Theory]
    [InlineData("subtotals: true")]
    [InlineData("by: [region, channel]\nsubtotals: true")]
    [InlineData("by: [region, channel]\nsubtotals: false")]
    public void Validate_SubtotalsWithTwoColumnsOrNoBy_IsClean(string top)
    {
        // Without by:, a run's --by decides; the flag waits for it.
        Assert.Empty(Validate(top, Kpi("[orders]")));
    }

    [Fact]
    public void Validate_SubtotalsNotABoolean_IsAnInvalidValue()
    {
        var diagnostics = Validate("by: [region, channel]\nsubtotals: yes", Kpi("[orders]"));

        var error = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCatalog.InvalidValue.Id, error.Id);
        Assert.Contains("'subtotals' of the client file is 'yes'", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Span!.Value.Line);
    }

    [Fact]
    public void Validate_MisspeltSubtotalsKey_SuggestsIt()
    {
        var diagnostics = Validate("by: [region, channel]\nsubtotal: true", Kpi("[orders]"));

        var error = Assert.Single(diagnostics, d => d.IsError);
        Assert.Contains("subtotals", error.Suggestion, StringComparison.Ordinal);
    }
}
