using System.Globalization;
using System.Text;
using KpiEngine.Reporting;

namespace KpiEngine.Core.Tests.Reporting;

/// <summary>
/// <see cref="NumberFormat.Machine(double)"/> prints the common magnitudes (1e-4 to 1e14) by working out the 15
/// digits itself; its definition is <see cref="NumberFormat.ByRoundTrip"/> (G15, parsed back, printed shortest),
/// and every text must be that one, byte for byte: outputs must not change with the way they are printed.
/// </summary>
public sealed class MachineNumberTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(0.1 + 0.2, "0.3")] // 0.30000000000000004: 17 digits, printed with 15
    [InlineData(1.0 / 3, "0.333333333333333")]
    [InlineData(-2.0 / 3, "-0.666666666666667")]
    [InlineData(0.0001, "0.0001")] // the smallest magnitude worked out here
    [InlineData(0.00012345678901234567, "0.000123456789012346")]
    [InlineData(0.00001, "1E-05")] // below 1e-4: the long way, with an exponent
    [InlineData(99999.999999999999, "100000")] // 15 nines and more round up to the next power of ten
    [InlineData(9.9999999999999995, "10")]
    [InlineData(99999999999999.9, "99999999999999.9")] // just below 1e14
    [InlineData(100000000000000.0, "100000000000000")] // 1e14: the long way
    [InlineData(999999999999999.0, "999999999999999")]
    [InlineData(1e15, "1000000000000000")] // R writes 16 digits where G15 would write 1E+15
    [InlineData(123456789012345678.0, "1.23456789012346E+17")]
    [InlineData(1e-300, "1E-300")]
    [InlineData(double.Epsilon, "5E-324")]
    [InlineData(double.MaxValue, "1.7976931348623157E+308")]
    [InlineData(12345678901234.5, "12345678901234.5")] // exactly 15 digits after all: no rounding
    [InlineData(1234567890123.45, "1234567890123.45")]
    public void Machine_Value_PrintsItsDefinitionsText(double value, string expected)
    {
        Assert.Equal(expected, NumberFormat.Machine(value));
        Assert.Equal(expected, ByRoundTrip(value));
    }

    [Fact]
    public void Machine_NegativeZero_IsZeroWithoutSign()
    {
        Assert.Equal("0", NumberFormat.Machine(-0.0));
        Assert.Equal("0", ByRoundTrip(-0.0));
    }

    [Fact]
    public void Machine_ValuesExactlyHalfwayBetweenFifteenDigitNumbers_RoundAsTheDefinitionDoes()
    {
        // 16 significant digits ending in 5 that a double holds exactly (a multiple of 2^-k with few digits):
        // the fast way leaves these ties to the long way, so both must print the same.
        double[] ties = [1234567890123.125, 98765432109.0625, 0.000152587890625 * 3, 4503599627.3701125, 1.0000000000000025];
        foreach (var tie in ties)
        {
            Assert.Equal(ByRoundTrip(tie), NumberFormat.Machine(tie));
            Assert.Equal(ByRoundTrip(-tie), NumberFormat.Machine(-tie));
        }
    }

    [Fact]
    public void Machine_NeighboursOfPowersOfTenAndOfHalfwayPoints_MatchTheDefinition()
    {
        var checkedValues = 0;
        for (var exponent = -6; exponent <= 16; exponent++)
        {
            foreach (var text in new[] { "1e", "9.99999999999999e", "9.999999999999995e", "1.000000000000005e", "4.123456789012345e" })
            {
                var center = double.Parse(text + exponent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                for (var step = -4; step <= 4; step++)
                {
                    var value = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(center) + step);
                    Assert.Equal(ByRoundTrip(value), NumberFormat.Machine(value));
                    Assert.Equal(ByRoundTrip(-value), NumberFormat.Machine(-value));
                    checkedValues++;
                }
            }
        }

        Assert.Equal(23 * 5 * 9, checkedValues);
    }

    [Fact]
    public void Machine_RandomValuesOfEveryMagnitude_MatchTheDefinition()
    {
        var random = new Random(20261130);
        var bits = new byte[8];
        for (var i = 0; i < 300_000; i++)
        {
            var value = (i % 4) switch
            {
                0 => RandomBits(random, bits),
                1 => random.NextDouble() * Math.Pow(10, random.Next(-8, 17)),
                // sums of amounts in cents, as revenue is
                2 => Math.Round(random.NextDouble() * 1e7, 2) + Math.Round(random.NextDouble() * 1e3, 2),
                // ratios times 100, as percentages are, and their last-bit neighbours
                _ => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(random.NextDouble() * 1e4 / (random.NextDouble() * 1e3 + 1) * 100) + random.Next(-2, 3)),
            };
            if (!double.IsFinite(value))
            {
                continue;
            }

            var sign = random.Next(2) == 0 ? 1 : -1;
            Assert.Equal(ByRoundTrip(sign * value), NumberFormat.Machine(sign * value));
        }
    }

    [Fact]
    public void Machine_IntoBytes_WritesTheTextAsUtf8()
    {
        Span<byte> text = stackalloc byte[NumberFormat.MachineLength];

        var written = NumberFormat.Machine(-1234.5678, text);

        Assert.Equal("-1234.5678", Encoding.UTF8.GetString(text[..written]));
    }

    [Fact]
    public void Machine_IntoTooSmallABuffer_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => NumberFormat.Machine(1.5, new byte[NumberFormat.MachineLength - 1]));
    }

    private static double RandomBits(Random random, byte[] bits)
    {
        random.NextBytes(bits);
        return BitConverter.ToDouble(bits);
    }

    private static string ByRoundTrip(double value)
    {
        Span<byte> text = stackalloc byte[NumberFormat.MachineLength];
        return Encoding.ASCII.GetString(text[..NumberFormat.ByRoundTrip(value, text)]);
    }
}
