using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;
using static KpiEngine.Core.Tests.Expressions.OrdersDataset;

namespace KpiEngine.Core.Tests.Expressions;

public sealed class FormulaDiagnosticsTests
{
    private static Diagnostic Single(string formula, FormulaScope? scope = null) => Assert.Single(Errors(formula, scope));

    [Fact]
    public void UnknownFunction_SuggestsNearest()
    {
        var error = Single("Summ([total])");
        Assert.Equal("KPI2003", error.Id);
        Assert.Equal("KPI 'test': unknown function 'Summ'.", error.Message);
        Assert.Equal("Did you mean 'Sum'?", error.Suggestion);
        Assert.Equal(1, error.Span!.Value.Column);
        Assert.Equal(5, error.Span!.Value.EndColumn);
    }

    [Fact]
    public void FunctionNames_AreCaseInsensitive() =>
        Assert.Equal(2, Evaluate("COUNTIF([qty] > 1) + sum(0)", [Row(qty: 2), Row(qty: 3)]).Number);

    [Fact]
    public void RowOnlyFunction_AtPeriodLevel_IsReported()
    {
        var error = Single("Lower([revenue])", NoDataset());
        Assert.Equal("KPI2003", error.Id);
        Assert.Contains("dataset rows only", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Round(1, 2, 3)")]
    [InlineData("Sum()")]
    [InlineData("SumIf([total])")]
    [InlineData("if([qty] > 1, 2)")]
    public void WrongArgumentCount_IsReported(string formula)
    {
        var error = Single(formula.StartsWith("Round", StringComparison.Ordinal) || formula.StartsWith("if", StringComparison.Ordinal) ? $"Sum({formula})" : formula);
        Assert.Equal("KPI2004", error.Id);
        Assert.Contains("Example:", error.Suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public void AggregateWithoutDataset_IsNotAllowed()
    {
        var error = Single("Sum([total]) / [orders]", NoDataset());
        Assert.Equal("KPI2005", error.Id);
        Assert.Contains("no dataset", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NestedAggregate_IsReported()
    {
        var error = Single("Sum([total] / Count())");
        Assert.Equal("KPI2006", error.Id);
        Assert.Equal(15, error.Span!.Value.Column);
    }

    [Fact]
    public void KpiNameInsideAggregate_SuggestsMovingItOut()
    {
        var error = Single("Sum([total] * [gross_margin_kpi])", Scope() is var s ? new FormulaScope { Owner = s.Owner, Dataset = s.Dataset, Names = ["gross_margin_kpi"] } : null);
        Assert.Equal("KPI2011", error.Id);
        Assert.Contains("Move it outside the aggregate", error.Suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public void ColumnOutsideAggregate_IsOutOfScope()
    {
        var error = Single("[total] * 2");
        Assert.Equal("KPI2011", error.Id);
        Assert.Equal("Aggregate the column, e.g. Sum([total]) or Avg([total]).", error.Suggestion);
    }

    [Fact]
    public void UnknownColumn_SuggestsNearestColumnAtTheName()
    {
        var diagnostics = new DiagnosticBag();
        var source = new FormulaSource("SumIf([totl], [status] = 'paid')", new SourceSpan("client.yaml", 12, 20, 12, 55), 12, 21);
        Assert.Null(new FormulaCompiler().Compile(source, Scope("input 'revenue'"), diagnostics));
        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("KPI3002", error.Id);
        Assert.Equal("input 'revenue': dataset 'orders' has no column 'totl'.", error.Message);
        Assert.Equal("Did you mean 'total'?", error.Suggestion);
        Assert.Equal(new SourceSpan("client.yaml", 12, 27, 12, 33), error.Span);
    }

    [Theory]
    [InlineData("Sum([status])")]
    [InlineData("Sum([qty] + [status])")]
    [InlineData("CountIf([qty] = 'x')")]
    [InlineData("CountIf([qty])")]
    [InlineData("Count([qty] > 1)")]
    [InlineData("Sum(if([qty] > 1, 'a', 1))")]
    [InlineData("[orders] > 1")]
    [InlineData("if([orders], 1, 0)")]
    [InlineData("[orders] + 'x'")]
    public void TypeMismatch_IsReportedAtCompileTime(string formula) =>
        Assert.Equal("KPI2009", Single(formula).Id);

    [Fact]
    public void TypeMismatch_ComparingTextWithNumber_PointsAtOperator()
    {
        var error = Single("CountIf([status] > 5)");
        Assert.Equal(18, error.Span!.Value.Column);
        Assert.Contains("cannot compare text ([status]) with a number (5)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BooleanResult_IsAnError()
    {
        var error = Single("[revenue] > 0", NoDataset());
        Assert.Equal("KPI2009", error.Id);
        Assert.Contains("gives true/false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryProblem_IsReportedAtOnce()
    {
        var errors = Errors("Summ([totl]) + Sum([qty] * [sttus]) + Round(1, 2, 3)");
        Assert.Equal(["KPI2003", "KPI3002", "KPI2004"], errors.Select(e => e.Id));
    }

    [Fact]
    public void ParameterInsideAggregate_IsUsedWhenNoColumnHasTheName()
    {
        var compiled = Compile("Sum([total] * [vat])");
        Assert.Equal(["total"], compiled.Aggregates.Single().Columns.Select(c => c.Name));
        Assert.Empty(compiled.References);
    }
}
