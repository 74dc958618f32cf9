using System.Text;
using KpiEngine.Datasets;
using static KpiEngine.Core.Tests.Datasets.DatasetFixture;

namespace KpiEngine.Core.Tests.Datasets;

public sealed class CellParserTests
{
    private static CellParser Parser(string culture = "", params string[] formats) => new(Define("x.csv", culture: culture, dateFormats: formats));

    private static double? Number(CellParser parser, string text) => parser.TryNumber(Encoding.UTF8.GetBytes(text), out var value) ? value : null;

    [Theory]
    [InlineData("42", 42d)]
    [InlineData("-0.75", -0.75)]
    [InlineData("1e3", 1000d)]
    [InlineData("1,5", null)]
    [InlineData("1,234.5", null)]
    [InlineData("NaN", null)]
    [InlineData("Infinity", null)]
    [InlineData("1e400", null)]
    [InlineData("12abc", null)]
    public void TryNumber_Invariant_AcceptsPlainNumbersOnly(string text, double? expected) =>
        Assert.Equal(expected, Number(Parser(), text));

    [Theory]
    [InlineData("1,5", 1.5)]
    [InlineData("1.234,5", 1234.5)]
    [InlineData("12.345.678", 12345678d)]
    [InlineData("1.5", null)]
    [InlineData("1.23,4", null)]
    [InlineData("1234,5", 1234.5)]
    public void TryNumber_GermanCulture_UsesDecimalCommaAndRegularGrouping(string text, double? expected) =>
        Assert.Equal(expected, Number(Parser("de-DE"), text));

    [Fact]
    public void NumberHint_DecimalCommaInInvariantData_SuggestsCulture() =>
        Assert.Contains("culture: de-DE", Parser().NumberHint("1,5"u8));

    [Theory]
    [InlineData("2024-01-05", 2024, 1, 5, 0, 0, 0, false)]
    [InlineData("2024-01-05T10:30", 2024, 1, 5, 10, 30, 0, true)]
    [InlineData("2024-01-05T10:30:15Z", 2024, 1, 5, 10, 30, 15, true)]
    [InlineData("2024-01-05 23:30:00", 2024, 1, 5, 23, 30, 0, true)]
    // The offset is dropped: the clock time as written stays on its local day.
    [InlineData("2024-01-31T23:30:00-05:00", 2024, 1, 31, 23, 30, 0, true)]
    [InlineData("2024-02-29T00:00:00+0100", 2024, 2, 29, 0, 0, 0, true)]
    public void TryDate_IsoForms_GiveDaysSinceYearOne(string text, int y, int mo, int d, int h, int mi, int s, bool hasTime)
    {
        Assert.True(Parser().TryDate(Encoding.UTF8.GetBytes(text), out var days, out var withTime));
        Assert.Equal(Days(y, mo, d, h, mi, s), days, 9);
        Assert.Equal(hasTime, withTime);
    }

    [Fact]
    public void TryDate_Fraction_AddsTicks()
    {
        Assert.True(Parser().TryDate("2024-01-05T00:00:00.5"u8, out var days, out _));
        // Half a second is 0.5 / 86,400 of a day.
        Assert.Equal(Days(2024, 1, 5) + (0.5 / 86_400), days, 12);
    }

    [Theory]
    [InlineData("2024-02-30")]
    [InlineData("2024-13-01")]
    [InlineData("05.01.2024")]
    [InlineData("2024-01-05T25:00")]
    [InlineData("2024-01-05T10:30:00+99:00")]
    [InlineData("2024-01-05x")]
    public void TryDate_InvalidIso_IsRejected(string text) =>
        Assert.False(Parser().TryDate(Encoding.UTF8.GetBytes(text), out _, out _));

    [Fact]
    public void TryDate_DeclaredFormats_AreTriedBeforeIso()
    {
        var parser = Parser("de-DE", "dd.MM.yyyy", "dd.MM.yyyy HH:mm");

        Assert.True(parser.TryDate("05.01.2024"u8, out var date, out var dateHasTime));
        Assert.True(parser.TryDate("05.01.2024 13:45"u8, out var dateTime, out var dateTimeHasTime));
        Assert.True(parser.TryDate("2024-01-05"u8, out var iso, out _));
        Assert.Equal(Days(2024, 1, 5), date);
        Assert.False(dateHasTime);
        Assert.Equal(Days(2024, 1, 5, 13, 45), dateTime, 9);
        Assert.True(dateTimeHasTime);
        Assert.Equal(date, iso);
    }

    [Theory]
    [InlineData("true", 1d)]
    [InlineData("YES", 1d)]
    [InlineData("1", 1d)]
    [InlineData("False", 0d)]
    [InlineData("no", 0d)]
    [InlineData("0", 0d)]
    [InlineData("maybe", null)]
    public void TryBoolean_AcceptsWordsAndDigits(string text, double? expected) =>
        Assert.Equal(expected, CellParser.TryBoolean(Encoding.UTF8.GetBytes(text), out var value) ? value : null);

    [Fact]
    public void Constructor_UnknownCulture_Throws() =>
        Assert.ThrowsAny<System.Globalization.CultureNotFoundException>(() => Parser("xx-NOPE"));
}
