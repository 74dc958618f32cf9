using KpiEngine.Evaluation;
using KpiEngine.Expressions;
using static KpiEngine.Core.Tests.Expressions.OrdersDataset;

namespace KpiEngine.Core.Tests.Expressions;

public sealed class PeriodEvaluationTests
{
    private static KpiValue Of(double value) => KpiValue.Of(value);

    private static KpiValue Undefined(string reason) => KpiValue.Undefined(reason);

    [Fact]
    public void Names_AreAskedFromTheEnvironment()
    {
        // 300 / 12 = 25
        Assert.Equal(25, EvaluateNames("[revenue] / [orders]", ("revenue", Of(300)), ("orders", Of(12))).Number);
    }

    [Fact]
    public void References_AreDistinctWithFirstSpan()
    {
        var compiled = Compile("[revenue] / [orders] + [revenue]", NoDataset());
        Assert.Equal(["revenue", "orders"], compiled.References.Select(r => r.Name));
        Assert.Equal(1, compiled.References[0].Span.Column);
        Assert.Equal(13, compiled.References[1].Span.Column);
    }

    [Fact]
    public void UndefinedOperand_KeepsTheFirstReason()
    {
        var value = EvaluateNames("[revenue] * [orders] + [visits]", ("revenue", Undefined("no data for revenue")), ("orders", Undefined("no data for orders")), ("visits", Of(1)));
        Assert.Equal("no data for revenue", value.Reason);
    }

    [Theory]
    [InlineData("[revenue] / [orders]", "division by zero: [orders] is 0")]
    [InlineData("0 / [orders]", "division by zero: [orders] is 0")]
    [InlineData("[revenue] % [orders]", "division by zero: [orders] is 0")]
    [InlineData("[revenue] / ([orders] - 0)", "division by zero: [orders] - 0 is 0")]
    public void DivisionByZero_IsUndefinedWithReason(string formula, string reason)
    {
        var value = EvaluateNames(formula, ("revenue", Of(10)), ("orders", Of(0)));
        Assert.False(value.IsDefined);
        Assert.Equal(reason, value.Reason);
    }

    [Fact]
    public void If_EvaluatesOnlyTheChosenBranch()
    {
        var compiled = Compile("if([orders] > 0, [revenue] / [orders], [visits])", NoDataset());
        var environment = new TestEnvironment([], new Dictionary<string, KpiValue> { ["orders"] = Of(0), ["visits"] = Of(7) });
        Assert.Equal(7, compiled.Evaluate(environment).Number);
        Assert.DoesNotContain("revenue", environment.Asked);
    }

    [Fact]
    public void If_WithUndefinedCondition_IsUndefined()
    {
        var value = EvaluateNames("if([orders] > 0, 1, 2)", ("orders", Undefined("no orders data")));
        Assert.Equal("no orders data", value.Reason);
    }

    [Fact]
    public void Logic_ShortCircuitsAndCompares()
    {
        // revenue is unknown (undefined): a defined 0 proves the right side was never evaluated.
        Assert.Equal(0, EvaluateNames("if([orders] > 0 && [revenue] / [orders] > 2, 1, 0)", ("orders", Of(0))).Number);
        Assert.Equal(1, EvaluateNames("if([orders] = 0 || [revenue] > 1, 1, 0)", ("orders", Of(0))).Number);
        Assert.Equal(1, EvaluateNames("if(!([orders] >= 1) and not ([orders] <> 0), 1, 0)", ("orders", Of(0))).Number);
        Assert.Equal(1, EvaluateNames("if(in([orders], 1, 2, 3), 1, 0)", ("orders", Of(2))).Number);
        Assert.Equal(1, EvaluateNames("if(([orders] > 1) == true, 1, 0)", ("orders", Of(2))).Number);
    }

    [Fact]
    public void CoalesceAndIsDefined_HandleUndefined()
    {
        Assert.Equal(5, EvaluateNames("Coalesce([revenue], 5)", ("revenue", Undefined("x"))).Number);
        Assert.Equal(3, EvaluateNames("Coalesce([revenue], 5)", ("revenue", Of(3))).Number);
        Assert.Equal(0, EvaluateNames("if(IsDefined([revenue]), 1, 0)", ("revenue", Undefined("x"))).Number);
    }

    [Fact]
    public void MathFunctions_MatchRowLevel()
    {
        Assert.Equal(3, EvaluateNames("Round([revenue])", ("revenue", Of(2.5))).Number);
        Assert.Equal(-2.35, EvaluateNames("Round([revenue], 2)", ("revenue", Of(-2.345))).Number);
        Assert.Equal(9, EvaluateNames("Pow(3, 2) * Sign(4) + Abs(Min(-1, 0)) - 1 + Max(0, Floor(0.5)) + Ceiling(0.1) - Truncate(1.9)").Number);
        Assert.Equal(2, EvaluateNames("Log(100, 10) * Exp(0) + Log10(1) + Log(1) + Sqrt(0)").Number);
    }

    [Fact]
    public void MathWithoutRealResult_IsUndefinedWithReason()
    {
        Assert.Equal("square root of a negative number: [revenue] is -4", EvaluateNames("Sqrt([revenue])", ("revenue", Of(-4))).Reason);
        Assert.Equal("logarithm of a number that is not positive: [revenue] is 0", EvaluateNames("Log([revenue])", ("revenue", Of(0))).Reason);
        Assert.False(EvaluateNames("Pow(10, 400)").IsDefined);
        Assert.False(EvaluateNames("1e308 * 10").IsDefined);
    }

    [Fact]
    public void Aggregates_AndNames_CombineInOneFormula()
    {
        // Sum(total) = 30 over two rows, times gross_margin 0.5 from the environment = 15.
        var value = Evaluate("Sum([total]) * [gross_margin]", [Row(total: 10), Row(total: 20)], new Dictionary<string, KpiValue> { ["gross_margin"] = Of(0.5) });
        Assert.Equal(15, value.Number);
    }

    [Fact]
    public void UndefinedAggregate_PropagatesItsReason()
    {
        var value = Evaluate("Avg([total]) * 2", []);
        Assert.Equal("no rows for Avg([total])", value.Reason);
    }
}
