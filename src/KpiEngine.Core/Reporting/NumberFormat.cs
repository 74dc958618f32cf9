using System.Globalization;

namespace KpiEngine.Reporting;

/// <summary>
/// How values are printed, in one place for every output: JSON and CSV (<see cref="Machine(double)"/>) and
/// the console table (<see cref="Display"/>). Every text it returns is a finite number that parses
/// back with the invariant culture, whatever the magnitude, from <see cref="double.Epsilon"/> to
/// <see cref="double.MaxValue"/>.
/// </summary>
public static class NumberFormat
{
    /// <summary>
    /// From this magnitude on, <see cref="Display"/> writes the <see cref="Machine(double)"/> text
    /// (<c>1.79769313486232E+308</c>) instead of grouped digits: past 15 digits grouped figures are
    /// no longer exact, and at the edge of the double range they would fill hundreds of columns.
    /// </summary>
    public const double LargestGrouped = 1e15;

    /// <summary>
    /// Prints a value with at most 15 significant digits, invariant culture. Fifteen digits is
    /// what a double holds exactly, so sums that differ only in the last bit (0.1 + 0.2) print
    /// the same, and outputs do not depend on summation order. Where rounding to 15 digits would
    /// overflow (values within 5e292 of <see cref="double.MaxValue"/> round up past it), the value
    /// is printed exactly instead, so the text always parses back to a finite number; printing
    /// that number again gives the same text.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite: the engine reports those as undefined, never as a number.</exception>
    public static string Machine(double value)
    {
        Span<char> text = stackalloc char[MachineLength];
        return new string(text[..Machine(value, text)]);
    }

    /// <summary>The most characters a <see cref="Machine(double)"/> text has (<c>-1.7976931348623157E+308</c> is 24).</summary>
    internal const int MachineLength = 32;

    /// <summary>
    /// Writes the <see cref="Machine(double)"/> text of <paramref name="value"/> into <paramref name="destination"/>
    /// (at least <see cref="MachineLength"/> long) and returns its length: the same text, without the strings
    /// in between, for writers that print hundreds of thousands of values.
    /// </summary>
    internal static int Machine(double value, Span<char> destination)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Only finite values are printed; an undefined value is written as null or an empty cell.");
        }

        Span<char> digits = stackalloc char[MachineLength];
        var rounded = value.TryFormat(digits, out var length, "G15", CultureInfo.InvariantCulture)
            ? double.Parse(digits[..length], CultureInfo.InvariantCulture)
            : value;
        if (!double.IsFinite(rounded))
        {
            rounded = value;
        }

        if (rounded == 0)
        {
            rounded = 0; // no "-0"
        }

        return rounded.TryFormat(destination, out var written, "R", CultureInfo.InvariantCulture)
            ? written
            : throw new ArgumentException($"A machine number needs up to {MachineLength} characters.", nameof(destination));
    }

    /// <summary>
    /// Prints a value for people: thousands grouped, <paramref name="decimals"/> decimals (fewer when
    /// <paramref name="trailingZeros"/> is false and they are zeros), invariant culture; a value that
    /// rounds to zero is <c>0</c>, never <c>-0</c>. From <see cref="LargestGrouped"/> on, the
    /// <see cref="Machine(double)"/> text.
    /// </summary>
    public static string Display(double value, int decimals, bool trailingZeros = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decimals);
        if (!double.IsFinite(value) || Math.Abs(value) >= LargestGrouped)
        {
            return Machine(value);
        }

        if (Math.Round(value, Math.Min(decimals, 15), MidpointRounding.AwayFromZero) == 0)
        {
            value = 0; // no "-0.00" for a tiny negative value
        }

        var format = trailingZeros ? "N" + decimals.ToString(CultureInfo.InvariantCulture)
            : decimals == 0 ? "#,##0"
            : "#,##0." + new string('#', decimals);
        return value.ToString(format, CultureInfo.InvariantCulture);
    }
}
