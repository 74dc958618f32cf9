using System.Runtime.CompilerServices;

namespace KpiEngine.Expressions;

/// <summary>What running state an aggregate keeps in <see cref="FlatGroups"/>.</summary>
internal enum FlatKind
{
    /// <summary>None: the aggregate needs its accumulator object.</summary>
    None,

    /// <summary><c>Count()</c>: rows.</summary>
    RowCount,

    /// <summary><c>Count(x)</c>: values that are not missing.</summary>
    ValueCount,

    /// <summary><c>Sum(x)</c>, <c>Avg(x)</c>: a compensated sum.</summary>
    Sum,

    /// <summary><c>Min(x)</c>.</summary>
    Min,

    /// <summary><c>Max(x)</c>.</summary>
    Max,
}

/// <summary>How one aggregate is kept flat: its kind and the slot of the bare column it reads (-1 for <c>Count()</c>).</summary>
internal readonly record struct FlatAggregate(FlatKind Kind, int Slot)
{
    /// <summary>The aggregate has no flat form.</summary>
    public static FlatAggregate None { get; } = new(FlatKind.None, -1);
}

/// <summary>
/// The groups of one scan pass (a byte range, or the whole file) kept as numbers in one flat array,
/// <see cref="StateWidth"/> numbers per aggregate and all aggregates of a group side by side, instead of
/// an accumulator object per aggregate and group: an export of many clients touches one group per row
/// in no order, so a row then costs one or two cache lines, and a pass creates no objects per group.
/// Every aggregate must have a flat form (plain sums, averages, counts and extremes of a bare column).
/// Each row updates its group exactly as the accumulators would (the same compensated additions in
/// the same order), and <see cref="MergeInto"/> hands a group over to accumulators as
/// <see cref="AggregateAccumulator.Merge"/> would: results are identical to the accumulators', bit for bit.
/// </summary>
internal sealed class FlatGroups
{
    /// <summary>Numbers kept per aggregate.</summary>
    public const int StateWidth = 4;

    /// <summary>Where the sum (or the extreme) sits in an aggregate's state.</summary>
    public const int SumAt = 0;

    /// <summary>Where the sum's running compensation sits.</summary>
    public const int CompensationAt = 1;

    /// <summary>Where the count of values taken (or rows, for <c>Count()</c>) sits.</summary>
    public const int ValuesAt = 2;

    /// <summary>Where the count of infinite values (row divisions by zero) sits.</summary>
    public const int InfiniteAt = 3;

    private readonly FlatAggregate[] _aggregates;
    private readonly int _stride;
    private readonly double[] _fresh;
    private readonly List<(int Period, int Combination)> _keys = [];

    // The groups by key in an open-addressing table (linear probing, at most half full): a probe per row
    // of an export of many clients, where a Dictionary's probe was the largest single cost of the scan.
    // A slot is empty when its group is -1.
    private long[] _slotKeys = new long[256];
    private int[] _slotGroups = NewSlots(256);
    private int _slotShift = 64 - 8;
    private double[] _state;
    private long _lastKey = long.MinValue;
    private int _lastGroup;

    private FlatGroups(FlatAggregate[] aggregates)
    {
        _aggregates = aggregates;
        _stride = aggregates.Length * StateWidth;
        _fresh = new double[_stride];
        for (var i = 0; i < aggregates.Length; i++)
        {
            _fresh[(i * StateWidth) + SumAt] = aggregates[i].Kind switch
            {
                FlatKind.Min => double.PositiveInfinity,
                FlatKind.Max => double.NegativeInfinity,
                _ => 0,
            };
        }

        _state = new double[_stride * 64];
    }

    /// <summary>Flat groups for these accumulators (one group's, as a scan creates them), or null when one has no flat form.</summary>
    public static FlatGroups? For(AggregateAccumulator[] group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var aggregates = group.Select(a => a.Flat).ToArray();
        return aggregates.All(a => a.Kind != FlatKind.None) ? new FlatGroups(aggregates) : null;
    }

    /// <summary>
    /// Forgets every group but keeps the memory, for the next pass: a pass's state is large (thousands
    /// of groups × the aggregates), and a new one per byte range would pile up on the large-object heap.
    /// </summary>
    public void Clear()
    {
        Array.Fill(_slotGroups, -1);
        _keys.Clear();
        _lastKey = long.MinValue;
    }

    /// <summary>The groups in the order they were first met, with their keys.</summary>
    public IReadOnlyList<(int Period, int Combination)> Keys => _keys;

    /// <summary>The number of the group of a period and dimension combination, adding it when new.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GroupOf(int period, int combination)
    {
        var key = ((long)period << 32) | (uint)combination;
        if (key == _lastKey)
        {
            return _lastGroup;
        }

        var mask = _slotKeys.Length - 1;
        for (var slot = SlotOf(key); ; slot = (slot + 1) & mask)
        {
            var group = _slotGroups[slot];
            if (group < 0)
            {
                group = Add(period, combination);
                _slotKeys[slot] = key;
                _slotGroups[slot] = group;
                if (_keys.Count * 2 > _slotKeys.Length)
                {
                    GrowSlots();
                }

                (_lastKey, _lastGroup) = (key, group);
                return group;
            }

            if (_slotKeys[slot] == key)
            {
                (_lastKey, _lastGroup) = (key, group);
                return group;
            }
        }
    }

    /// <summary>Fibonacci hashing: the key's bits spread over the table's index bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int SlotOf(long key) => (int)((ulong)key * 0x9E3779B97F4A7C15UL >> _slotShift);

    private static int[] NewSlots(int length)
    {
        var slots = new int[length];
        Array.Fill(slots, -1);
        return slots;
    }

    private void GrowSlots()
    {
        var length = _slotKeys.Length * 2;
        (_slotKeys, _slotGroups, _slotShift) = (new long[length], NewSlots(length), _slotShift - 1);
        var mask = length - 1;
        for (var group = 0; group < _keys.Count; group++)
        {
            var (period, combination) = _keys[group];
            var key = ((long)period << 32) | (uint)combination;
            var slot = SlotOf(key);
            while (_slotGroups[slot] >= 0)
            {
                slot = (slot + 1) & mask;
            }

            (_slotKeys[slot], _slotGroups[slot]) = (key, group);
        }
    }

    private int Add(int period, int combination)
    {
        var group = _keys.Count;
        _keys.Add((period, combination));
        if ((group + 1) * _stride > _state.Length)
        {
            Array.Resize(ref _state, _state.Length * 2);
        }

        _fresh.CopyTo(_state, group * _stride);
        return group;
    }

    /// <summary>Takes row <paramref name="row"/> of a block held column by column (by slot) into a group.</summary>
    public void Add(int group, double[]?[] columns, int row)
    {
        var state = _state.AsSpan(group * _stride, _stride);
        for (var i = 0; i < _aggregates.Length; i++)
        {
            var (kind, slot) = _aggregates[i];
            Take(state.Slice(i * StateWidth, StateWidth), kind, slot < 0 ? 0 : columns[slot]![row]);
        }
    }

    /// <summary>
    /// Takes rows 0 to <paramref name="count"/> − 1 of a block held column by column (by slot), row i into
    /// group <c>groups[i]</c>, one aggregate at a time: the kind is decided once per aggregate rather than
    /// once per row and aggregate. Each aggregate of each group still takes its values in row order, so
    /// the state is the same, bit for bit, as <see cref="Add(int, double[][], int)"/> row by row.
    /// </summary>
    public void AddBlock(ReadOnlySpan<int> groups, double[]?[] columns, int count)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var state = _state;
        for (var i = 0; i < _aggregates.Length; i++)
        {
            var (kind, slot) = _aggregates[i];
            var offset = i * StateWidth;
            if (kind == FlatKind.RowCount)
            {
                for (var row = 0; row < count; row++)
                {
                    state[(groups[row] * _stride) + offset + ValuesAt]++;
                }

                continue;
            }

            var values = columns[slot]!;
            if (kind == FlatKind.Sum)
            {
                AddSums(groups, values, count, offset);
                continue;
            }

            for (var row = 0; row < count; row++)
            {
                Take(state.AsSpan((groups[row] * _stride) + offset, StateWidth), kind, values[row]);
            }
        }
    }

    /// <summary>
    /// <see cref="Take"/> for one sum over a block, written out: the sums are most of an export's
    /// aggregates, and here the kind is not decided again per row. The same operations in the same order.
    /// </summary>
    private void AddSums(ReadOnlySpan<int> groups, double[] values, int count, int offset)
    {
        var state = _state;
        for (var row = 0; row < count; row++)
        {
            var at = (groups[row] * _stride) + offset;
            var value = values[row];
            if (!double.IsFinite(value))
            {
                Take(state.AsSpan(at, StateWidth), FlatKind.Sum, value);
                continue;
            }

            state[at + ValuesAt]++;
            var sum = state[at + SumAt];
            var total = sum + value;
            var taken = total - sum;
            state[at + CompensationAt] += (sum - (total - taken)) + (value - taken);
            state[at + SumAt] = total;
        }
    }

    /// <summary>Takes a row of the row path (its numbers by slot) into a group.</summary>
    public void Add(int group, double[] numbers)
    {
        var state = _state.AsSpan(group * _stride, _stride);
        for (var i = 0; i < _aggregates.Length; i++)
        {
            var (kind, slot) = _aggregates[i];
            Take(state.Slice(i * StateWidth, StateWidth), kind, slot < 0 ? 0 : numbers[slot]);
        }
    }

    /// <summary>Hands group <paramref name="group"/> over to one accumulator per aggregate, in the order they were given.</summary>
    public void MergeInto(int group, AggregateAccumulator[] accumulators, bool fresh)
    {
        ArgumentNullException.ThrowIfNull(accumulators);
        var state = _state.AsSpan(group * _stride, _stride);
        for (var i = 0; i < accumulators.Length; i++)
        {
            accumulators[i].AbsorbFlat(state.Slice(i * StateWidth, StateWidth), fresh);
        }
    }

    /// <summary>One value into one aggregate's state: what the accumulator's Add would do, operation for operation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Take(Span<double> state, FlatKind kind, double value)
    {
        if (kind == FlatKind.RowCount)
        {
            state[ValuesAt]++;
            return;
        }

        if (double.IsNaN(value))
        {
            return;
        }

        if (double.IsInfinity(value))
        {
            state[InfiniteAt]++;
            return;
        }

        state[ValuesAt]++;
        switch (kind)
        {
            case FlatKind.Sum:
                // CompensatedSum.Add: Knuth's TwoSum, the same operations in the same order.
                var sum = state[SumAt];
                var total = sum + value;
                var taken = total - sum;
                state[CompensationAt] += (sum - (total - taken)) + (value - taken);
                state[SumAt] = total;
                return;
            case FlatKind.Min:
                state[SumAt] = Math.Min(state[SumAt], value);
                return;
            case FlatKind.Max:
                state[SumAt] = Math.Max(state[SumAt], value);
                return;
            default:
                return;
        }
    }
}
