using System.Text;
using KpiEngine.Definitions;

namespace KpiEngine.Datasets;

/// <summary>
/// Infers the type of an undeclared column from the non-empty values of the first
/// <see cref="DatasetSchemaReader.SampleSize"/> records: all parse as numbers (in the dataset's
/// culture) -> Number; else all are ISO/declared dates without time -> Date; else all are dates
/// with or without time -> DateTime; else all are the words true/false -> Boolean; else Text.
/// A column empty in the whole sample is Text. A time column only tries Date, then DateTime.
/// </summary>
internal sealed class ColumnInference
{
    private Shapes _possible = Shapes.All;
    private bool _seen;

    /// <summary>What one value could be read as.</summary>
    [Flags]
    internal enum Shapes
    {
        None = 0,
        Number = 1,
        Date = 2,
        DateTime = 4,
        Boolean = 8,
        All = Number | Date | DateTime | Boolean,
    }

    /// <summary>The first value that is not a date, with its line, for time-column errors.</summary>
    public (string Value, long Line)? FirstNonDate { get; private set; }

    /// <summary>The inferred type of an ordinary column.</summary>
    public ColumnType Type =>
        !_seen ? ColumnType.Text
        : _possible.HasFlag(Shapes.Number) ? ColumnType.Number
        : _possible.HasFlag(Shapes.Date) ? ColumnType.Date
        : _possible.HasFlag(Shapes.DateTime) ? ColumnType.DateTime
        : _possible.HasFlag(Shapes.Boolean) ? ColumnType.Boolean
        : ColumnType.Text;

    /// <summary>The inferred type of a time column: Date or DateTime, null when some value is no date.</summary>
    public ColumnType? TimeType =>
        !_seen || _possible.HasFlag(Shapes.Date) ? ColumnType.Date
        : _possible.HasFlag(Shapes.DateTime) ? ColumnType.DateTime
        : null;

    /// <summary>Records one non-empty value's possible shapes.</summary>
    public void Observe(Shapes shapes, ReadOnlySpan<byte> text, long line)
    {
        _seen = true;
        _possible &= shapes;
        if (!shapes.HasFlag(Shapes.DateTime) && FirstNonDate is null)
        {
            FirstNonDate = (ScanProblems.Quote(Encoding.UTF8.GetString(text)), line);
        }
    }

    /// <summary>What a trimmed, non-empty text value could be.</summary>
    public static Shapes Classify(ReadOnlySpan<byte> text, CellParser parser)
    {
        var shapes = Shapes.None;
        if (parser.TryNumber(text, out _))
        {
            shapes |= Shapes.Number;
        }

        if (parser.TryDate(text, out _, out var hasTime))
        {
            shapes |= hasTime ? Shapes.DateTime : Shapes.Date | Shapes.DateTime;
        }

        if (CellParser.IsBooleanWord(text))
        {
            shapes |= Shapes.Boolean;
        }

        return shapes;
    }
}
