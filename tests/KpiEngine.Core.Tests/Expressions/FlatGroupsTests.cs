using KpiEngine.Expressions;

namespace KpiEngine.Core.Tests.Expressions;

/// <summary>
/// The flat group state of a grouped scan: its own group table (open addressing) must give every key one
/// number however many keys arrive, and a block taken aggregate by aggregate must leave the state the
/// row-by-row path would, bit for bit — the scan relies on both for output identical to the accumulators'.
/// </summary>
public sealed class FlatGroupsTests
{
    private static AggregateAccumulator[] Aggregates(bool sumsOnly) => sumsOnly ? SumsAndRowCount() : Aggregates();

    // Only sums, averages and a row count: the block path takes these row by row (FlatGroups.AddSumRows).
    private static AggregateAccumulator[] SumsAndRowCount() =>
    [
        new SumAccumulator(RowNumber.Column(1), null, average: false, "Sum([b])"),
        new RowCountAccumulator(null),
        new SumAccumulator(RowNumber.Column(0), null, average: false, "Sum([a])"),
        new SumAccumulator(RowNumber.Column(1), null, average: true, "Avg([b])"),
    ];

    private static AggregateAccumulator[] Aggregates() =>
    [
        new RowCountAccumulator(null),
        new SumAccumulator(RowNumber.Column(0), null, average: false, "Sum([a])"),
        new SumAccumulator(RowNumber.Column(1), null, average: true, "Avg([b])"),
        new ExtremeAccumulator(RowNumber.Column(0), maximum: false, "Min([a])"),
        new ExtremeAccumulator(RowNumber.Column(1), maximum: true, "Max([b])"),
        new ValueCountAccumulator(RowNumber.Column(1), "Count([b])"),
    ];

    [Fact]
    public void GroupOf_ManyKeys_GivesEachKeyOneNumberInOrderOfFirstSight()
    {
        var flat = FlatGroups.For(Aggregates())!;
        // 40 periods (including the timeless one, int.MinValue) × 250 combinations = 10,000 keys: the
        // table starts with 256 slots, so it grows several times while keys keep arriving.
        var periods = Enumerable.Range(-5, 39).Append(int.MinValue).ToArray();
        var expected = new Dictionary<(int, int), int>();
        var random = new Random(7);
        for (var pass = 0; pass < 3; pass++)
        {
            foreach (var combination in Enumerable.Range(0, 250).OrderBy(_ => random.Next()))
            {
                foreach (var period in periods)
                {
                    var group = flat.GroupOf(period, combination);
                    if (!expected.TryAdd((period, combination), group))
                    {
                        Assert.Equal(expected[(period, combination)], group);
                    }
                }
            }
        }

        Assert.Equal(10_000, expected.Count);
        Assert.Equal(Enumerable.Range(0, 10_000), expected.Values.Order());
        Assert.Equal(expected.OrderBy(e => e.Value).Select(e => e.Key), flat.Keys.Select(k => (k.Period, k.Combination)));

        flat.Clear();
        Assert.Empty(flat.Keys);
        Assert.Equal(0, flat.GroupOf(3, 3));
        Assert.Equal(1, flat.GroupOf(int.MinValue, 0));
    }

    [Fact]
    public void GroupOf_KeysInsideAndOutsideTheIndexedWindow_StillOneNumberEach()
    {
        // Keys within 64 periods of the first one and below 16,384 combinations are found by index, the
        // others by hashing: periods far apart (days over decades), combinations past the index, the
        // timeless period, and the same keys again after Clear must all keep one number per key.
        var flat = FlatGroups.For(Aggregates())!;
        int[] periods = [500, 499, 468, 467, 531, 532, 10_000, -10_000, int.MinValue, int.MaxValue];
        int[] combinations = [0, 1, 16_383, 16_384, 70_000];
        for (var round = 0; round < 2; round++)
        {
            var expected = new Dictionary<(int, int), int>();
            for (var pass = 0; pass < 3; pass++)
            {
                foreach (var period in periods)
                {
                    foreach (var combination in combinations)
                    {
                        var group = flat.GroupOf(period, combination);
                        Assert.Equal(expected.TryGetValue((period, combination), out var known) ? known : expected.Count, group);
                        expected[(period, combination)] = group;
                    }
                }
            }

            Assert.Equal(periods.Length * combinations.Length, flat.Keys.Count);
            flat.Clear();
        }
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(true, false)] // a block of plain decimals: sums only take the loop without a check per value
    public void AddBlock_SameStateAsRowByRow_BitForBit(bool sumsOnly, bool notFinite)
    {
        // Values chosen to make compensated sums matter (1e16 beside small numbers), with NaN (missing)
        // and infinities (row divisions by zero) that the counts must see the same way.
        var random = new Random(11);
        const int Rows = 5_000;
        var a = new double[Rows];
        var b = new double[Rows];
        var keys = new (int Period, int Combination)[Rows];
        for (var i = 0; i < Rows; i++)
        {
            a[i] = random.Next(10) switch { 0 => 1e16, 1 => double.NaN, 2 => double.PositiveInfinity, _ => random.NextDouble() * 100 };
            b[i] = random.Next(10) == 0 ? double.NaN : -random.NextDouble();
            keys[i] = (random.Next(24), random.Next(300));
            if (!notFinite)
            {
                (a[i], b[i]) = (double.IsFinite(a[i]) ? a[i] : -1e16, double.IsFinite(b[i]) ? b[i] : 3.25);
            }
        }

        // Only the last value of a column not finite: the whole block must still take the general loop.
        if (notFinite)
        {
            a[^1] = double.NegativeInfinity;
        }

        var columns = new double[]?[] { a, b };
        var byRow = FlatGroups.For(Aggregates(sumsOnly))!;
        for (var i = 0; i < Rows; i++)
        {
            byRow.Add(byRow.GroupOf(keys[i].Period, keys[i].Combination), [a[i], b[i]]);
        }

        var byBlock = FlatGroups.For(Aggregates(sumsOnly))!;
        var groups = keys.Select(k => byBlock.GroupOf(k.Period, k.Combination)).ToArray();
        byBlock.AddBlock(groups, columns, Rows);

        Assert.Equal(byRow.Keys, byBlock.Keys);
        for (var g = 0; g < byRow.Keys.Count; g++)
        {
            var fromRows = Aggregates(sumsOnly);
            var fromBlock = Aggregates(sumsOnly);
            byRow.MergeInto(g, fromRows, fresh: true);
            byBlock.MergeInto(g, fromBlock, fresh: true);
            for (var i = 0; i < fromRows.Length; i++)
            {
                var (expected, actual) = (fromRows[i].Result(), fromBlock[i].Result());
                Assert.Equal(expected.ToString(), actual.ToString());
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Number), BitConverter.DoubleToInt64Bits(actual.Number));
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AddBlock_SameResultsAsAccumulatorsFedRowByRow_BitForBit(bool sumsOnly)
    {
        // The flat state keeps missing values and divisions by zero apart from the sums and derives the
        // values taken from the group's row count: every aggregate must still end where an accumulator
        // fed the same rows one by one ends (same sums, counts, averages and "division by zero" reasons).
        var random = new Random(23);
        const int Rows = 4_000;
        var a = new double[Rows];
        var b = new double[Rows];
        var keys = new (int Period, int Combination)[Rows];
        for (var i = 0; i < Rows; i++)
        {
            a[i] = random.Next(8) switch { 0 => 1e16, 1 => double.NaN, 2 => double.NegativeInfinity, _ => random.NextDouble() * 10 };
            b[i] = random.Next(6) == 0 ? double.NaN : random.NextDouble() - 0.5;
            keys[i] = (random.Next(12), random.Next(40));
        }

        var columns = new double[]?[] { a, b };
        var flat = FlatGroups.For(Aggregates(sumsOnly))!;
        var groups = keys.Select(k => flat.GroupOf(k.Period, k.Combination)).ToArray();
        flat.AddBlock(groups, columns, Rows);

        var byKey = new Dictionary<(int, int), AggregateAccumulator[]>();
        for (var i = 0; i < Rows; i++)
        {
            if (!byKey.TryGetValue(keys[i], out var accumulators))
            {
                byKey[keys[i]] = accumulators = Aggregates(sumsOnly);
            }

            foreach (var accumulator in accumulators)
            {
                accumulator.AddRows(columns, i, i + 1);
            }
        }

        Assert.Equal(byKey.Count, flat.Keys.Count);
        for (var g = 0; g < flat.Keys.Count; g++)
        {
            var fromFlat = Aggregates(sumsOnly);
            flat.MergeInto(g, fromFlat, fresh: true);
            var expected = byKey[flat.Keys[g]];
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i].Result().ToString(), fromFlat[i].Result().ToString());
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i].Result().Number), BitConverter.DoubleToInt64Bits(fromFlat[i].Result().Number));
            }
        }
    }

    [Fact]
    public void Clear_ThenSameGroupNumbers_StartFromNothingAgain()
    {
        // A pass's state is reused for the next byte range: a group number met again after Clear must not
        // carry the previous range's rows, sums or missing values (here: NaN in the first pass only).
        var flat = FlatGroups.For(Aggregates())!;
        var first = new double[]?[] { [double.NaN, 5], [double.PositiveInfinity, 2] };
        flat.AddBlock([flat.GroupOf(1, 1), flat.GroupOf(1, 1)], first, 2);
        flat.Clear();

        var second = new double[]?[] { [3], [4] };
        flat.AddBlock([flat.GroupOf(2, 2)], second, 1);
        var accumulators = Aggregates();
        flat.MergeInto(0, accumulators, fresh: true);

        // One row: Count() 1, Sum(a) 3, Avg(b) 4, Min(a) 3, Max(b) 4, Count(b) 1.
        Assert.Equal(["1", "3", "4", "3", "4", "1"], accumulators.Select(x => x.Result().ToString()));
    }
}
