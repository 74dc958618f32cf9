using System.Globalization;
using System.Runtime.CompilerServices;

namespace KpiEngine.Expressions;

/// <summary>
/// Running state of one aggregate over one group (a period, a dimension value) while rows are
/// scanned. Not thread-safe: give each scan partition its own accumulator and
/// <see cref="Merge"/> them; the result is the same as one pass over all rows.
/// </summary>
internal abstract class AggregateAccumulator
{
    /// <summary>Takes one row into account.</summary>
    public abstract void Add(RowBuffer row);

    /// <summary>Absorbs another accumulator of the same aggregate (from a parallel partition).</summary>
    public abstract void Merge(AggregateAccumulator other);

    /// <summary>The aggregate's value, or undefined with the reason.</summary>
    public abstract KpiValue Result();

    /// <summary>The text value of an aggregate of a text (<see cref="AggregateSpec.IsText"/>); null when it has none.</summary>
    public virtual string? TextResult() => null;

    /// <summary>True when <see cref="AddRows"/> can take rows from column arrays (a bare column or no value, without condition).</summary>
    public virtual bool TakesColumns => false;

    /// <summary>
    /// Takes rows <paramref name="from"/> to <paramref name="to"/> (excluded) of a block held column by
    /// column (indexed by slot), in order: the same as <see cref="Add"/> on each row. Only when <see cref="TakesColumns"/>.
    /// </summary>
    public virtual void AddRows(double[]?[] columns, int from, int to) =>
        throw new InvalidOperationException($"{GetType().Name} takes rows one by one.");

    /// <summary>How <see cref="FlatGroups"/> keeps this aggregate's running state; <see cref="FlatAggregate.None"/> when it cannot.</summary>
    public virtual FlatAggregate Flat => FlatAggregate.None;

    /// <summary>
    /// Takes over the running state <see cref="FlatGroups"/> kept for this aggregate over one pass
    /// (<see cref="FlatGroups.StateWidth"/> numbers): exactly what <see cref="Merge"/> does with an
    /// accumulator that saw the same rows, or, when <paramref name="fresh"/> (nothing was taken yet),
    /// what becoming that accumulator would be.
    /// </summary>
    public virtual void AbsorbFlat(ReadOnlySpan<double> state, bool fresh) =>
        throw new InvalidOperationException($"{GetType().Name} has no flat state.");

    /// <summary>
    /// Forgets every value taken, as if just made, so one accumulator can read the values of one flat group after
    /// another (<see cref="FlatGroups.MergeInto"/> with fresh state); only accumulators with a flat form can.
    /// </summary>
    public virtual void Reset() =>
        throw new InvalidOperationException($"{GetType().Name} has no flat state.");

    /// <summary>The other accumulator as this type, or an exception: merging different aggregates is a programming error.</summary>
    protected static T Same<T>(AggregateAccumulator other)
        where T : AggregateAccumulator =>
        other as T ?? throw new ArgumentException($"Cannot merge {other?.GetType().Name ?? "null"} into {typeof(T).Name}.", nameof(other));

    /// <summary>The reason for an aggregate some of whose row values divided by zero.</summary>
    protected static KpiValue DivisionByZero(long rows, string key) =>
        KpiValue.Undefined(string.Create(CultureInfo.InvariantCulture, $"division by zero in {rows} row{(rows == 1 ? string.Empty : "s")} of {key}"));
}

/// <summary>How a number aggregate reads its value from a row: a bare column's slot, or a compiled row expression.</summary>
internal readonly struct RowNumber
{
    private readonly Func<RowBuffer, double>? _expression;
    private readonly int _slot;

    private RowNumber(Func<RowBuffer, double>? expression, int slot) => (_expression, _slot) = (expression, slot);

    /// <summary>The value of a numeric column.</summary>
    public static RowNumber Column(int slot) => new(null, slot);

    /// <summary>The value of a compiled row expression.</summary>
    public static RowNumber Of(Func<RowBuffer, double> expression) => new(expression, -1);

    /// <summary>The slot of the column read, or -1 for an expression.</summary>
    public int ColumnSlot => _expression is null ? _slot : -1;

    /// <summary>The row's value (NaN when missing).</summary>
    public double Read(RowBuffer row) => _expression is null ? row.Numbers[_slot] : _expression(row);
}

/// <summary>
/// Neumaier's compensated sum: keeps the rounding error of every addition, so summing 0.1 ten
/// times gives exactly 1 and the order of rows (or partitions) does not change the rounded result.
/// </summary>
internal struct CompensatedSum
{
    private double _sum;
    private double _compensation;

    /// <summary>A sum with its running compensation, as <see cref="FlatGroups"/> keeps it.</summary>
    public CompensatedSum(double sum, double compensation) => (_sum, _compensation) = (sum, compensation);

    public readonly double Value => _sum + _compensation;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double value)
    {
        // Knuth's branch-free TwoSum: the same exact rounding error as Neumaier's branch on the
        // larger magnitude (both are exact), without a hard-to-predict branch per row.
        var total = _sum + value;
        var taken = total - _sum;
        _compensation += (_sum - (total - taken)) + (value - taken);
        _sum = total;
    }

    public void Add(CompensatedSum other)
    {
        Add(other._sum);
        Add(other._compensation);
    }
}

/// <summary><c>Count()</c> and <c>CountIf(condition)</c>.</summary>
internal sealed class RowCountAccumulator(Func<RowBuffer, bool>? condition) : AggregateAccumulator
{
    private long _count;

    public override void Add(RowBuffer row)
    {
        if (condition is null || condition(row))
        {
            _count++;
        }
    }

    public override void Merge(AggregateAccumulator other) => _count += Same<RowCountAccumulator>(other)._count;

    public override FlatAggregate Flat => condition is null ? new(FlatKind.RowCount, -1) : FlatAggregate.None;

    public override void AbsorbFlat(ReadOnlySpan<double> state, bool fresh) => _count += (long)state[FlatGroups.ValuesAt];

    public override void Reset() => _count = 0;

    public override bool TakesColumns => condition is null;

    public override void AddRows(double[]?[] columns, int from, int to)
    {
        if (condition is not null)
        {
            base.AddRows(columns, from, to);
        }

        _count += to - from;
    }

    public override KpiValue Result() => KpiValue.Of(_count);
}

/// <summary><c>Count(x)</c> over a text: rows where x is not missing.</summary>
internal sealed class TextCountAccumulator(Func<RowBuffer, string?> value) : AggregateAccumulator
{
    private long _count;

    public override void Add(RowBuffer row)
    {
        if (value(row) is not null)
        {
            _count++;
        }
    }

    public override void Merge(AggregateAccumulator other) => _count += Same<TextCountAccumulator>(other)._count;

    public override KpiValue Result() => KpiValue.Of(_count);
}

/// <summary>Base of the number aggregates: skips missing values, counts row divisions by zero.</summary>
internal abstract class NumberAccumulator(RowNumber value, Func<RowBuffer, bool>? condition, string key) : AggregateAccumulator
{
    protected string Key => key;

    /// <summary>Values taken (not missing, finite).</summary>
    protected long Values { get; private set; }

    /// <summary>Rows whose value divided by zero.</summary>
    protected long Infinite { get; private set; }

    public sealed override void Add(RowBuffer row)
    {
        if (condition is not null && !condition(row))
        {
            return;
        }

        var number = value.Read(row);
        if (Counts(number))
        {
            Take(number);
        }
    }

    public sealed override bool TakesColumns => condition is null && value.ColumnSlot >= 0;

    public sealed override void AddRows(double[]?[] columns, int from, int to)
    {
        if (!TakesColumns)
        {
            base.AddRows(columns, from, to);
        }

        var values = columns[value.ColumnSlot]!;
        for (var i = from; i < to; i++)
        {
            if (Counts(values[i]))
            {
                Take(values[i]);
            }
        }
    }

    public override FlatAggregate Flat => TakesColumns && FlatKindOf() is { } kind ? new(kind, value.ColumnSlot) : FlatAggregate.None;

    /// <summary>The flat kind of this aggregate over a bare column, or null when it has none.</summary>
    protected virtual FlatKind? FlatKindOf() => null;

    public override void AbsorbFlat(ReadOnlySpan<double> state, bool fresh)
    {
        AddCounts((long)state[FlatGroups.ValuesAt], (long)state[FlatGroups.InfiniteAt]);
        AbsorbFlatValue(state, fresh);
    }

    public sealed override void Reset()
    {
        (Values, Infinite) = (0, 0);
        ResetValue();
    }

    /// <summary>Forgets the value part (the counts are forgotten already).</summary>
    protected virtual void ResetValue()
    {
    }

    /// <summary>Takes over the value part of a flat state (the counts are taken already).</summary>
    protected virtual void AbsorbFlatValue(ReadOnlySpan<double> state, bool fresh)
    {
    }

    /// <summary>Counts values taken and divisions by zero met outside <see cref="Counts"/> (a loop keeping its own counts).</summary>
    protected void AddCounts(long values, long infinite)
    {
        Values += values;
        Infinite += infinite;
    }

    /// <summary>Counts a row's value; false when it is missing or a division by zero, so not taken.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected bool Counts(double number)
    {
        if (double.IsNaN(number))
        {
            return false;
        }

        if (double.IsInfinity(number))
        {
            Infinite++;
            return false;
        }

        Values++;
        return true;
    }

    public sealed override void Merge(AggregateAccumulator other)
    {
        var same = Same<NumberAccumulator>(other);
        if (same.GetType() != GetType())
        {
            throw new ArgumentException($"Cannot merge {other.GetType().Name} into {GetType().Name}.", nameof(other));
        }

        Values += same.Values;
        Infinite += same.Infinite;
        Absorb(same);
    }

    public sealed override KpiValue Result() =>
        Infinite > 0 ? DivisionByZero(Infinite, key) : Finish();

    protected abstract void Take(double number);

    protected abstract void Absorb(NumberAccumulator other);

    protected abstract KpiValue Finish();

    protected KpiValue NoValues() => KpiValue.Undefined($"no rows for {key}");
}

/// <summary><c>Count(x)</c> over a number: rows where x is not missing.</summary>
internal sealed class ValueCountAccumulator(RowNumber value, string key) : NumberAccumulator(value, null, key)
{
    protected override FlatKind? FlatKindOf() => FlatKind.ValueCount;

    protected override void Take(double number)
    {
    }

    protected override void Absorb(NumberAccumulator other)
    {
    }

    protected override KpiValue Finish() => KpiValue.Of(Values);
}

/// <summary><c>Sum</c>, <c>SumIf</c>, <c>Avg</c>, <c>AvgIf</c>.</summary>
internal sealed class SumAccumulator(RowNumber value, Func<RowBuffer, bool>? condition, bool average, string key)
    : NumberAccumulator(value, condition, key)
{
    private CompensatedSum _sum;

    /// <summary>The slot of the bare column summed when there is no condition, else -1: the scan then feeds <see cref="AddColumnValue"/>.</summary>
    public int ColumnSlot { get; } = condition is null ? value.ColumnSlot : -1;

    /// <summary>Takes the value of <see cref="ColumnSlot"/> in one row: <see cref="NumberAccumulator.Add"/> without the virtual calls.</summary>
    public void AddColumnValue(double number)
    {
        if (Counts(number))
        {
            _sum.Add(number);
        }
    }

    /// <summary>Takes values read from <see cref="ColumnSlot"/>: <see cref="AddColumnValue"/> for each, in order, in one tight loop.</summary>
    public void AddColumnValues(ReadOnlySpan<double> numbers)
    {
        var sum = _sum;
        long taken = 0;
        long infinite = 0;
        foreach (var number in numbers)
        {
            if (double.IsFinite(number))
            {
                sum.Add(number);
                taken++;
            }
            else if (!double.IsNaN(number))
            {
                infinite++;
            }
        }

        _sum = sum;
        AddCounts(taken, infinite);
    }

    protected override void Take(double number) => _sum.Add(number);

    protected override void Absorb(NumberAccumulator other) => _sum.Add(((SumAccumulator)other)._sum);

    protected override FlatKind? FlatKindOf() => FlatKind.Sum;

    protected override void ResetValue() => _sum = default;

    protected override void AbsorbFlatValue(ReadOnlySpan<double> state, bool fresh)
    {
        var other = new CompensatedSum(state[FlatGroups.SumAt], state[FlatGroups.CompensationAt]);
        if (fresh)
        {
            _sum = other;
        }
        else
        {
            _sum.Add(other);
        }
    }

    protected override KpiValue Finish() =>
        !average ? KpiValue.Of(_sum.Value)
        : Values == 0 ? NoValues()
        : KpiValue.Of(_sum.Value / Values);
}

/// <summary><c>Min(x)</c>, <c>Max(x)</c>, <c>MinIf(x, condition)</c> and <c>MaxIf(x, condition)</c>.</summary>
internal sealed class ExtremeAccumulator(RowNumber value, bool maximum, string key, Func<RowBuffer, bool>? condition = null) : NumberAccumulator(value, condition, key)
{
    private double _extreme = maximum ? double.NegativeInfinity : double.PositiveInfinity;

    protected override void Take(double number) =>
        _extreme = maximum ? Math.Max(_extreme, number) : Math.Min(_extreme, number);

    protected override void Absorb(NumberAccumulator other) => Take(((ExtremeAccumulator)other)._extreme);

    protected override FlatKind? FlatKindOf() => maximum ? FlatKind.Max : FlatKind.Min;

    protected override void ResetValue() => _extreme = maximum ? double.NegativeInfinity : double.PositiveInfinity;

    protected override void AbsorbFlatValue(ReadOnlySpan<double> state, bool fresh) => Take(state[FlatGroups.SumAt]);

    protected override KpiValue Finish() => Values == 0 ? NoValues() : KpiValue.Of(_extreme);
}

/// <summary>An aggregate that needs every value, kept in file order (merges append later rows).</summary>
internal abstract class KeptValuesAccumulator(RowNumber value, string key) : NumberAccumulator(value, null, key)
{
    /// <summary>The values taken so far, in file order.</summary>
    protected List<double> Kept { get; } = [];

    protected override void Take(double number) => Kept.Add(number);

    protected override void Absorb(NumberAccumulator other) => Kept.AddRange(((KeptValuesAccumulator)other).Kept);
}

/// <summary><c>Median(x)</c>: keeps the values (the only way to get an exact median).</summary>
internal sealed class MedianAccumulator(RowNumber value, string key) : KeptValuesAccumulator(value, key)
{
    protected override KpiValue Finish()
    {
        if (Kept.Count == 0)
        {
            return NoValues();
        }

        Kept.Sort();
        var middle = Kept.Count / 2;
        return KpiValue.Of(Kept.Count % 2 == 1 ? Kept[middle] : (Kept[middle - 1] / 2) + (Kept[middle] / 2));
    }
}

/// <summary>
/// <c>Product(x)</c>: the product of the values, for rolled throughput yield (the product of each
/// step's yield). The values are kept in file order and multiplied once at the end, so a scan split
/// into byte ranges multiplies them in the same order as one pass and gives the same bits
/// (floating-point products of partial products would not). Undefined over no rows, and when the
/// product is too large for a number.
/// </summary>
internal sealed class ProductAccumulator(RowNumber value, string key) : KeptValuesAccumulator(value, key)
{
    protected override KpiValue Finish()
    {
        if (Kept.Count == 0)
        {
            return NoValues();
        }

        var product = 1.0;
        foreach (var number in Kept)
        {
            product *= number;
        }

        return double.IsFinite(product) ? KpiValue.Of(product) : KpiValue.Undefined("the product is too large for a number");
    }
}

/// <summary><c>DistinctCount(x)</c> and <c>DistinctCountIf(x, condition)</c> over numbers (dates, booleans).</summary>
internal sealed class DistinctNumberAccumulator(RowNumber value, Func<RowBuffer, bool>? condition, string key)
    : NumberAccumulator(value, condition, key)
{
    private readonly HashSet<double> _seen = [];

    // Adding 0.0 turns -0.0 into 0.0 so both count as one value.
    protected override void Take(double number) => _seen.Add(number + 0.0);

    protected override void Absorb(NumberAccumulator other) => _seen.UnionWith(((DistinctNumberAccumulator)other)._seen);

    protected override KpiValue Finish() => KpiValue.Of(_seen.Count);
}

/// <summary><c>DistinctCount(x)</c> and <c>DistinctCountIf(x, condition)</c> over texts (ordinal).</summary>
internal sealed class DistinctTextAccumulator(Func<RowBuffer, string?> value, Func<RowBuffer, bool>? condition) : AggregateAccumulator
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public override void Add(RowBuffer row)
    {
        if ((condition is null || condition(row)) && value(row) is { } text)
        {
            _seen.Add(text);
        }
    }

    public override void Merge(AggregateAccumulator other) => _seen.UnionWith(Same<DistinctTextAccumulator>(other)._seen);

    public override KpiValue Result() => KpiValue.Of(_seen.Count);
}

/// <summary>
/// <c>Last(x)</c> and <c>First(x)</c>: the value of the row with the latest (earliest) time in the
/// group, for balances such as subscribers or stock that must not be summed. Rows whose value is
/// missing are skipped. Ties go to the later row in file order for Last and the earlier for First;
/// without a time column, file order alone decides. Each pick keeps its row's
/// <see cref="RowBuffer.Position"/>, so a tie breaks the same way whatever order partial results are
/// merged in: byte ranges in file order, and also the groups of <c>--by</c> into their total in the
/// order of their values, where the total then equals the run without <c>--by</c>. Rows of a source
/// that sets no position all have 0: then rows and merges in file order decide.
/// </summary>
internal sealed class LatestAccumulator(RowNumber value, int timeSlot, bool latest, string key) : AggregateAccumulator
{
    private double _time = double.NaN;
    private long _position;
    private double _value;
    private bool _any;
    private long _infinite;

    public override void Add(RowBuffer row)
    {
        var number = value.Read(row);
        if (double.IsNaN(number))
        {
            return;
        }

        if (double.IsInfinity(number))
        {
            _infinite++;
            return;
        }

        Take(timeSlot >= 0 ? row.Numbers[timeSlot] : 0, row.Position, number);
    }

    public override void Merge(AggregateAccumulator other)
    {
        var same = Same<LatestAccumulator>(other);
        _infinite += same._infinite;
        if (same._any)
        {
            Take(same._time, same._position, same._value);
        }
    }

    public override KpiValue Result() =>
        _infinite > 0 ? DivisionByZero(_infinite, key)
        : _any ? KpiValue.Of(_value)
        : KpiValue.Undefined($"no rows for {key}");

    private void Take(double time, long position, double number)
    {
        if (!_any || PickOrder.Beats(earliest: !latest, time, position, _time, _position))
        {
            (_time, _position, _value, _any) = (time, position, number, true);
        }
    }
}

/// <summary>Which row First/Last and FirstBy/LastBy keep: the smaller (larger) order, then the earlier (later) row of the file.</summary>
internal static class PickOrder
{
    /// <summary>True when a row with <paramref name="order"/> at <paramref name="position"/> replaces the current pick.</summary>
    public static bool Beats(bool earliest, double order, long position, double currentOrder, long currentPosition) =>
        earliest
            ? order < currentOrder || (order == currentOrder && position < currentPosition)
            : order > currentOrder || (order == currentOrder && position >= currentPosition);
}

/// <summary>What <see cref="OrderedPickAccumulator"/> reads from a row: a number (dates included) or a text.</summary>
internal readonly struct RowPick
{
    private readonly RowNumber _number;
    private readonly Func<RowBuffer, string?>? _text;

    private RowPick(RowNumber number, Func<RowBuffer, string?>? text) => (_number, _text) = (number, text);

    /// <summary>Picks a number.</summary>
    public static RowPick Of(RowNumber number) => new(number, null);

    /// <summary>Picks a text.</summary>
    public static RowPick Of(Func<RowBuffer, string?> text) => new(default, text);

    /// <summary>True when the value is a text.</summary>
    public bool IsText => _text is not null;

    /// <summary>The row's number (NaN when missing); only when not <see cref="IsText"/>.</summary>
    public double Number(RowBuffer row) => _number.Read(row);

    /// <summary>The row's text (null when missing or empty); only when <see cref="IsText"/>.</summary>
    public string? Text(RowBuffer row) => _text!(row) is { Length: > 0 } text ? text : null;
}

/// <summary>
/// <c>FirstBy(x, order)</c> and <c>LastBy(x, order)</c> (optionally with a condition): the value of x on
/// the row with the smallest (largest) order, such as the region of a customer's first order or the plan
/// of their latest change. Rows whose x or order is missing, or whose condition is false, are skipped.
/// Ties in order go to the earlier row of the file for FirstBy and to the later one for LastBy, as
/// First/Last do; each pick keeps its row's <see cref="RowBuffer.Position"/>, so the winner does not
/// depend on the order accumulators are merged in (byte ranges in file order, dimension groups into
/// their total in the order of their values). Rows of a source that sets no position all have 0:
/// then rows and merges in file order decide, as for First/Last.
/// </summary>
internal sealed class OrderedPickAccumulator(RowPick value, Func<RowBuffer, double> order, Func<RowBuffer, bool>? condition, bool earliest, string key)
    : AggregateAccumulator
{
    private bool _any;
    private double _order;
    private long _position;
    private double _number;
    private string? _text;
    private long _infinite;

    public override void Add(RowBuffer row)
    {
        if (condition is not null && !condition(row))
        {
            return;
        }

        var by = order(row);
        if (double.IsNaN(by))
        {
            return;
        }

        double number = 0;
        string? text = null;
        if (value.IsText)
        {
            text = value.Text(row);
            if (text is null)
            {
                return;
            }
        }
        else
        {
            number = value.Number(row);
            if (double.IsNaN(number))
            {
                return;
            }
        }

        if (double.IsInfinity(by) || double.IsInfinity(number))
        {
            _infinite++;
            return;
        }

        Take(by, row.Position, number, text);
    }

    public override void Merge(AggregateAccumulator other)
    {
        var same = Same<OrderedPickAccumulator>(other);
        _infinite += same._infinite;
        if (same._any)
        {
            Take(same._order, same._position, same._number, same._text);
        }
    }

    public override KpiValue Result() =>
        _infinite > 0 ? DivisionByZero(_infinite, key)
        : !_any ? KpiValue.Undefined($"no rows for {key}")
        : value.IsText ? KpiValue.Undefined($"{key} is text")
        : KpiValue.Of(_number);

    public override string? TextResult() => _infinite == 0 && _any ? _text : null;

    private void Take(double by, long position, double number, string? text)
    {
        if (!_any || PickOrder.Beats(earliest, by, position, _order, _position))
        {
            (_any, _order, _position, _number, _text) = (true, by, position, number, text);
        }
    }
}

/// <summary>
/// Feeds rows to one group's accumulators. Sums and averages of a bare column without condition
/// (most inputs: <c>Sum([revenue])</c>) get their slot's value directly, without a virtual call or
/// delegate per row; every other accumulator gets <see cref="AggregateAccumulator.Add"/>.
/// </summary>
internal sealed class AccumulatorFeed
{
    private readonly SumAccumulator[] _columnSums;
    private readonly int[] _slots;
    private readonly AggregateAccumulator[] _others;

    public AccumulatorFeed(AggregateAccumulator[] group)
    {
        ArgumentNullException.ThrowIfNull(group);
        _columnSums = [.. group.OfType<SumAccumulator>().Where(a => a.ColumnSlot >= 0)];
        _slots = [.. _columnSums.Select(a => a.ColumnSlot)];
        _others = [.. group.Where(a => a is not SumAccumulator { ColumnSlot: >= 0 })];
    }

    /// <summary>Takes one row into account in every accumulator of the group.</summary>
    public void Add(RowBuffer row)
    {
        var numbers = row.Numbers;
        for (var i = 0; i < _columnSums.Length; i++)
        {
            _columnSums[i].AddColumnValue(numbers[_slots[i]]);
        }

        foreach (var accumulator in _others)
        {
            accumulator.Add(row);
        }
    }

    /// <summary>Takes row <paramref name="row"/> of a block held column by column: <see cref="AddRows"/> for one row, without the span per sum.</summary>
    public void AddRow(double[]?[] columns, int row)
    {
        for (var i = 0; i < _columnSums.Length; i++)
        {
            _columnSums[i].AddColumnValue(columns[_slots[i]]![row]);
        }

        foreach (var accumulator in _others)
        {
            accumulator.AddRows(columns, row, row + 1);
        }
    }

    /// <summary>
    /// Takes rows <paramref name="from"/> to <paramref name="to"/> (excluded) of a block held column by
    /// column: one loop per aggregate, the same values in the same order as <see cref="Add"/> row by row.
    /// Every accumulator of the group must have <see cref="AggregateAccumulator.TakesColumns"/>.
    /// </summary>
    public void AddRows(double[]?[] columns, int from, int to)
    {
        for (var i = 0; i < _columnSums.Length; i++)
        {
            _columnSums[i].AddColumnValues(columns[_slots[i]].AsSpan(from, to - from));
        }

        foreach (var accumulator in _others)
        {
            accumulator.AddRows(columns, from, to);
        }
    }
}
