using KpiEngine.Expressions;
using static KpiEngine.Core.Tests.Expressions.OrdersDataset;

namespace KpiEngine.Core.Tests.Expressions;

/// <summary>
/// A compiled formula asks for each name by its position in <see cref="CompiledFormula.References"/>
/// as well as by name, so the evaluator resolves names once per plan instead of once per period.
/// </summary>
public sealed class NameReferenceTests
{
    [Fact]
    public void Evaluate_AsksForEachNameByItsPositionInReferences_AWrittenTwiceNameByItsFirst()
    {
        var compiled = Compile("[b] + [a] * [b] - [c]");
        var environment = new PositionEnvironment(new Dictionary<string, double> { ["a"] = 2, ["b"] = 3, ["c"] = 5 });

        var value = compiled.Evaluate(environment);

        Assert.Equal(["b", "a", "c"], compiled.References.Select(r => r.Name));
        // Evaluated left to right: b, then a * b, then c.
        Assert.Equal([(0, "b"), (1, "a"), (0, "b"), (2, "c")], environment.Asked);
        // 3 + 2 * 3 - 5 = 4.
        Assert.Equal(4, value.Number);
    }

    [Fact]
    public void Evaluate_EnvironmentThatKnowsOnlyNames_IsAskedByName_AndItsUndefinedReasonIsKept()
    {
        // An environment without positions (a derived dataset's key formulas) still reads names by name.
        var environment = new TestEnvironment([], new Dictionary<string, KpiValue> { ["orders"] = KpiValue.Of(4) });

        var value = Compile("[orders] / [visits]").Evaluate(environment);

        Assert.Equal(["orders", "visits"], environment.Asked);
        Assert.False(value.IsDefined);
        Assert.Equal("unknown visits", value.Reason);
    }

    /// <summary>Records how each name is asked for, and answers from <c>values</c> by the name the position stands for.</summary>
    private sealed class PositionEnvironment(IReadOnlyDictionary<string, double> values) : IFormulaEnvironment
    {
        public List<(int Reference, string Name)> Asked { get; } = [];

        public ITimeAxis? Time => null;

        public KpiValue Aggregate(int index) => throw new InvalidOperationException("The formula has no aggregate.");

        public KpiValue Name(string name) => throw new InvalidOperationException($"'{name}' was asked for by name, not by position.");

        public KpiValue Name(int reference, string name)
        {
            Asked.Add((reference, name));
            return KpiValue.Of(values[name]);
        }
    }
}
