using System.Globalization;
using KpiEngine.Datasets;

namespace KpiEngine.Core.Tests.Datasets;

/// <summary>The format suggested when a declared date_format fails: the common one that reads the value.</summary>
public sealed class DateFormatGuessTests
{
    [Theory]
    [InlineData("2026/01/05", "yyyy/MM/dd")]
    [InlineData("05.01.2026", "dd.MM.yyyy")]
    [InlineData("5.1.2026", "d.M.yyyy")]
    [InlineData("20260105", "yyyyMMdd")]
    [InlineData("25/12/2026", "dd/MM/yyyy")] // 25 cannot be a month
    [InlineData("12/25/2026", "MM/dd/yyyy")] // 25 cannot be a month, so the month comes first
    [InlineData("05.01.2026 14:30", "dd.MM.yyyy HH:mm")]
    [InlineData("2026-01-05 14:30:00", "yyyy-MM-dd HH:mm:ss")]
    [InlineData("5 Jan 2026", "d MMM yyyy")]
    public void Matching_UnambiguousValue_IsTheOneFormatThatReadsIt(string value, string expected)
    {
        Assert.Equal([expected], DateFormatGuess.Matching(value, CultureInfo.InvariantCulture, ["dd-MMM-yy"]));
    }

    [Fact]
    public void Matching_DayAndMonthEitherWayRound_OffersBothDayFirst()
    {
        Assert.Equal(["dd/MM/yyyy", "MM/dd/yyyy"], DateFormatGuess.Matching("03/04/2026", CultureInfo.InvariantCulture, []));
    }

    [Fact]
    public void Matching_TheDeclaredFormat_IsNeverSuggestedAgain()
    {
        // dd.MM.yyyy is declared and (for whatever reason) failed: suggesting it would repeat it.
        Assert.Equal(["d.M.yyyy"], DateFormatGuess.Matching("05.01.2026", CultureInfo.InvariantCulture, ["dd.MM.yyyy"]));
    }

    [Theory]
    [InlineData("n/a")]
    [InlineData("soon")]
    [InlineData("2026/13/45")]
    public void Matching_NoDateAtAll_IsEmptyAndTheSuggestionSaysSo(string value)
    {
        var matching = DateFormatGuess.Matching(value, CultureInfo.InvariantCulture, ["dd.MM.yyyy"]);

        Assert.Empty(matching);
        Assert.StartsWith("No common date format reads this value", DateFormatGuess.Suggest(matching), StringComparison.Ordinal);
    }

    [Fact]
    public void Matching_MonthNamesOfTheDatasetCulture_AreRead()
    {
        Assert.Equal(["dd MMM yyyy"], DateFormatGuess.Matching("05 Mai 2026", CultureInfo.GetCultureInfo("de-DE"), []));
    }
}
