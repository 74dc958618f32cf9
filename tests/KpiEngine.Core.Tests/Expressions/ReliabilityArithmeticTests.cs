using KpiEngine.Evaluation;
using KpiEngine.Expressions;
using static KpiEngine.Core.Tests.Expressions.OrdersDataset;

namespace KpiEngine.Core.Tests.Expressions;

/// <summary>
/// NCalc's arithmetic traps from RELIABILITY.md, checked against KpiEngine's own evaluator, which
/// holds every number as one double: no Int32 wrap-around, no integer division, no Int64-versus-
/// fraction comparison, half-away-from-zero rounding; and junk after a complete expression is an error.
/// </summary>
public sealed class ReliabilityArithmeticTests
{
    [Theory]
    // NCalc without overflow protection wraps 2147483647 + 1 to -2147483648.
    [InlineData("2147483647 + 1", 2147483648d)]
    [InlineData("-2147483648 - 1", -2147483649d)]
    [InlineData("65536 * 65536", 4294967296d)]
    // NCalc divides two integers as integers in ToLambda; here 7 / 2 is 3.5.
    [InlineData("7 / 2", 3.5)]
    public void Integers_DoNotWrapOrTruncate(string formula, double expected) =>
        Assert.Equal(expected, EvaluateNames(formula).Number);

    [Fact]
    public void Integers_InRowFormulas_DoNotWrap()
    {
        // Two rows: (2147483647 + 1) + (2147483647 + 2) = 4294967297.
        Assert.Equal(4294967297d, Evaluate("Sum(2147483647 + [qty])", [Row(qty: 1), Row(qty: 2)]).Number);
    }

    [Theory]
    // An integer count compared with a fractional literal: NCalc 2.2 compares Int64 with 1.5 wrongly.
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    public void IntegerComparedWithFraction_ComparesTheRealValues(double orders, double expected) =>
        Assert.Equal(expected, EvaluateNames("if([orders] > 1.5, 1, 0)", ("orders", KpiValue.Of(orders))).Number);

    [Theory]
    // NCalc's Round is banker's rounding (2.5 -> 2); KpiEngine rounds half away from zero.
    [InlineData("Round(2.5)", 3)]
    [InlineData("Round(-2.5)", -3)]
    [InlineData("Round(0.5)", 1)]
    [InlineData("Round(1.005 * 1000, 0)", 1005)]
    public void Round_AtPeriodLevel_IsHalfAwayFromZero(string formula, double expected) =>
        Assert.Equal(expected, EvaluateNames(formula).Number);

    [Theory]
    // NCalc stops at the end of a complete expression and ignores the rest silently.
    [InlineData("[revenue] }", 11)]
    [InlineData("[revenue];", 10)]
    public void TrailingBraceOrSemicolon_IsKpi2001AtIt(string formula, int column)
    {
        var error = Assert.Single(Errors(formula, NoDataset()));

        Assert.Equal("KPI2001", error.Id);
        Assert.Equal(column, error.Span!.Value.Column);
    }
}
