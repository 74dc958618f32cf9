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

    [Theory]
    [InlineData("7", ",12", 1)]
    [InlineData("12345678", ",", 8)]                  // exactly one word of digits
    [InlineData("123456789", ",", 9)]                 // a word of digits, then one more
    [InlineData("1234567.12345678", "\n", 16)]        // fifteen digits split by the point
    [InlineData("-0.5", "\r\nnext", 4)]
    [InlineData("+42.", ";x", 4)]
    [InlineData(".25", "abcdefgh", 3)]
    [InlineData("000012345", "x", 9)]                 // leading zeros across the word's end
    [InlineData("9999999999999999", ",1", -1)]        // sixteen digits: not plain
    [InlineData("12", "/0000000", 2)]                 // '/' and ':' sit next to the digits in ASCII
    [InlineData("34", ":0000000", 2)]
    public void PlainDecimalPrefix_NumberFollowedByMoreText_StopsWhereTheNumberEnds(string number, string after, int expectedLength)
    {
        // The record path hands over a cell or the rest of a line, so eight bytes are usually there to read at once; the
        // one-pass line parse reads up to the line feed that ends the buffered lines. Both must stop at the same byte
        // with the same value.
        var bytes = Encoding.UTF8.GetBytes(number + after + "........\n");
        var length = CellParser.PlainDecimalPrefix(bytes, out var value);
        Assert.Equal(expectedLength, length);
        AssertLineParseAgrees(bytes, length, value);
        if (length > 0)
        {
            var expected = double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
        }
    }

    [Fact]
    public void PlainDecimalPrefix_RandomNumbersInsideALine_MatchDoubleParseBitForBit()
    {
        // Fixed seed: 100,000 numbers of 0-15 digits with and without a point, each followed by a field
        // separator and more of the line, as the one-pass line parse sees them (eight bytes at a time).
        var random = new Random(424242);
        for (var i = 0; i < 100_000; i++)
        {
            var integerDigits = random.Next(0, 12);
            var fractionDigits = random.Next(0, 16 - integerDigits);
            var text = Digits(random, integerDigits) + (fractionDigits > 0 || random.Next(3) == 0 ? "." + Digits(random, fractionDigits) : "");
            if (random.Next(5) == 0)
            {
                text = (random.Next(2) == 0 ? "-" : "+") + text;
            }

            var line = Encoding.UTF8.GetBytes(text + ",19.99,2024-01-01\n");
            var length = CellParser.PlainDecimalPrefix(line, out var value);
            AssertLineParseAgrees(line, length, value);
            if (integerDigits + fractionDigits == 0)
            {
                Assert.Equal(-1, length);
                continue;
            }

            Assert.Equal(text.Length, length);
            var expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(value), text);
        }
    }

    [Theory]
    [InlineData("\n", -1)]                   // an empty last cell: the line feed itself
    [InlineData("-\n", -1)]
    [InlineData("+.\n", -1)]
    [InlineData("5\n", 1)]
    [InlineData("-7.\r\n", 3)]
    [InlineData("1234567890123456789012\n", -1)] // more digits than a long holds: not plain, and no read past the line feed
    [InlineData("12.5\n99", 4)]             // what follows the line feed is never the number's
    public void PlainDecimalBeforeLineFeed_NumberAtTheEndOfTheBufferedLines_StopsAtTheLineFeed(string text, int expectedLength)
    {
        // The line feed is the last byte the line parse may read: here it is also the array's last (or followed by more).
        var bytes = Encoding.UTF8.GetBytes(text);
        var length = CellParser.PlainDecimalBeforeLineFeed(ref bytes[0], out var value);
        Assert.Equal(expectedLength, length);
        Assert.Equal(length, CellParser.PlainDecimalPrefix(bytes, out var expected));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
    }

    /// <summary>The one-pass line parse's reading of a number at the start of <paramref name="line"/> (which ends with a line feed) is the record path's.</summary>
    private static void AssertLineParseAgrees(byte[] line, int length, double value)
    {
        var lineLength = CellParser.PlainDecimalBeforeLineFeed(ref line[0], out var lineValue);
        Assert.Equal(length, lineLength);
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(lineValue));
    }

    private static string Digits(Random random, int count) =>
        string.Concat(Enumerable.Range(0, count).Select(_ => (char)('0' + random.Next(10))));
}
