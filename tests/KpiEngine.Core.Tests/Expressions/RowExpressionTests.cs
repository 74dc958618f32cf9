using KpiEngine.Datasets;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;
using static KpiEngine.Core.Tests.Expressions.OrdersDataset;

namespace KpiEngine.Core.Tests.Expressions;

public sealed class RowExpressionTests
{
    /// <summary>Sums a row expression over one row: the row-level value, or NaN when missing.</summary>
    private static double Value(string expression, RowBuffer row)
    {
        var spec = Compile($"Sum({expression})").Aggregates.Single();
        var accumulator = spec.CreateAccumulator();
        accumulator.Add(row);
        var counted = Compile($"Count({expression})").Aggregates.Single().CreateAccumulator();
        counted.Add(row);
        return counted.Result().Number == 0 ? double.NaN : accumulator.Result().Number;
    }

    private static bool Matches(string condition, RowBuffer row, FormulaScope? scope = null)
    {
        var diagnostics = new DiagnosticBag();
        var predicate = new FormulaCompiler().CompileRowPredicate(FormulaSource.FromText(condition), scope ?? Scope("filter of dataset 'orders'"), diagnostics);
        Assert.True(predicate is not null, string.Join(System.Environment.NewLine, diagnostics.Items));
        return predicate!.Matches(row);
    }

    [Theory]
    [InlineData("[price] * [qty] + 1", 21)]
    [InlineData("[price] - [qty] * 2", 6)]
    [InlineData("-[price] % 3", -1)]
    [InlineData("Pow([qty], 3)", 8)]
    [InlineData("Abs(-[price])", 10)]
    [InlineData("Sqrt([price] * 10)", 10)]
    [InlineData("Log10([price] * 10)", 2)]
    [InlineData("Log(8, [qty])", 3)]
    [InlineData("Exp(0)", 1)]
    [InlineData("Sign(-[qty])", -1)]
    [InlineData("Floor(-2.5)", -3)]
    [InlineData("Ceiling(2.1)", 3)]
    [InlineData("Truncate(-2.7)", -2)]
    [InlineData("Min([price], [qty])", 2)]
    [InlineData("if([qty] > 1, [price], 0)", 10)]
    [InlineData("[qty] > 1 ? 1 : 0", 1)]
    public void Arithmetic_AndMath_OnOneRow(string expression, double expected) =>
        Assert.Equal(expected, Value(expression, Row(price: 10, qty: 2)), 12);

    [Theory]
    [InlineData("Round(2.5)", 3)]
    [InlineData("Round(-2.5)", -3)]
    [InlineData("Round(0.125, 2)", 0.13)]
    [InlineData("Round(3.5)", 4)]
    public void Round_IsHalfAwayFromZero(string expression, double expected) =>
        Assert.Equal(expected, Value(expression, Row()));

    [Fact]
    public void Missing_PropagatesThroughArithmetic()
    {
        Assert.True(double.IsNaN(Value("[price] * 2", Row(qty: 1))));
        Assert.Equal(0, Value("Coalesce([price], 0)", Row()));
        Assert.Equal(7, Value("Coalesce([price], [qty], 0)", Row(qty: 7)));
    }

    [Fact]
    public void Missing_ComparisonsAreFalse_ButTextNotEqualIsTrue()
    {
        var row = Row(status: null);
        Assert.False(Matches("[price] > 0", row));
        Assert.False(Matches("[price] <= 0", row));
        Assert.False(Matches("[price] = 0", row));
        Assert.False(Matches("[price] != 0", row));
        Assert.False(Matches("[status] = 'paid'", row));
        Assert.True(Matches("[status] != 'paid'", row)); // ordinal: a missing text is not 'paid'
        Assert.True(Matches("IsMissing([status]) && IsMissing([price])", row));
    }

    [Fact]
    public void Text_FunctionsAndOrdinalComparison()
    {
        var row = Row(status: "  Paid ", customer: "anna@example.de");
        Assert.True(Matches("Lower(Trim([status])) = 'paid'", row));
        Assert.False(Matches("[status] = 'paid'", row));
        Assert.True(Matches("Upper(Trim([status])) = 'PAID'", row));
        Assert.True(Matches("Contains([customer], '@') and EndsWith([customer], '.de') and StartsWith([customer], 'anna')", row));
        Assert.True(Matches("Len([customer]) = 15", row));
        Assert.True(Matches("in([customer], 'x', 'anna@example.de')", row));
        Assert.True(Matches("'b' > 'a'", row));
        Assert.False(Matches("Contains([status], [customer])", Row(customer: "x")));
    }

    private static FormulaScope ParameterScope() => new()
    {
        Owner = "filter of dataset 'orders'",
        Dataset = Schema,
        Parameters = new Dictionary<string, double>(StringComparer.Ordinal) { ["limit"] = 5 },
    };

    [Fact]
    public void Dates_SubtractToDaysAndSplitIntoParts()
    {
        var row = Row(orderedAt: Days(2026, 1, 30), deliveredAt: Days(2026, 2, 2));
        Assert.Equal(3, Value("[delivered_at] - [ordered_at]", row));
        Assert.Equal(2026, Value("Year([ordered_at])", row));
        Assert.Equal(2, Value("Month([delivered_at])", row));
        Assert.Equal(30, Value("Day([ordered_at])", row));
        Assert.True(Matches("[ordered_at] >= #2026-01-30# && [ordered_at] < #2026-02-01#", row));
        Assert.True(double.IsNaN(Value("Year([ordered_at])", Row())));
    }

    [Fact]
    public void BooleanColumn_IsAConditionAndANumber()
    {
        Assert.True(Matches("[paid]", Row(paid: true)));
        Assert.False(Matches("[paid]", Row(paid: false)));
        Assert.False(Matches("[paid]", Row()));
        Assert.True(Matches("[paid] = true", Row(paid: true)));
        Assert.True(Matches("!([paid] = false) && not false", Row(paid: true)));
        // Sum of a boolean column counts the true rows: 1 + 0 + 1 = 2.
        Assert.Equal(2, Evaluate("Sum([paid])", [Row(paid: true), Row(paid: false), Row(paid: true)]).Number);
    }

    [Fact]
    public void Filter_WithParameter_UsesItsValue()
    {
        Assert.True(Matches("[qty] > limit", Row(qty: 6), ParameterScope()));
        Assert.False(Matches("[qty] > [limit]", Row(qty: 4), ParameterScope()));
    }

    [Fact]
    public void Filter_ReportsColumnsItReads()
    {
        var predicate = new FormulaCompiler().CompileRowPredicate(FormulaSource.FromText("[status] != 'x' || [qty] > 1"), Scope(), new DiagnosticBag());
        Assert.Equal(["status", "qty"], predicate!.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Filter_ThatIsANumber_IsTypeMismatch()
    {
        var diagnostics = new DiagnosticBag();
        Assert.Null(new FormulaCompiler().CompileRowPredicate(FormulaSource.FromText("[qty] * 2"), Scope(), diagnostics));
        Assert.Equal("KPI2009", Assert.Single(diagnostics.Items).Id);
    }

    [Fact]
    public void Filter_WithAggregate_IsNotAllowed()
    {
        var diagnostics = new DiagnosticBag();
        Assert.Null(new FormulaCompiler().CompileRowPredicate(FormulaSource.FromText("[qty] > Avg([qty])"), Scope(), diagnostics));
        Assert.Equal("KPI2005", Assert.Single(diagnostics.Items).Id);
    }
}
