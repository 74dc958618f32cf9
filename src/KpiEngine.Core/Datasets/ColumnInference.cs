using System.Text;
using KpiEngine.Definitions;

namespace KpiEngine.Datasets;

/// <summary>
/// Infers the type of an undeclared column from the non-empty values of the first
/// <see cref="DatasetSchemaReader.SampleSize"/> records: all parse as numbers (in the dataset's
/// culture) -> Number; else all are ISO/declared dates without time -> Date; else all are dates
/// with or without time -> DateTime; else all are the words true/false -> Boolean; else Text.
/// A column empty in the whole sample is Text. A time column only tries Date, then DateTime.
/// Two refinements keep text and numbers honest:
/// a value with a leading zero (<c>00042</c>) is a code, not a number, so its column stays Text and
/// <c>003</c> never becomes <c>3</c>; and a column of numbers with a few failed numbers among them
/// (<c>1,5</c> in invariant data, <c>NaN</c>, <c>n/a</c>, a JSON object) is still Number, so the scan
/// reports each failed cell with its line (KPI3005) instead of the whole column turning into text.
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

        /// <summary>Not a number, but written where one was meant: a decimal comma, NaN, a placeholder such as n/a.</summary>
        FailedNumber = 16,
    }

    /// <summary>Placeholders spreadsheets and exports write where a number is missing.</summary>
    private static readonly string[] NumberPlaceholders = ["-", "--", "n/a", "na", "#n/a", "null", "none", "nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "#div/0!", "#value!", "#num!", "#ref!"];

    private bool _allNumbersOrFailed = true;
    private bool _anyNumber;
    private bool _anyFailedNumber;

    /// <summary>The first value that is not a date, with its line, for time-column errors.</summary>
    public (string Value, long Line)? FirstNonDate { get; private set; }

    /// <summary>True when no non-empty value was seen, so <see cref="Type"/> is Text for want of evidence.</summary>
    public bool IsEmpty => !_seen;

    /// <summary>The inferred type of an ordinary column.</summary>
    public ColumnType Type =>
        !_seen ? ColumnType.Text
        : _possible.HasFlag(Shapes.Number) || (_allNumbersOrFailed && _anyNumber) ? ColumnType.Number
        : _possible.HasFlag(Shapes.Date) ? ColumnType.Date
        : _possible.HasFlag(Shapes.DateTime) ? ColumnType.DateTime
        : _possible.HasFlag(Shapes.Boolean) ? ColumnType.Boolean
        : ColumnType.Text;

    /// <summary>
    /// True when some sampled values look like numbers the culture cannot read (<c>12,50</c> in invariant
    /// data) and the others are numbers: the column is Number with failed cells, or Text when none read.
    /// </summary>
    public bool HasUnreadNumbers => _seen && _allNumbersOrFailed && _anyFailedNumber;

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
        _anyNumber |= shapes.HasFlag(Shapes.Number);
        _anyFailedNumber |= shapes.HasFlag(Shapes.FailedNumber) && !shapes.HasFlag(Shapes.Number);
        _allNumbersOrFailed &= (shapes & (Shapes.Number | Shapes.FailedNumber)) != 0;
        if (!shapes.HasFlag(Shapes.DateTime) && FirstNonDate is null)
        {
            FirstNonDate = (ScanProblems.Quote(Encoding.UTF8.GetString(text)), line);
        }
    }

    /// <summary>What a trimmed, non-empty text value could be.</summary>
    public static Shapes Classify(ReadOnlySpan<byte> text, CellParser parser)
    {
        var shapes = Shapes.None;
        if (HasLeadingZero(text))
        {
            // A code such as a postcode or an account number: its zeros are part of it.
        }
        else if (parser.TryNumber(text, out _))
        {
            shapes |= Shapes.Number;
        }
        else if (IsFailedNumber(text))
        {
            shapes |= Shapes.FailedNumber;
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

    /// <summary><c>007</c>, <c>-01</c>: a zero before another digit, which a number would not have.</summary>
    internal static bool HasLeadingZero(ReadOnlySpan<byte> text)
    {
        var digits = text.Length > 0 && text[0] is (byte)'-' or (byte)'+' ? text[1..] : text;
        return digits.Length >= 2 && digits[0] == '0' && char.IsAsciiDigit((char)digits[1]);
    }

    /// <summary>
    /// A number the dataset's culture cannot read (digits with separators it does not use, such as
    /// <c>1,5</c> or <c>1 234</c>) or a placeholder for a missing number (<c>NaN</c>, <c>n/a</c>, <c>-</c>).
    /// Dates are not: they hold '-' or '/' between digits, or letters.
    /// </summary>
    private static bool IsFailedNumber(ReadOnlySpan<byte> text)
    {
        if (text.Length <= 16)
        {
            foreach (var placeholder in NumberPlaceholders)
            {
                if (Ascii.EqualsIgnoreCase(text, placeholder))
                {
                    return true;
                }
            }
        }

        var body = text[0] is (byte)'-' or (byte)'+' ? text[1..] : text;
        var digits = 0;
        foreach (var b in body)
        {
            if (char.IsAsciiDigit((char)b))
            {
                digits++;
            }
            else if (b is not ((byte)'.' or (byte)',' or (byte)'\'' or (byte)' '))
            {
                return false;
            }
        }

        return digits > 0;
    }
}
