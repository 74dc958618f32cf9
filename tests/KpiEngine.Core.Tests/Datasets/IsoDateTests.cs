using System.Globalization;
using System.Text;
using KpiEngine.Datasets;

namespace KpiEngine.Core.Tests.Datasets;

/// <summary>The date alone (<c>yyyy-MM-dd</c>) read without making a DateTime, against .NET's own calendar.</summary>
public sealed class IsoDateTests
{
    [Fact]
    public void TryParseDay_EveryDayOfTheCalendar_IsDotNetsDayNumber()
    {
        // Every day from 0001-01-01 to 9999-12-31 (3,652,059 days), written as .NET writes it: the day number must be
        // DateOnly's, and TryParse (which the row path uses) must give the same number of days.
        var text = new byte[IsoDate.DateBytes];
        for (var date = DateOnly.MinValue; ; date = date.AddDays(1))
        {
            date.TryFormat(text, out _, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (!IsoDate.TryParseDay(text, out var day) || day != date.DayNumber)
            {
                Assert.Fail($"{Encoding.ASCII.GetString(text)} read as {day}, not {date.DayNumber}");
            }

            if (date == DateOnly.MaxValue)
            {
                break;
            }
        }

        Assert.True(IsoDate.TryParse("2024-02-29"u8, out var days, out var hasTime));
        Assert.Equal(new DateOnly(2024, 2, 29).DayNumber, days);
        Assert.False(hasTime);
    }

    [Theory]
    [InlineData("2023-02-29")] // not a leap year
    [InlineData("1900-02-29")] // a century not divisible by 400
    [InlineData("2024-04-31")]
    [InlineData("2024-13-01")]
    [InlineData("2024-00-10")]
    [InlineData("2024-01-00")]
    [InlineData("0000-01-01")]
    [InlineData("2024/01/05")]
    [InlineData("2024-1-05x")]
    [InlineData("20a4-01-05")]
    [InlineData("2024-01-0:")] // ':' is the byte after '9'
    [InlineData("2024-01-/5")] // '/' is the byte before '0'
    [InlineData(" 2024-01-5")]
    public void TryParseDay_NotADate_IsRejectedAsTheRowPathRejectsIt(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);

        Assert.False(IsoDate.TryParseDay(utf8, out _));
        Assert.False(IsoDate.TryParse(utf8, out var days, out _));
        Assert.True(double.IsNaN(days));
        Assert.False(DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
    }
}
