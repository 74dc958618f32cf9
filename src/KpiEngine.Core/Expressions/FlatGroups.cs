using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
/// The groups of one scan pass (a byte range, or the whole file) kept as numbers in flat arrays instead
/// of an accumulator object per aggregate and group: an export of many clients touches one group per row
/// in no order, so what a row touches must be few cache lines, and a pass creates no objects per group.
/// A group's hot numbers sit side by side: its row count, then per aggregate its sum (or extreme) and the
/// sum's running compensation. What only missing values and row divisions by zero change (per aggregate,
/// how many of each) sits apart, made on the first such value: values taken = rows − missing − infinite.
/// Every aggregate must have a flat form (plain sums, averages, counts and extremes of a bare column).
/// Each row updates its group exactly as the accumulators would (the same compensated additions in
/// the same order), and <see cref="MergeInto"/> hands a group over to accumulators as
/// <see cref="AggregateAccumulator.Merge"/> would: results are identical to the accumulators', bit for bit.
/// </summary>
internal sealed class FlatGroups
{
    /// <summary>Numbers of one aggregate's state as <see cref="MergeInto"/> hands it to <see cref="AggregateAccumulator.AbsorbFlat"/>.</summary>
    public const int StateWidth = 4;

    /// <summary>Where the sum (or the extreme) sits in an aggregate's state.</summary>
    public const int SumAt = 0;

    /// <summary>Where the sum's running compensation sits.</summary>
    public const int CompensationAt = 1;

    /// <summary>Where the count of values taken (or rows, for <c>Count()</c>) sits.</summary>
    public const int ValuesAt = 2;

    /// <summary>Where the count of infinite values (row divisions by zero) sits.</summary>
    public const int InfiniteAt = 3;

    // A group's hot numbers: the row count first, then two per aggregate.
    private const int RowsAt = 0;
    private const int HotWidth = 2;

    // A group's cold numbers, two per aggregate: missing values, then infinite ones.
    private const int ColdWidth = 2;

    private readonly FlatAggregate[] _aggregates;
    private readonly int _stride;
    private readonly int _coldStride;
    private readonly double[] _fresh;
    private readonly List<(int Period, int Combination)> _keys = [];

    // When every aggregate is a sum or a row count: the sums' aggregate numbers, their columns of the block
    // being added (reused from block to block) and where each sum sits in a group's hot numbers. Null otherwise.
    private readonly int[]? _sumAggregates;
    private readonly double[][] _sumValues = [];
    private readonly int[] _sumOffsets = [];

    // The groups by key in an open-addressing table (linear probing, at most half full): a probe per row
    // of an export of many clients, where a Dictionary's probe was the largest single cost of the scan.
    // A slot is empty when its group is -1.
    private long[] _slotKeys = new long[256];
    private int[] _slotGroups = NewSlots(256);
    private int _slotShift = 64 - 8;
    private double[] _state;

    // Missing and infinite values per group and aggregate; null until the pass meets the first one.
    private double[]? _cold;
    private long _lastKey = long.MinValue;
    private int _lastGroup;

    private FlatGroups(FlatAggregate[] aggregates)
    {
        _aggregates = aggregates;
        _stride = 1 + (aggregates.Length * HotWidth);
        _coldStride = aggregates.Length * ColdWidth;
        _fresh = new double[_stride];
        for (var i = 0; i < aggregates.Length; i++)
        {
            _fresh[HotAt(i)] = aggregates[i].Kind switch
            {
                FlatKind.Min => double.PositiveInfinity,
                FlatKind.Max => double.NegativeInfinity,
                _ => 0,
            };
        }

        _state = new double[_stride * 64];
        if (aggregates.All(a => a.Kind is FlatKind.Sum or FlatKind.RowCount))
        {
            _sumAggregates = [.. Enumerable.Range(0, aggregates.Length).Where(i => aggregates[i].Kind == FlatKind.Sum)];
            _sumValues = new double[_sumAggregates.Length][];
            _sumOffsets = [.. _sumAggregates.Select(HotAt)];
        }
    }

    /// <summary>Where aggregate <paramref name="aggregate"/>'s sum (or extreme) sits in a group's hot numbers.</summary>
    private static int HotAt(int aggregate) => 1 + (aggregate * HotWidth);

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
        Array.Clear(_dense);
        _densePeriodBase = NoDenseBase;
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

        // Most keys of an export fall in a few dozen periods around the first one met: those are found
        // by index, without hashing (DenseAt is -1 for the others).
        var at = DenseAt(period, combination);
        if (at >= 0 && at < _dense.Length && _dense[at] > 0)
        {
            (_lastKey, _lastGroup) = (key, _dense[at] - 1);
            return _lastGroup;
        }

        var group = ProbeGroupOf(key, period, combination);
        if (at >= 0)
        {
            if (at >= _dense.Length)
            {
                Array.Resize(ref _dense, Math.Min(DenseLimit, Math.Max(at + 1, _dense.Length * 2)));
            }

            _dense[at] = group + 1;
        }

        return group;
    }

    // The dense index: group + 1 (0 unknown) for DensePeriods periods from _densePeriodBase, by
    // combination then period, for combinations below DenseLimit / DensePeriods (16,384); grown as
    // combinations arrive, so 1,000 clients over 24 months take 64,000 numbers (256 KB).
    private const int DensePeriods = 64;
    private const int DenseLimit = 1 << 20;
    private const long NoDenseBase = long.MinValue;
    private int[] _dense = new int[DensePeriods * 64];
    private long _densePeriodBase = NoDenseBase;

    /// <summary>Where a key sits in the dense index, or -1 when outside it (or timeless).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int DenseAt(int period, int combination)
    {
        if (period == int.MinValue || (uint)combination >= DenseLimit / DensePeriods)
        {
            return -1;
        }

        if (_densePeriodBase == NoDenseBase)
        {
            // The first period met decides the window, with room for periods before it (rows in no order).
            _densePeriodBase = (long)period - (DensePeriods / 2);
        }

        var offset = period - _densePeriodBase;
        return (ulong)offset < DensePeriods ? (combination * DensePeriods) + (int)offset : -1;
    }

    /// <summary><see cref="GroupOf"/> by the hash table: the key's group, added when new.</summary>
    private int ProbeGroupOf(long key, int period, int combination)
    {
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
            if (_cold is not null)
            {
                Array.Resize(ref _cold, _state.Length / _stride * _coldStride);
            }
        }

        _fresh.CopyTo(_state, group * _stride);
        if (_cold is not null)
        {
            // A group number is used again after Clear: its cold numbers start at zero too.
            Array.Clear(_cold, group * _coldStride, _coldStride);
        }

        return group;
    }

    /// <summary>
    /// Takes rows 0 to <paramref name="count"/> − 1 of a block held column by column (by slot), row i into
    /// group <c>groups[i]</c>. Each aggregate of each group takes its values in row order, so the state is
    /// the same, bit for bit, as <see cref="Add(int, double[])"/> row by row.
    /// </summary>
    public void AddBlock(ReadOnlySpan<int> groups, double[]?[] columns, int count)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (_sumAggregates is not null && TakeSumColumns(columns, count))
        {
            AddSumRows(groups, count);
            return;
        }

        var state = _state;
        var stride = _stride;
        for (var row = 0; row < count; row++)
        {
            state[(groups[row] * stride) + RowsAt]++;
        }

        // Not only sums: one aggregate at a time, so the kind is decided once per aggregate, not per row.
        for (var i = 0; i < _aggregates.Length; i++)
        {
            var (kind, slot) = _aggregates[i];
            if (kind == FlatKind.RowCount)
            {
                continue;
            }

            var values = columns[slot]!;
            for (var row = 0; row < count; row++)
            {
                Take(groups[row], i, kind, values[row]);
            }
        }
    }

    /// <summary>
    /// Takes the summed columns of the block being added (for <see cref="AddSumRows"/>) and tells whether their first
    /// <paramref name="count"/> values are all finite (a block of plain decimals always is): <see cref="AddSumRows"/> then
    /// needs no check per value, and a block with a missing value or a division by zero takes the general loop of
    /// <see cref="AddBlock"/>, which counts them apart.
    /// </summary>
    private bool TakeSumColumns(double[]?[] columns, int count)
    {
        var finite = true;
        for (var k = 0; k < _sumAggregates!.Length; k++)
        {
            var column = columns[_aggregates[_sumAggregates[k]].Slot]!;
            if (column.Length < count)
            {
                throw new ArgumentException("A column holds fewer values than the block has rows.", nameof(columns));
            }

            _sumValues[k] = column;
            finite = finite && AllFinite(column.AsSpan(0, count));
        }

        return finite;
    }

    /// <summary>True when no value is NaN or infinite (all exponent bits set), four at a time where the processor can.</summary>
    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        const long Exponent = 0x7FF0000000000000;
        var bits = MemoryMarshal.Cast<double, long>(values);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var exponent = Vector256.Create(Exponent);
            for (; i + Vector256<long>.Count <= bits.Length; i += Vector256<long>.Count)
            {
                if (Vector256.EqualsAny(Vector256.Create(bits.Slice(i, Vector256<long>.Count)) & exponent, exponent))
                {
                    return false;
                }
            }
        }

        for (; i < bits.Length; i++)
        {
            if ((bits[i] & Exponent) == Exponent)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <see cref="AddBlock"/> when every aggregate is a sum or a row count (an export's usual inputs) and every value is
    /// finite (<see cref="TakeSumColumns"/>), row by row: rows of an export of many clients come in no group order, and
    /// a group's state is a few adjacent cache lines, so a row is best taken whole while its group's lines are loaded (one
    /// aggregate at a time loaded each group's lines once per aggregate). The same operations in the same order for each
    /// aggregate of each group (<see cref="AddCompensated(ref double, double)"/>).
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private void AddSumRows(ReadOnlySpan<int> groups, int count)
    {
        // The columns TakeSumColumns took, each holding the block's rows.
        var values = _sumValues;
        var offsets = _sumOffsets;
        var stride = _stride;
        var groupCount = _keys.Count;
        ref var state = ref MemoryMarshal.GetArrayDataReference(_state);
        for (var row = 0; row < count; row++)
        {
            var group = groups[row];
            if ((uint)group >= (uint)groupCount)
            {
                throw new ArgumentOutOfRangeException(nameof(groups), group, "A row's group was not made by GroupOf.");
            }

            if (row + PrefetchDistance < count)
            {
                Prefetch(ref state, groups[row + PrefetchDistance], stride, groupCount);
            }

            // The state holds every group made (Add grows it first), so the group's numbers are in it; each column
            // holds count values or more.
            ref var hot = ref Unsafe.Add(ref state, group * stride);
            hot++;
            for (var k = 0; k < offsets.Length; k++)
            {
                AddCompensated(ref Unsafe.Add(ref hot, offsets[k]), Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(values[k]), row));
            }
        }
    }

    // How many rows ahead AddSumRows asks for a group's numbers: a row's sums take about a hundred cycles,
    // a group's numbers out of memory several hundred.
    private const int PrefetchDistance = 6;

    /// <summary>
    /// Asks the processor to load a group's numbers into the cache ahead of use: rows come in no group
    /// order and the groups of a range (thousands × a few cache lines) do not stay in the nearest caches,
    /// so without it each row waits for memory. A hint only; nothing is read or written: the array is not
    /// pinned, and should the collector move it meanwhile, the hint is merely wasted (a prefetch never faults).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(ref double state, int group, int stride, int groupCount)
    {
        if (!Sse.IsSupported || (uint)group >= (uint)groupCount)
        {
            return;
        }

        var first = (byte*)Unsafe.AsPointer(ref Unsafe.Add(ref state, group * stride));
        var last = first + (stride * sizeof(double)) - 1;
        for (var line = first; line <= last; line += 64)
        {
            Sse.Prefetch0(line);
        }

        Sse.Prefetch0(last);
    }

    /// <summary>Takes a row of the row path (its numbers by slot) into a group.</summary>
    public void Add(int group, double[] numbers)
    {
        _state[(group * _stride) + RowsAt]++;
        for (var i = 0; i < _aggregates.Length; i++)
        {
            var (kind, slot) = _aggregates[i];
            if (slot >= 0)
            {
                Take(group, i, kind, numbers[slot]);
            }
        }
    }

    /// <summary>
    /// Adds every group of a pass (a byte range read beside others) to this run's groups, combination
    /// numbers translated by <paramref name="combinations"/> when given. Passes come in file order, and a
    /// group is merged as <see cref="MergeInto"/> into accumulators then <see cref="AggregateAccumulator.Merge"/>
    /// would: a new group takes the pass's sums as they are, an existing one adds sum then compensation.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public void Absorb(FlatGroups pass, int[]? combinations)
    {
        ArgumentNullException.ThrowIfNull(pass);

        // The run's group of each of the pass's groups first (in the same order, so numbered as one loop would), a new
        // one as its complement; then the merges, each asking for the run's group six groups ahead: a pass meets its
        // groups in no order of the run's, whose thousands of groups do not stay in the nearest caches.
        var count = pass._keys.Count;
        if (_absorbTargets.Length < count)
        {
            _absorbTargets = new int[Math.Max(count, _absorbTargets.Length * 2)];
        }

        var targets = _absorbTargets;
        for (var g = 0; g < count; g++)
        {
            var (period, combination) = pass._keys[g];
            var known = _keys.Count;
            var target = GroupOf(period, combinations is null ? combination : combinations[combination]);
            targets[g] = target == known ? ~target : target;
        }

        ref var state = ref MemoryMarshal.GetArrayDataReference(_state);
        for (var g = 0; g < count; g++)
        {
            if (g + PrefetchDistance < count)
            {
                var ahead = targets[g + PrefetchDistance];
                Prefetch(ref state, ahead < 0 ? ~ahead : ahead, _stride, _keys.Count);
            }

            var target = targets[g];
            Merge(pass, g, target < 0 ? ~target : target, copySums: target < 0);
        }
    }

    /// <summary>The run's group of each group of the pass being absorbed (reused from pass to pass).</summary>
    private int[] _absorbTargets = [];

    /// <summary>
    /// Adds each group to the groups of its period at the combinations <paramref name="levelsOf"/> gives for its
    /// combination (the total, subtotals), in order of period then combination, as accumulators merged one by
    /// one into new ones would be. Only the groups there before are merged, not the ones this makes.
    /// </summary>
    public void AddTotals(Func<int, IEnumerable<int>> levelsOf)
    {
        ArgumentNullException.ThrowIfNull(levelsOf);
        var order = Enumerable.Range(0, _keys.Count).OrderBy(g => _keys[g].Period).ThenBy(g => _keys[g].Combination).ToArray();
        foreach (var g in order)
        {
            var (period, combination) = _keys[g];
            foreach (var level in levelsOf(combination))
            {
                Merge(this, g, GroupOf(period, level), copySums: false);
            }
        }
    }

    /// <summary>Adds group <paramref name="group"/> of <paramref name="from"/> into group <paramref name="target"/> of this state.</summary>
    private void Merge(FlatGroups from, int group, int target, bool copySums)
    {
        if (_sumAggregates is { } sums && from._cold is null)
        {
            MergeSums(from, group, target, copySums, sums);
            return;
        }

        // GroupOf may have grown this state's arrays: read them afterwards.
        var source = from._state.AsSpan(group * _stride, _stride);
        var state = _state.AsSpan(target * _stride, _stride);
        state[RowsAt] += source[RowsAt];
        for (var i = 0; i < _aggregates.Length; i++)
        {
            var at = HotAt(i);
            switch (_aggregates[i].Kind)
            {
                case FlatKind.Sum when copySums:
                    (state[at], state[at + 1]) = (source[at], source[at + 1]);
                    break;
                case FlatKind.Sum:
                    AddCompensated(state.Slice(at, 2), source[at]);
                    AddCompensated(state.Slice(at, 2), source[at + 1]);
                    break;
                case FlatKind.Min:
                    state[at] = Math.Min(state[at], source[at]);
                    break;
                case FlatKind.Max:
                    state[at] = Math.Max(state[at], source[at]);
                    break;
                default:
                    break;
            }
        }

        if (from._cold is not null)
        {
            _cold ??= new double[_state.Length / _stride * _coldStride];
            var cold = _cold.AsSpan(target * _coldStride, _coldStride);
            var fromCold = from._cold.AsSpan(group * _coldStride, _coldStride);
            for (var i = 0; i < cold.Length; i++)
            {
                cold[i] += fromCold[i];
            }
        }
    }

    /// <summary>
    /// <see cref="Merge"/> when every aggregate is a sum or a row count and the pass met no missing or infinite value:
    /// the same operations in the same order (rows, then each sum's pair), without the switch per aggregate.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private void MergeSums(FlatGroups from, int group, int target, bool copySums, int[] sums)
    {
        var stride = _stride;
        if ((uint)target >= (uint)_keys.Count || (uint)group >= (uint)from._keys.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(group), "A group to merge was not made by GroupOf.");
        }

        // Both groups are within their states (GroupOf grows a state before it hands out a group).
        ref var into = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_state), target * stride);
        ref var source = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(from._state), group * stride);
        Unsafe.Add(ref into, RowsAt) += Unsafe.Add(ref source, RowsAt);
        foreach (var aggregate in sums)
        {
            var at = HotAt(aggregate);
            ref var pair = ref Unsafe.Add(ref into, at);
            var (sum, compensation) = (Unsafe.Add(ref source, at), Unsafe.Add(ref source, at + 1));
            if (copySums)
            {
                (pair, Unsafe.Add(ref pair, 1)) = (sum, compensation);
                continue;
            }

            AddCompensated(ref pair, sum);
            AddCompensated(ref pair, compensation);
        }
    }

    /// <summary>
    /// CompensatedSum.Add on the (sum, compensation) pair that starts at <paramref name="pair"/>: Knuth's TwoSum, the same
    /// operations in the same order. The caller vouches that the pair's second number is there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddCompensated(ref double pair, double value)
    {
        var sum = pair;
        var total = sum + value;
        var taken = total - sum;
        Unsafe.Add(ref pair, 1) += (sum - (total - taken)) + (value - taken);
        pair = total;
    }

    /// <summary><see cref="AddCompensated(ref double, double)"/> on a span of the pair (checked to hold both numbers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddCompensated(Span<double> pair, double value) => AddCompensated(ref pair[..2][0], value);

    /// <summary>Hands group <paramref name="group"/> over to one accumulator per aggregate, in the order they were given.</summary>
    public void MergeInto(int group, AggregateAccumulator[] accumulators, bool fresh)
    {
        ArgumentNullException.ThrowIfNull(accumulators);
        var hot = _state.AsSpan(group * _stride, _stride);
        var rows = hot[RowsAt];
        Span<double> state = stackalloc double[StateWidth];
        for (var i = 0; i < accumulators.Length; i++)
        {
            var (missing, infinite) = _cold is null ? (0d, 0d) : (_cold[(group * _coldStride) + (i * ColdWidth)], _cold[(group * _coldStride) + (i * ColdWidth) + 1]);
            state[SumAt] = hot[HotAt(i)];
            state[CompensationAt] = hot[HotAt(i) + 1];
            state[ValuesAt] = rows - missing - infinite;
            state[InfiniteAt] = infinite;
            accumulators[i].AbsorbFlat(state, fresh);
        }
    }

    /// <summary>One value into one aggregate's state: what the accumulator's Add would do, operation for operation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Take(int group, int aggregate, FlatKind kind, double value)
    {
        if (!double.IsFinite(value))
        {
            TakeNotFinite(group, aggregate, value);
            return;
        }

        var at = (group * _stride) + HotAt(aggregate);
        switch (kind)
        {
            case FlatKind.Sum:
                AddCompensated(_state.AsSpan(at, 2), value);
                return;
            case FlatKind.Min:
                _state[at] = Math.Min(_state[at], value);
                return;
            case FlatKind.Max:
                _state[at] = Math.Max(_state[at], value);
                return;
            default:
                return;
        }
    }

    /// <summary>A missing value (NaN) or a row division by zero (±∞): counted apart, never taken.</summary>
    private void TakeNotFinite(int group, int aggregate, double value)
    {
        _cold ??= new double[_state.Length / _stride * _coldStride];
        _cold[(group * _coldStride) + (aggregate * ColdWidth) + (double.IsNaN(value) ? 0 : 1)]++;
    }
}
