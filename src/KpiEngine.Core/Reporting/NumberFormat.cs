using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using KpiEngine.Expressions;

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
        Span<byte> text = stackalloc byte[MachineLength];
        return Encoding.ASCII.GetString(text[..Machine(value, text)]);
    }

    /// <summary>The most bytes a <see cref="Machine(double)"/> text has (<c>-1.7976931348623157E+308</c> is 24).</summary>
    internal const int MachineLength = 32;

    /// <summary>
    /// Writes the <see cref="Machine(double)"/> text of <paramref name="value"/> as UTF-8 into <paramref name="destination"/>
    /// (at least <see cref="MachineLength"/> long) and returns its length: the same text, without the strings
    /// in between, for writers that print hundreds of thousands of values.
    /// </summary>
    [MethodImpl(HotPath.Options)] // see ResultWriters.WriteCsvRows
    internal static int Machine(double value, Span<byte> destination)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Only finite values are printed; an undefined value is written as null or an empty cell.");
        }

        if (destination.Length < MachineLength)
        {
            throw new ArgumentException($"A machine number needs up to {MachineLength} bytes.", nameof(destination));
        }

        return value == 0 ? Zero(destination) : FixedDigits(value, destination) is var written and > 0 ? written : ByRoundTrip(value, destination);
    }

    /// <summary>A zero, either sign: <c>0</c>, never <c>-0</c>.</summary>
    private static int Zero(Span<byte> destination)
    {
        destination[0] = (byte)'0';
        return 1;
    }

    /// <summary>
    /// The definition of <see cref="Machine(double)"/>: the value rounded to 15 significant digits (<c>G15</c>), parsed
    /// back and printed as the shortest text that round-trips (<c>R</c>). Every value can be printed this way;
    /// <see cref="FixedDigits"/> is the fast way for the common magnitudes, and gives the same text.
    /// </summary>
    internal static int ByRoundTrip(double value, Span<byte> destination)
    {
        Span<byte> digits = stackalloc byte[MachineLength];
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
            : throw new ArgumentException($"A machine number needs up to {MachineLength} bytes.", nameof(destination));
    }

    /// <summary>10^0 to 10^22: every one of them a double exactly.</summary>
    private static readonly double[] PowersOfTen = [.. Enumerable.Range(0, 23).Select(k => double.Parse("1e" + k.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture))];

    /// <summary>
    /// The <see cref="ByRoundTrip"/> text of a value from 1e-4 up to 1e14, worked out without formatting and parsing
    /// three times; 0 (nothing written) for any other value, and for the rare value exactly halfway between two
    /// 15-digit numbers, which <see cref="ByRoundTrip"/> rounds as .NET does.
    /// Why the texts are the same: any two numbers of at most 15 significant digits are different doubles (15 is
    /// what a normal double holds), so the shortest text of the value rounded to 15 digits is those digits without
    /// their trailing zeros; between 1e-5 and 1e15 both <c>G15</c> and <c>R</c> write them without an exponent.
    /// The 15 digits are found exactly: the value times a power of ten held exactly (10^k, k ≤ 22) is
    /// <c>high + low</c> with the rounding error <c>low</c> given by a fused multiply-add, so rounding to an
    /// integer never depends on an inexact product.
    /// </summary>
    [MethodImpl(HotPath.Options)] // see ResultWriters.WriteCsvRows
    private static int FixedDigits(double value, Span<byte> destination)
    {
        var magnitude = Math.Abs(value);
        if (!(magnitude >= 1e-4 && magnitude < 1e14))
        {
            return 0;
        }

        // k such that magnitude × 10^k has 15 digits before the point: 1e14 ≤ high + low < 1e15.
        var k = 14 - (int)Math.Floor(Math.Log10(magnitude));
        var (high, low) = Scaled(magnitude, k);
        if (high < 1e14 || (high == 1e14 && low < 0))
        {
            (high, low) = Scaled(magnitude, ++k);
        }
        else if (high > 1e15 || (high == 1e15 && low >= 0))
        {
            (high, low) = Scaled(magnitude, --k);
        }

        if (high < 1e14 || high > 1e15)
        {
            return 0; // Log10 was off by more than one: never seen, and the long way is always right
        }

        // high is below 2^50, so it and high − floor(high) are exact, in steps of at least 2^-6, larger than |low|:
        // the exact product is above or below the half by the sign of fraction − 0.5, or by low's when that is 0.
        var whole = Math.Floor(high);
        var fraction = high - whole;
        if (fraction == 0.5 && low == 0)
        {
            return 0;
        }

        var digits = (long)whole + (fraction > 0.5 || (fraction == 0.5 && low > 0) ? 1 : 0);
        if (digits == 1_000_000_000_000_000)
        {
            digits = 100_000_000_000_000; // rounded up to the next power of ten
            k--;
        }

        // The first digit's power of ten: from -4 to 14 here.
        var exponent = 14 - k;
        Span<byte> text = stackalloc byte[15];
        for (var i = 14; i >= 0; i--)
        {
            (digits, var digit) = Math.DivRem(digits, 10);
            text[i] = (byte)('0' + digit);
        }

        var significant = text.TrimEnd((byte)'0').Length;
        var at = 0;
        if (value < 0)
        {
            destination[at++] = (byte)'-';
        }

        if (exponent >= 0)
        {
            text[..(exponent + 1)].CopyTo(destination[at..]);
            at += exponent + 1;
            if (significant > exponent + 1)
            {
                destination[at++] = (byte)'.';
                text[(exponent + 1)..significant].CopyTo(destination[at..]);
                at += significant - exponent - 1;
            }
        }
        else
        {
            destination[at++] = (byte)'0';
            destination[at++] = (byte)'.';
            destination.Slice(at, -exponent - 1).Fill((byte)'0');
            at += -exponent - 1;
            text[..significant].CopyTo(destination[at..]);
            at += significant;
        }

        return at;
    }

    /// <summary>The exact product <paramref name="magnitude"/> × 10^<paramref name="k"/> as the double nearest it and the rest.</summary>
    private static (double High, double Low) Scaled(double magnitude, int k)
    {
        var power = PowersOfTen[k];
        var high = magnitude * power;
        return (high, Math.FusedMultiplyAdd(magnitude, power, -high));
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
