using KpiEngine.Datasets;
using KpiEngine.Evaluation;
using KpiEngine.Expressions;
using static KpiEngine.Core.Tests.Expressions.OrdersDataset;

namespace KpiEngine.Core.Tests.Expressions;

public sealed class AggregateAccumulatorTests
{
    // Four orders: price*qty = 10*2=20, 5*1=5, 7*3=21, missing price -> NaN (skipped).
    private static readonly RowBuffer[] Orders =
    [
        Row(price: 10, qty: 2, status: "paid", total: 20, customer: "a"),
        Row(price: 5, qty: 1, status: "cancelled", total: 5, customer: "b"),
        Row(price: 7, qty: 3, status: "paid", total: 21, customer: "a"),
        Row(qty: 4, status: "open", customer: "c"),
    ];

    [Fact]
    public void Sum_OfRowProducts_SkipsMissingCells()
    {
        // 20 + 5 + 21 = 46; the fourth row has no price.
        Assert.Equal(46, Evaluate("Sum([price] * [qty])", Orders).Number);
    }

    [Fact]
    public void Sum_DividedByCount_IsAverageOrderValue()
    {
        // 46 / 4 rows = 11.5
        Assert.Equal(11.5, Evaluate("Sum([price] * [qty]) / Count()", Orders).Number);
    }

    [Fact]
    public void Count_WithArgument_CountsRowsWhereValueIsPresent()
    {
        // price present in 3 rows; status (text) in 4.
        Assert.Equal(3, Evaluate("Count([price])", Orders).Number);
        Assert.Equal(4, Evaluate("Count([status])", Orders).Number);
    }

    [Fact]
    public void CountIf_CountsRowsWhereConditionHolds()
    {
        // status != 'cancelled': paid, paid, open = 3.
        Assert.Equal(3, Evaluate("CountIf([status] != 'cancelled')", Orders).Number);
    }

    [Fact]
    public void SumIf_AddsOnlyMatchingRows()
    {
        // totals of the non-cancelled rows: 20 + 21 + missing = 41.
        Assert.Equal(41, Evaluate("SumIf([total], [status] != 'cancelled')", Orders).Number);
    }

    [Fact]
    public void AvgAndAvgIf_DivideBySummedValues()
    {
        // Avg(total) = (20 + 5 + 21) / 3 = 15.333..; AvgIf paid = (20 + 21) / 2 = 20.5
        Assert.Equal(46.0 / 3, Evaluate("Avg([total])", Orders).Number, 12);
        Assert.Equal(20.5, Evaluate("AvgIf([total], [status] = 'paid')", Orders).Number);
    }

    [Fact]
    public void MinMaxWithOneArgument_AreAggregates()
    {
        Assert.Equal(5, Evaluate("Min([total])", Orders).Number);
        Assert.Equal(21, Evaluate("Max([total])", Orders).Number);
    }

    [Fact]
    public void MinMaxWithTwoArguments_AreScalarInsideAnAggregate()
    {
        // Sum of Max(price, qty): max(10,2)=10, max(5,1)=5, max(7,3)=7, max(NaN,4)=NaN skipped -> 22.
        Assert.Equal(22, Evaluate("Sum(Max([price], [qty]))", Orders).Number);
    }

    [Fact]
    public void DistinctCount_OverTextAndNumbers_SkipsMissing()
    {
        // customers a, b, a, c -> 3; quantities 2, 1, 3, 4 -> 4; prices 10, 5, 7 (one missing) -> 3.
        Assert.Equal(3, Evaluate("DistinctCount([customer])", Orders).Number);
        Assert.Equal(4, Evaluate("DistinctCount([qty])", Orders).Number);
        Assert.Equal(3, Evaluate("DistinctCount([price])", Orders).Number);
    }

    [Fact]
    public void DistinctCountIf_CountsDistinctValuesOfMatchingRows()
    {
        // paid rows are both customer a -> 1.
        Assert.Equal(1, Evaluate("DistinctCountIf([customer], [status] = 'paid')", Orders).Number);
    }

    [Fact]
    public void Median_OddAndEvenCounts()
    {
        // totals 20, 5, 21 -> sorted 5, 20, 21 -> 20; qty 2, 1, 3, 4 -> (2 + 3) / 2 = 2.5.
        Assert.Equal(20, Evaluate("Median([total])", Orders).Number);
        Assert.Equal(2.5, Evaluate("Median([qty])", Orders).Number);
    }

    [Fact]
    public void EmptyGroup_CountsAndSumsAreZero_OthersUndefined()
    {
        Assert.Equal(0, Evaluate("Count()", []).Number);
        Assert.Equal(0, Evaluate("CountIf([paid])", []).Number);
        Assert.Equal(0, Evaluate("DistinctCount([customer])", []).Number);
        Assert.Equal(0, Evaluate("Sum([total])", []).Number);
        Assert.Equal(0, Evaluate("SumIf([total], [paid])", []).Number);
        foreach (var formula in new[] { "Avg([total])", "AvgIf([total], [paid])", "Min([total])", "Max([total])", "Median([total])" })
        {
            var value = Evaluate(formula, []);
            Assert.False(value.IsDefined, formula);
            Assert.StartsWith("no rows", value.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RowDivisionByZero_MakesAggregateUndefinedWithRowCount()
    {
        // qty 0 in two rows: 10/0 and 0/0 both count as division by zero.
        RowBuffer[] rows = [Row(price: 10, qty: 0), Row(price: 0, qty: 0), Row(price: 6, qty: 3)];
        var value = Evaluate("Sum([price] / [qty])", rows);
        Assert.False(value.IsDefined);
        Assert.Equal("division by zero in 2 rows of Sum([price] / [qty])", value.Reason);
    }

    [Fact]
    public void Sum_OfOneTenthTenTimes_IsExactlyOne()
    {
        // Naive double addition gives 0.9999999999999999; the compensated sum gives 1.
        var rows = Enumerable.Range(0, 10).Select(_ => Row(total: 0.1)).ToList();
        Assert.Equal(1.0, Evaluate("Sum([total])", rows).Number);
    }

    [Fact]
    public void Sum_WithCancellation_KeepsSmallTerms()
    {
        // 1e16 + 1 + -1e16: naive left-to-right gives 0, the exact answer is 1.
        RowBuffer[] rows = [Row(total: 1e16), Row(total: 1), Row(total: -1e16)];
        Assert.Equal(1.0, Evaluate("Sum([total])", rows).Number);
    }

    [Fact]
    public void CompensatedSum_BranchFreeTwoSum_IsBitIdenticalToNeumaier()
    {
        // Both compute the exact rounding error of each addition, so every running value must be
        // the same bits as the textbook Neumaier sum (branch on the larger magnitude).
        var random = new Random(7);
        var sum = default(CompensatedSum);
        double neumaier = 0, compensation = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var value = Math.Round((random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-3, 17)), 2);
            sum.Add(value);
            var total = neumaier + value;
            compensation += Math.Abs(neumaier) >= Math.Abs(value) ? (neumaier - total) + value : (value - total) + neumaier;
            neumaier = total;
            Assert.Equal(BitConverter.DoubleToInt64Bits(neumaier + compensation), BitConverter.DoubleToInt64Bits(sum.Value));
        }
    }

    [Theory]
    [InlineData("Sum")]
    [InlineData("Avg")]
    [InlineData("Min")]
    [InlineData("Max")]
    [InlineData("Count")]
    public void BareColumn_ReadFromItsSlot_EqualsTheSameColumnAsAnExpression(string function)
    {
        // [total] is read from the row's slot; [total] * 1 goes through the compiled row delegate.
        var rows = Enumerable.Range(0, 40).Select(i => Row(total: i % 6 == 0 ? double.NaN : (i * 1.37) - 20)).ToList();

        Assert.Equal(Evaluate($"{function}([total] * 1)", rows), Evaluate($"{function}([total])", rows));
    }

    [Fact]
    public void Feed_OfAMixedGroup_GivesEveryAccumulatorWhatAddGives()
    {
        // Sum([total]) and Avg([total]) take the fast path (bare column, no condition); the others go through Add.
        var specs = Compile("Sum([total]) + Avg([total]) + SumIf([total], [status] = 'paid') + Sum([price] * [qty]) + Count() + Max([total])").Aggregates;
        var rows = Enumerable.Range(0, 30)
            .Select(i => Row(price: i % 4, qty: 2, total: i % 5 == 0 ? double.NaN : i * 0.7, status: i % 3 == 0 ? "paid" : "open"))
            .ToList();
        var fed = specs.Select(s => s.CreateAccumulator()).ToArray();
        var added = specs.Select(s => s.CreateAccumulator()).ToArray();
        var feed = new AccumulatorFeed(fed);

        foreach (var row in rows)
        {
            feed.Add(row);
            Array.ForEach(added, a => a.Add(row));
        }

        Assert.Equal(6, specs.Count);
        Assert.Equal(added.Select(a => a.Result()), fed.Select(a => a.Result()));
    }

    [Theory]
    [InlineData("Sum([total])")]
    [InlineData("Avg([total])")]
    [InlineData("Count([total])")]
    [InlineData("CountIf([total] > 0.5)")]
    [InlineData("Min([total])")]
    [InlineData("Max([total])")]
    [InlineData("Median([total])")]
    [InlineData("DistinctCount([customer])")]
    [InlineData("DistinctCountIf([total], [total] > 0.3)")]
    [InlineData("Sum(1 / ([total] - 0.5))")]
    public void Merge_OfPartitions_EqualsSinglePass(string formula)
    {
        var rows = Enumerable.Range(0, 25)
            .Select(i => Row(total: i % 7 == 0 ? double.NaN : (i % 10) * 0.1, customer: i % 3 == 0 ? null : $"c{i % 5}"))
            .ToList();
        var spec = Compile(formula).Aggregates.Single();
        var single = spec.CreateAccumulator();
        rows.ForEach(single.Add);

        foreach (var split in new[] { 0, 1, 9, 24 })
        {
            var first = spec.CreateAccumulator();
            var second = spec.CreateAccumulator();
            rows.Take(split).ToList().ForEach(first.Add);
            rows.Skip(split).Reverse().ToList().ForEach(second.Add);
            second.Merge(first);
            Assert.Equal(single.Result(), second.Result());
        }
    }

    [Fact]
    public void Merge_OfDifferentAggregates_Throws()
    {
        var sum = Compile("Sum([total])").Aggregates[0].CreateAccumulator();
        var max = Compile("Max([total])").Aggregates[0].CreateAccumulator();
        Assert.Throws<ArgumentException>(() => sum.Merge(max));
    }

    [Fact]
    public void Aggregates_ReportTheColumnsTheyRead()
    {
        var spec = Compile("SumIf([price] * [qty], [status] = 'paid')").Aggregates.Single();
        Assert.Equal(["price", "qty", "status"], spec.Columns.Select(c => c.Name));
        Assert.Empty(Compile("Count()").Aggregates.Single().Columns);
    }

    [Fact]
    public void Key_IsCanonical_SoSpellingsDedupe()
    {
        var a = Compile("Sum([price]*[qty])").Aggregates.Single();
        var b = Compile("sum( price  *  [qty] )").Aggregates.Single();
        Assert.Equal(a.Key, b.Key);
        Assert.Equal("Sum([price] * [qty])", a.ToString());
        Assert.NotEqual(a.Key, Compile("Sum([qty] * [price])").Aggregates.Single().Key);
    }

    [Fact]
    public void Key_SameAggregateTwiceInOneFormula_IsListedOnce()
    {
        var compiled = Compile("Sum([total]) / Count() + SUM([total])");
        Assert.Equal(["Sum([total])", "Count()"], compiled.Aggregates.Select(a => a.Key));
    }

    [Fact]
    public void ParameterInsideAggregate_IsAConstant()
    {
        // 20 * (1 + 0.19) + 5 * 1.19 + 21 * 1.19 = 46 * 1.19 = 54.74
        Assert.Equal(54.74, Evaluate("Sum([total] * (1 + [vat]))", Orders).Number, 10);
    }

    [Fact]
    public void Result_IsDefinedKpiValue()
    {
        Assert.Equal(KpiValue.Of(4), Evaluate("Count()", Orders));
    }
}
