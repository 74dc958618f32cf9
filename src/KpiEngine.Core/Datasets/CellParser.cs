using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using KpiEngine.Definitions;

namespace KpiEngine.Datasets;

/// <summary>
/// Reads one cell's UTF-8 text as a number, date or boolean with the dataset's culture and date
/// formats, without decoding it to a string first. Callers pass text already trimmed of spaces.
/// </summary>
internal sealed class CellParser
{
    /// <summary>Longest cell (in bytes) tried against declared date formats; longer text is no date.</summary>
    private const int MaxDateBytes = 128;

    /// <summary>Digits that always fit a double's 53-bit mantissa exactly.</summary>
    private const int MaxExactDigits = 15;

    private static readonly double[] PowersOfTen = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    private readonly NumberStyles _numberStyles;
    private readonly byte[] _groupSeparator;
    private readonly byte[] _decimalSeparator;
    private readonly string[] _dateFormats;
    private readonly bool[] _formatHasTime;
    private readonly bool[] _formatIsClock;

    /// <summary>Creates a parser; throws <see cref="CultureNotFoundException"/> for an unknown culture name.</summary>
    public CellParser(DatasetDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        IsInvariant = string.IsNullOrEmpty(definition.Culture);
        Culture = IsInvariant ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(definition.Culture, predefinedOnly: true);

        // Thousands separators only where a culture says how they look: in invariant data "1,5"
        // must not silently become 15.
        _numberStyles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent
            | (IsInvariant ? NumberStyles.None : NumberStyles.AllowThousands);
        _groupSeparator = IsInvariant ? [] : Encoding.UTF8.GetBytes(Culture.NumberFormat.NumberGroupSeparator);
        _decimalSeparator = Encoding.UTF8.GetBytes(Culture.NumberFormat.NumberDecimalSeparator);
        _dateFormats = [.. definition.DateFormats];
        _formatHasTime = [.. _dateFormats.Select(f => f.AsSpan().IndexOfAny("Hhms") >= 0)];
        _formatIsClock = [.. _dateFormats.Select(ClockFormat.IsClockOnly)];
    }

    /// <summary>The culture numbers and dates are written in.</summary>
    public CultureInfo Culture { get; }

    /// <summary>True when the dataset declares no culture.</summary>
    public bool IsInvariant { get; }

    /// <summary>Parses a finite number; NaN, Infinity and badly grouped thousands are rejected.</summary>
    public bool TryNumber(ReadOnlySpan<byte> text, out double value)
    {
        if (IsInvariant && TryPlainDecimal(text, out value))
        {
            return true;
        }

        if (double.TryParse(text, _numberStyles, Culture, out value) && double.IsFinite(value)
            && (_groupSeparator.Length == 0 || text.IndexOf(_groupSeparator) < 0 || HasRegularGrouping(text)))
        {
            return true;
        }

        value = double.NaN;
        return false;
    }

    /// <summary>True when the dataset declares date formats, which <see cref="TryDate"/> tries before the ISO forms.</summary>
    public bool HasDateFormats => _dateFormats.Length > 0;

    /// <summary>
    /// Parses a date with the declared formats, then the ISO 8601 forms. The value is days since
    /// 0001-01-01 with the time of day as fraction; an offset is checked and dropped (clock time as written).
    /// </summary>
    public bool TryDate(ReadOnlySpan<byte> text, out double days, out bool hasTime)
    {
        if (_dateFormats.Length > 0 && text.Length <= MaxDateBytes)
        {
            Span<char> chars = stackalloc char[MaxDateBytes];
            var length = Encoding.UTF8.GetChars(text, chars);
            for (var i = 0; i < _dateFormats.Length; i++)
            {
                if (_formatIsClock[i])
                {
                    // A clock time has no day: NoCurrentDateDefault keeps .NET from taking today's date,
                    // so the value is the time of day alone and does not change with the run date.
                    if (DateTime.TryParseExact(chars[..length], _dateFormats[i], Culture,
                            DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.NoCurrentDateDefault, out var clock))
                    {
                        days = clock.TimeOfDay.Ticks / (double)TimeSpan.TicksPerDay;
                        hasTime = true;
                        return true;
                    }

                    continue;
                }

                // AssumeUniversal keeps the result independent of the machine's time zone.
                if (DateTimeOffset.TryParseExact(chars[..length], _dateFormats[i], Culture,
                        DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    days = parsed.DateTime.Ticks / (double)TimeSpan.TicksPerDay;
                    hasTime = _formatHasTime[i];
                    return true;
                }
            }
        }

        return IsoDate.TryParse(text, out days, out hasTime);
    }

    /// <summary>Parses true/false, yes/no, 1/0 (case-insensitive) as 1 or 0.</summary>
    public static bool TryBoolean(ReadOnlySpan<byte> text, out double value)
    {
        if (Ascii.EqualsIgnoreCase(text, "true"u8) || Ascii.EqualsIgnoreCase(text, "yes"u8) || text.SequenceEqual("1"u8))
        {
            value = 1;
            return true;
        }

        if (Ascii.EqualsIgnoreCase(text, "false"u8) || Ascii.EqualsIgnoreCase(text, "no"u8) || text.SequenceEqual("0"u8))
        {
            value = 0;
            return true;
        }

        value = double.NaN;
        return false;
    }

    /// <summary>True for the words true/false only: what inference accepts as a boolean column.</summary>
    public static bool IsBooleanWord(ReadOnlySpan<byte> text) =>
        Ascii.EqualsIgnoreCase(text, "true"u8) || Ascii.EqualsIgnoreCase(text, "false"u8);

    /// <summary>Why a text is not a number in this dataset, as a suggested fix.</summary>
    public string NumberHint(ReadOnlySpan<byte> text)
    {
        if (Ascii.EqualsIgnoreCase(text.TrimStart("+-"u8), "NaN"u8) || Ascii.EqualsIgnoreCase(text.TrimStart("+-"u8), "Infinity"u8)
            || Ascii.EqualsIgnoreCase(text.TrimStart("+-"u8), "inf"u8))
        {
            return "Leave the cell empty for a missing value; NaN and Infinity are not numbers.";
        }

        if (IsInvariant && text.IndexOf((byte)',') >= 0)
        {
            return text.IndexOf((byte)'.') >= 0
                ? "The value has thousands separators: set culture: en-US (or the file's culture) on the dataset."
                : "Set culture: de-DE (or the file's culture) on the dataset if the file uses decimal commas.";
        }

        if (!IsInvariant && text.IndexOf(_groupSeparator) >= 0)
        {
            return $"In culture {Culture.Name} '{Culture.NumberFormat.NumberGroupSeparator}' separates thousands and "
                + $"'{Culture.NumberFormat.NumberDecimalSeparator}' decimals; check the dataset's culture.";
        }

        return "Write the number with digits, an optional sign and decimal separator "
            + $"'{Culture.NumberFormat.NumberDecimalSeparator}'.";
    }

    /// <summary>The date formats the dataset declares (<c>date_format</c>), in the order they are tried.</summary>
    public IReadOnlyList<string> DateFormats => _dateFormats;

    /// <summary>A suggested fix for a text that is not a date: with declared formats, the common format that reads it.</summary>
    public string DateHint(string value) =>
        _dateFormats.Length == 0
            ? "Declare date_format on the dataset (e.g. date_format: [dd.MM.yyyy]) if the file does not use ISO 8601 (yyyy-MM-dd, yyyy-MM-ddTHH:mm:ss)."
            : $"The declared date_format [{string.Join(", ", _dateFormats)}] (and ISO 8601) does not read it. "
                + DateFormatGuess.Suggest(DateFormatGuess.Matching(value, Culture, _dateFormats));

    /// <summary>
    /// The common case on the hot path: <c>[+-]digits[.digits]</c> with at most 15 digits in all.
    /// The digits form an integer below 2^53 and 10^k (k &lt;= 15) is exact, so one IEEE division
    /// gives the correctly rounded double: the same value <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider, out double)"/>
    /// returns, several times faster. Anything else (exponents, long digit strings) is left to it.
    /// </summary>
    internal static bool TryPlainDecimal(ReadOnlySpan<byte> text, out double value)
    {
        if (PlainDecimalPrefix(text, out value) == text.Length)
        {
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>
    /// Reads the plain decimal (<see cref="TryPlainDecimal"/>) at the start of <paramref name="text"/> and
    /// returns how many bytes it takes, or -1 (value 0) when there is none, so a caller reading a whole
    /// line can parse a cell and find where it ends in one pass. The same digits give the same value
    /// as <see cref="TryPlainDecimal"/> on the cell alone, since that is this method on the cell.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int PlainDecimalPrefix(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (text.Length > 0 && text[0] is (byte)'-' or (byte)'+')
        {
            negative = text[0] == '-';
            i = 1;
        }

        // The integer digits, then the fraction's, into one integer.
        long mantissa = 0;
        var integerStart = i;
        ReadDigits(text, ref i, ref mantissa);
        var scale = 0;
        var integerDigits = i - integerStart;
        if (i < text.Length && text[i] == '.')
        {
            var fractionStart = ++i;
            ReadDigits(text, ref i, ref mantissa);
            scale = i - fractionStart;
        }

        return Composed(mantissa, integerDigits, scale, negative, i, out value);
    }

    /// <summary>
    /// <see cref="PlainDecimalPrefix"/> on text that ends, at the latest, at a line feed: the caller vouches that
    /// from <paramref name="start"/> on a line feed comes before the memory ends (a line of
    /// <see cref="ColumnBlock.TryTakeLine"/>). Every loop stops at the first byte that is no digit (the point only
    /// after the integer digits), at that line feed at the latest, so the bytes are read without a length check
    /// each; a byte at a time, as the numbers of an export are short. The same digits give the same value,
    /// as both end in <see cref="Composed"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int PlainDecimalBeforeLineFeed(ref byte start, out double value)
    {
        var negative = start == '-';
        var i = negative || start == '+' ? 1 : 0;
        long mantissa = 0;
        var integerStart = i;
        uint digit;
        while ((digit = (uint)(Unsafe.Add(ref start, i) - '0')) <= 9)
        {
            mantissa = (mantissa * 10) + digit;
            i++;
        }

        var integerDigits = i - integerStart;
        var scale = 0;
        if (Unsafe.Add(ref start, i) == '.')
        {
            var fractionStart = ++i;
            while ((digit = (uint)(Unsafe.Add(ref start, i) - '0')) <= 9)
            {
                mantissa = (mantissa * 10) + digit;
                i++;
            }

            scale = i - fractionStart;
        }

        return Composed(mantissa, integerDigits, scale, negative, i, out value);
    }

    /// <summary>
    /// The value of a plain decimal read as one integer of its digits, <paramref name="scale"/> of them after the
    /// point, and <paramref name="used"/>; -1 (value 0) without a digit or beyond <see cref="MaxExactDigits"/> digits,
    /// where the integer is no longer exact (and may have wrapped around).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Composed(long mantissa, int integerDigits, int scale, bool negative, int used, out double value)
    {
        var digits = integerDigits + scale;
        if (digits is 0 or > MaxExactDigits)
        {
            value = 0;
            return -1;
        }

        var magnitude = scale == 0 ? mantissa : mantissa / PowersOfTen[scale];
        value = negative ? -magnitude : magnitude;
        return used;
    }

    /// <summary>
    /// Appends the run of digits at <paramref name="i"/> to <paramref name="mantissa"/> (× 10 per digit)
    /// and moves past it. Eight bytes at a time where eight remain: which lead with digits is found with
    /// bit arithmetic on one word, and up to eight digits become their integer in three multiplications
    /// (the same integer the digit-by-digit loop makes). Beyond fifteen digits the caller rejects the
    /// number, so the wrap-around of a longer run does not matter.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ReadDigits(ReadOnlySpan<byte> text, ref int i, ref long mantissa)
    {
        if (BitConverter.IsLittleEndian)
        {
            while (i + sizeof(ulong) <= text.Length)
            {
                // Digits become bytes 0-9; any other byte has bit 7 set in itself or in itself + 0x76.
                // A carry from a non-digit byte only reaches bytes after it, which are not counted.
                var word = MemoryMarshal.Read<ulong>(text[i..]) ^ 0x3030303030303030UL;
                var notDigits = ((word + 0x7676767676767676UL) | word) & 0x8080808080808080UL;
                var count = BitOperations.TrailingZeroCount(notDigits) >> 3;
                if (count == 0)
                {
                    return;
                }

                // The first text byte is the word's lowest: shifted up, the count digits are the last of
                // eight, after zeros, and read as an eight-digit number they are the count digits' value.
                mantissa = (mantissa * WholePowersOfTen[count]) + (long)EightDigits(word << (8 * (8 - count)));
                i += count;
                if (count < sizeof(ulong))
                {
                    return;
                }
            }
        }

        for (; i < text.Length; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit > 9)
            {
                return;
            }

            mantissa = (mantissa * 10) + digit;
        }
    }

    /// <summary>Eight digit values (0-9), one per byte, the first in the lowest byte, as one number (Lemire's method).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong EightDigits(ulong digits)
    {
        digits = (digits * ((10 << 8) + 1)) >> 8;
        digits = ((digits & 0x00FF00FF00FF00FFUL) * ((100UL << 16) + 1)) >> 16;
        return ((digits & 0x0000FFFF0000FFFFUL) * ((10000UL << 32) + 1)) >> 32;
    }

    private static readonly long[] WholePowersOfTen = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];

    /// <summary>Rejects "1.5" read as 15 in de-DE: every group after the first must have exactly three digits.</summary>
    private bool HasRegularGrouping(ReadOnlySpan<byte> text)
    {
        var end = text.IndexOf(_decimalSeparator);
        if (end < 0)
        {
            end = text.IndexOfAny("eE"u8);
        }

        var integer = (end < 0 ? text : text[..end]).TrimStart("+-"u8);
        var first = true;
        while (true)
        {
            var at = integer.IndexOf(_groupSeparator);
            var group = at < 0 ? integer : integer[..at];
            if (first ? group.Length is < 1 or > 3 : group.Length != 3)
            {
                return false;
            }

            if (at < 0)
            {
                return true;
            }

            integer = integer[(at + _groupSeparator.Length)..];
            first = false;
        }
    }
}
