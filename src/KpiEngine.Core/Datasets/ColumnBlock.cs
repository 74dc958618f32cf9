using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KpiEngine.Definitions;
using KpiEngine.Expressions;

namespace KpiEngine.Datasets;

/// <summary>
/// Consecutive CSV records held column by column (one <c>double[]</c> per needed slot), for scans
/// that only sum, count or compare plain number columns per period: the caller then runs one tight
/// loop per aggregate over a block instead of one call per cell and row. A record is taken only when
/// every needed cell is plain (a decimal <see cref="CellParser.TryPlainDecimal"/> accepts, a time that
/// parses, nothing blank or missing); any other record goes through the row path, which reports its
/// problems with their true line, after the records taken before it have been handed on.
/// One text column can be taken too, as a dimension to group by: its cells are held as numbers given
/// by <see cref="TextIds"/> (a blank, missing or invalid text sends the record to the row path).
/// </summary>
internal sealed class ColumnBlock
{
    /// <summary>Records per block: the columns of a block stay in the processor's cache.</summary>
    public const int Capacity = 1024;

    /// <summary>Longest time text remembered for the next record (ISO date-times with offset fit).</summary>
    private const int MaxRememberedDateBytes = 40;

    private readonly (int Source, int Slot)[] _numbers;
    private readonly int _timeSource = -1;
    private readonly int _timeSlot = -1;
    private readonly bool _timeIsDate;
    private readonly CellParser _parser;
    private readonly DateWindow _timeWindow;
    private readonly int _firstDay;
    private readonly int _lastDay;
    private readonly byte[] _lastDate = new byte[MaxRememberedDateBytes];
    private int _lastDateLength = -1;
    private double _lastDays;
    private readonly int _dimensionSource = -1;

    // What each field of a line is to the block, for TryTakeLine (made on its first line).
    private FieldUse[]? _fieldUses;

    private ColumnBlock(DatasetSchema schema, ColumnSchema[] targets, ColumnSchema? dimension)
    {
        _parser = new CellParser(schema.Definition);
        _timeWindow = schema.Definition.TimeWindow;
        (_firstDay, _lastDay) = (_timeWindow.First.DayNumber, _timeWindow.Last.DayNumber);
        Columns = new double[]?[schema.Width];
        var numbers = new List<(int, int)>();
        foreach (var column in targets)
        {
            Columns[column.Slot] = new double[Capacity];
            if (column == dimension)
            {
                Columns[column.Slot] = null;
                _dimensionSource = column.SourceIndex;
                DimensionIds = new int[Capacity];
                DimensionTexts = new TextIds();
            }
            else if (column == schema.TimeColumn)
            {
                (_timeSource, _timeSlot, _timeIsDate) = (column.SourceIndex, column.Slot, column.Type == ColumnType.Date);
            }
            else
            {
                numbers.Add((column.SourceIndex, column.Slot));
            }
        }

        _numbers = [.. numbers];
    }

    /// <summary>The values of each needed slot (null for the others); valid for the first <see cref="Count"/> entries.</summary>
    public double[]?[] Columns { get; }

    /// <summary>The number of each record's dimension text (<see cref="DimensionTexts"/>); null without a dimension.</summary>
    public int[]? DimensionIds { get; }

    /// <summary>The dimension's texts by number, for the whole pass (numbers stay valid across blocks).</summary>
    public TextIds? DimensionTexts { get; }

    /// <summary>The records held.</summary>
    public int Count { get; private set; }

    /// <summary>True when no more record fits.</summary>
    public bool IsFull => Count == Capacity;

    /// <summary>
    /// A block for <paramref name="schema"/> filling the <paramref name="needed"/> slots, or null when
    /// a needed column is not a plain number column of the file (text, booleans, a culture, a borrowed
    /// column): those scans take the row path. <paramref name="dimension"/>, a text column of the file,
    /// is held as text numbers.
    /// </summary>
    public static ColumnBlock? For(DatasetSchema schema, bool[] needed, ColumnSchema? dimension = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(needed);
        if (!string.IsNullOrEmpty(schema.Definition.Culture) || schema.Definition.Format != DatasetFormat.Csv)
        {
            return null;
        }

        var targets = schema.Columns.Where(c => needed[c.Slot]).ToArray();
        var plain = targets.All(c => c.SourceIndex >= 0
            && (c.Type == ColumnType.Number || (c == schema.TimeColumn && c.Type is ColumnType.Date or ColumnType.DateTime)
                || (c == dimension && c.Type == ColumnType.Text)));
        return plain && (dimension is null || needed[dimension.Slot]) ? new ColumnBlock(schema, targets, dimension) : null;
    }

    /// <summary>Empties the block (after its records were handed on).</summary>
    public void Clear() => Count = 0;

    /// <summary>
    /// Takes the current record of <paramref name="reader"/> (well-formed, as wide as the header)
    /// when all its needed cells are plain; false, with nothing taken, otherwise.
    /// </summary>
    public bool TryTake(CsvRecordReader reader)
    {
        var row = Count;
        foreach (var (source, slot) in _numbers)
        {
            var cell = reader.Field(source);
            if (cell.IsEmpty || IsBlank(cell[0]) || IsBlank(cell[^1]) || !CellParser.TryPlainDecimal(cell, out var value))
            {
                return false;
            }

            Columns[slot]![row] = value;
        }

        if ((_timeSource >= 0 && !TryTakeText(FieldKind.Time, reader.Field(_timeSource), row))
            || (_dimensionSource >= 0 && !TryTakeText(FieldKind.Dimension, reader.Field(_dimensionSource), row)))
        {
            return false;
        }

        Count = row + 1;
        return true;
    }

    /// <summary>
    /// Takes a record straight from the text of the line at the start of <paramref name="data"/>, in one
    /// pass over its bytes: the line must be plain (no quote), hold exactly <paramref name="width"/> fields
    /// split by <paramref name="delimiter"/>, and every needed cell must be what <see cref="TryTake"/>
    /// accepts, parsed to the same value (<see cref="CellParser.PlainDecimalBeforeLineFeed"/> ends as
    /// <see cref="CellParser.TryPlainDecimal"/>'s parser does). <paramref name="data"/> must end with a line
    /// feed (the reader hands its buffered data up to the last one). Returns where the line's break is in
    /// <paramref name="data"/>, the record held but not yet counted (<see cref="CommitLine"/> counts it);
    /// or -1 with nothing held when the line is anything else: the reader's record path then reads it as before.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public int TryTakeLine(ReadOnlySpan<byte> data, byte delimiter, int width)
    {
        var uses = FieldUses(width);
        if (uses.Length == 0 || data.IsEmpty || data[^1] != '\n' || delimiter == '\n')
        {
            return -1;
        }

        // Every loop below stops at a line feed at the latest (it is a stop, and no digit, sign or point), the last
        // byte of data is one, a line feed is never passed as a delimiter, and no byte after a line's last field is
        // read: each read is within data, so the bytes are read without a length check each.
        ref var line = ref MemoryMarshal.GetReference(data);
        ref var stops = ref MemoryMarshal.GetArrayDataReference(FieldStops(delimiter));
        var row = Count;
        var p = 0;
        var last = uses.Length - 1;
        for (var field = 0; ; field++)
        {
            var use = uses[field];
            if (use.Kind == FieldKind.Number)
            {
                var used = CellParser.PlainDecimalBeforeLineFeed(ref Unsafe.Add(ref line, p), out var value);
                if (used < 0)
                {
                    return -1;
                }

                use.Values![row] = value;
                p += used;
            }
            else
            {
                var start = p;
                while (!Unsafe.Add(ref stops, Unsafe.Add(ref line, p)))
                {
                    p++;
                }

                if (use.Kind != FieldKind.Skip && !TryTakeText(use.Kind, data[start..p], row))
                {
                    return -1;
                }
            }

            var after = Unsafe.Add(ref line, p);
            if (field == last)
            {
                return after is (byte)'\n' or (byte)'\r' ? p : -1;
            }

            if (after != delimiter)
            {
                return -1;
            }

            p++;
        }
    }

    /// <summary>
    /// The bytes that end a text field of a plain line split by <paramref name="delimiter"/> (the delimiter, a line
    /// break, a quote), as a table by byte: one look per byte of the field instead of four comparisons.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool[] FieldStops(byte delimiter)
    {
        if (_fieldStops is { } known && _fieldStopsDelimiter == delimiter)
        {
            return known;
        }

        var stops = new bool[256];
        stops[delimiter] = stops['\n'] = stops['\r'] = stops['"'] = true;
        (_fieldStops, _fieldStopsDelimiter) = (stops, delimiter);
        return stops;
    }

    private bool[]? _fieldStops;
    private byte _fieldStopsDelimiter;

    /// <summary>Counts the record <see cref="TryTakeLine"/> held.</summary>
    public void CommitLine() => Count++;

    /// <summary>The time or dimension cell of a record, into row <paramref name="row"/>: the one rule of <see cref="TryTake"/> and <see cref="TryTakeLine"/>.</summary>
    [MethodImpl(HotPath.Options)]
    private bool TryTakeText(FieldKind kind, ReadOnlySpan<byte> cell, int row)
    {
        if (kind == FieldKind.Time)
        {
            if (!TryDays(cell, out var days))
            {
                return false;
            }

            Columns[_timeSlot]![row] = days;
            return true;
        }

        return !cell.IsEmpty && !IsBlank(cell[0]) && !IsBlank(cell[^1]) && DimensionTexts!.TryGet(cell, out DimensionIds![row]);
    }

    /// <summary>
    /// What each field of a line of <paramref name="width"/> fields is to the block (made on the first
    /// line); empty when a needed column is not among them or two needed slots read one field, which
    /// leaves every record to the reader's record path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private FieldUse[] FieldUses(int width) => _fieldUses is { } known && known.Length == width ? known : NewFieldUses(width);

    /// <summary>
    /// <see cref="FieldUses"/> made anew. Apart from it because its lambdas capture <paramref name="width"/>: a method
    /// with such a lambda makes the captured variables' object on every call, and <see cref="FieldUses"/> runs per line.
    /// </summary>
    private FieldUse[] NewFieldUses(int width)
    {
        var uses = new FieldUse[width];
        var taken = _numbers.Select(n => (n.Source, Use: new FieldUse(FieldKind.Number, Columns[n.Slot])))
            .Append((Source: _timeSource, Use: new FieldUse(FieldKind.Time, null)))
            .Append((Source: _dimensionSource, Use: new FieldUse(FieldKind.Dimension, null)))
            .Where(t => t.Source >= 0 || t.Use.Kind == FieldKind.Number)
            .ToList();
        var fits = taken.All(t => t.Source >= 0 && t.Source < width) && taken.Select(t => t.Source).Distinct().Count() == taken.Count;
        if (fits)
        {
            foreach (var (source, use) in taken)
            {
                uses[source] = use;
            }
        }

        return _fieldUses = fits ? uses : [];
    }

    /// <summary>What a field of a line is to the block.</summary>
    private enum FieldKind : byte
    {
        Skip,
        Number,
        Time,
        Dimension,
    }

    /// <summary>A field's kind and, for a number, the column its values go to.</summary>
    private readonly record struct FieldUse(FieldKind Kind, double[]? Values);

    /// <summary>
    /// The time cell as <see cref="CellWriter"/> writes it (a date keeps its day only), reusing the
    /// previous value when the text repeats: exports are usually sorted by time.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private bool TryDays(ReadOnlySpan<byte> text, out double days)
    {
        if (text.IsEmpty || IsBlank(text[0]) || IsBlank(text[^1]) || text.Length > MaxRememberedDateBytes)
        {
            days = double.NaN;
            return false;
        }

        if (text.Length == IsoDate.DateBytes && !_parser.HasDateFormats)
        {
            // A date alone (an export's usual time), read as TryDate would (it tries the ISO forms when no format is
            // declared) without the memo: rows in no date order change date on almost every row.
            var valid = IsoDate.TryParseDay(text, out var day) && day >= _firstDay && day <= _lastDay;
            days = valid ? day : double.NaN;
            return valid;
        }

        if (text.SequenceEqual(_lastDate.AsSpan(0, Math.Max(_lastDateLength, 0))) && _lastDateLength >= 0)
        {
            days = _lastDays;
            return true;
        }

        // A time outside the plausible dates goes to the row path, which reports it and leaves the record out.
        if (!_parser.TryDate(text, out days, out _) || !_timeWindow.Contains(days))
        {
            return false;
        }

        days = _timeIsDate ? Math.Floor(days) : days;
        text.CopyTo(_lastDate);
        (_lastDateLength, _lastDays) = (text.Length, days);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsBlank(byte b) => b is (byte)' ' or (byte)'\t';
}
