using System.Globalization;
using System.Text;
using KpiEngine.Datasets;

namespace KpiEngine.Core.Tests.Datasets;

public sealed class PlainDecimalTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("+7")]
    [InlineData("1234.56")]
    [InlineData("0.1")]
    [InlineData("0.3")]
    [InlineData("-0.75")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("999999999999999")]
    [InlineData("0.000000000000001")]
    [InlineData("12345678.9012345")]
    [InlineData("00000000000000000001")]
    public void TryPlainDecimal_GivesExactlyWhatDoubleParseGives(string text)
    {
        var expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        var fast = CellParser.TryPlainDecimal(Encoding.UTF8.GetBytes(text), out var value);
        // Twenty digits are more than the fast path takes: it must leave them to double.Parse.
        Assert.Equal(text.Count(char.IsAsciiDigit) <= 15, fast);
        if (fast)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1e3")]
    [InlineData("1.2.3")]
    [InlineData("1,5")]
    [InlineData("12abc")]
    [InlineData("--1")]
    public void TryPlainDecimal_AnythingButDigitsAndOnePoint_IsLeftToTheFullParser(string text) =>
        Assert.False(CellParser.TryPlainDecimal(Encoding.UTF8.GetBytes(text), out _));

    [Fact]
    public void TryPlainDecimal_RandomMoneyAndMeasures_MatchDoubleParseBitForBit()
    {
        // Fixed seed: the same 100,000 values every run; cents, 3-6 decimals, large and small magnitudes.
        var random = new Random(12345);
        for (var i = 0; i < 100_000; i++)
        {
            var decimals = random.Next(0, 7);
            var integer = random.NextInt64(0, 100_000_000);
            var text = decimals == 0
                ? integer.ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{integer}.{random.NextInt64(0, (long)Math.Pow(10, decimals)).ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0')}");
            if (random.Next(4) == 0)
            {
                text = "-" + text;
            }

            var expected = double.Parse(text, CultureInfo.InvariantCulture);
            if (CellParser.TryPlainDecimal(Encoding.UTF8.GetBytes(text), out var value))
            {
                Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(value), text);
            }
        }
    }
}
