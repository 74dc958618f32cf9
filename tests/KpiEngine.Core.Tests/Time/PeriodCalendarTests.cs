using System.Globalization;
using KpiEngine.Time;

namespace KpiEngine.Core.Tests.Time;

public sealed class PeriodCalendarTests
{
    private static readonly CalendarSettings April = new(FiscalYearStartMonth: 4);
    private static readonly CalendarSettings July = new(FiscalYearStartMonth: 7);

    private static string Label(Grain grain, string date, CalendarSettings? settings = null)
    {
        var calendar = new PeriodCalendar(grain, settings ?? CalendarSettings.Default);
        return calendar.Label(calendar.OrdinalOf(DateOnly.Parse(date, CultureInfo.InvariantCulture)));
    }

    [Theory]
    // April start: April 2026 to March 2027 is FY2027 (named by the year it ends in).
    [InlineData("2026-04-01", "FY2027-Q1")]
    [InlineData("2026-06-30", "FY2027-Q1")]
    [InlineData("2026-07-01", "FY2027-Q2")]
    [InlineData("2026-12-31", "FY2027-Q3")]
    [InlineData("2027-01-01", "FY2027-Q4")]
    [InlineData("2026-03-31", "FY2026-Q4")]
    public void Label_FiscalQuartersStartingInApril_AreNamedByTheYearTheFiscalYearEnds(string date, string expected) =>
        Assert.Equal(expected, Label(Grain.Quarter, date, April));

    [Theory]
    // July start: July 2026 to June 2027 is FY2027.
    [InlineData("2026-07-01", "FY2027-Q1")]
    [InlineData("2026-10-01", "FY2027-Q2")]
    [InlineData("2027-01-15", "FY2027-Q3")]
    [InlineData("2027-06-30", "FY2027-Q4")]
    [InlineData("2026-06-30", "FY2026-Q4")]
    public void Label_FiscalQuartersStartingInJuly_FollowTheFiscalYear(string date, string expected) =>
        Assert.Equal(expected, Label(Grain.Quarter, date, July));

    [Fact]
    public void Label_FiscalYears_CoverTwelveMonthsFromTheStartMonth()
    {
        Assert.Equal("FY2027", Label(Grain.Year, "2026-04-01", April));
        Assert.Equal("FY2027", Label(Grain.Year, "2027-03-31", April));
        Assert.Equal("FY2026", Label(Grain.Year, "2026-03-31", April));
        Assert.Equal("FY2027", Label(Grain.Year, "2026-07-01", July));
        Assert.Equal(new DateOnly(2026, 7, 1), new PeriodCalendar(Grain.Year, July).Start(new PeriodCalendar(Grain.Year, July).OrdinalOf(new DateOnly(2027, 2, 1))));
        // Months and calendar labels do not change with a fiscal year.
        Assert.Equal("2026-04", Label(Grain.Month, "2026-04-10", April));
        Assert.Equal("2026", Label(Grain.Year, "2026-04-10"));
        Assert.Equal("2026-Q2", Label(Grain.Quarter, "2026-04-10"));
    }

    [Fact]
    public void Label_MondayWeeks_AreIsoWeeksForEveryDayOfTenYears()
    {
        var calendar = new PeriodCalendar(Grain.Week);
        for (var day = new DateOnly(2020, 1, 1); day < new DateOnly(2030, 1, 1); day = day.AddDays(1))
        {
            var time = day.ToDateTime(TimeOnly.MinValue);
            var iso = string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(time):D4}-W{ISOWeek.GetWeekOfYear(time):D2}");
            Assert.Equal(iso, calendar.Label(calendar.OrdinalOf(day)));
        }
    }

    [Fact]
    public void Label_WeekAcrossTheYearEnd_IsWeek53Of2026()
    {
        // 2026 starts on a Thursday, so it has 53 ISO weeks; week 53 runs Mon 2026-12-28 to Sun 2027-01-03.
        var calendar = new PeriodCalendar(Grain.Week);
        var lastOf2026 = calendar.OrdinalOf(new DateOnly(2026, 12, 31));
        Assert.Equal(lastOf2026, calendar.OrdinalOf(new DateOnly(2027, 1, 1)));
        Assert.Equal("2026-W53", calendar.Label(lastOf2026));
        Assert.Equal(new DateOnly(2026, 12, 28), calendar.Start(lastOf2026));
        Assert.Equal("2027-W01", Label(Grain.Week, "2027-01-04"));
    }

    [Fact]
    public void Label_SundayWeeks_BelongToTheYearOfTheirFourthDay()
    {
        var sunday = new CalendarSettings(WeekStart: DayOfWeek.Sunday);
        var calendar = new PeriodCalendar(Grain.Week, sunday);
        // Sun 2025-12-28 to Sat 2026-01-03: its fourth day is Wed 2025-12-31, so it is a 2025 week.
        // Week 1 of 2025 holds 4 January 2025 (a Saturday) and starts Sun 2024-12-29; (2025-12-28 - 2024-12-29) / 7 + 1 = 53.
        Assert.Equal("2025-W53", Label(Grain.Week, "2026-01-01", sunday));
        Assert.Equal(new DateOnly(2025, 12, 28), calendar.Start(calendar.OrdinalOf(new DateOnly(2026, 1, 1))));
        // Sun 2026-01-04 holds 4 January: week 1 of 2026.
        Assert.Equal("2026-W01", Label(Grain.Week, "2026-01-04", sunday));
        Assert.Equal("2026-W01", Label(Grain.Week, "2026-01-10", sunday));
        Assert.True(calendar.TryParse("2026-W01", end: false, out var week1));
        Assert.Equal(new DateOnly(2026, 1, 4), calendar.Start(week1));
    }

    [Fact]
    public void Ordinals_LeapDay_IsItsOwnDayAndInWeek9()
    {
        var days = new PeriodCalendar(Grain.Day);
        var leap = days.OrdinalOf(new DateOnly(2024, 2, 29));
        Assert.Equal("2024-02-29", days.Label(leap));
        Assert.Equal("2024-03-01", days.Label(leap + 1));
        // Thu 2024-02-29 is in ISO week 9 (Mon 2024-02-26 to Sun 2024-03-03).
        Assert.Equal("2024-W09", Label(Grain.Week, "2024-02-29"));
        Assert.Equal("2024-W09", Label(Grain.Week, "2024-03-03"));
    }

    [Theory]
    [InlineData("FY2027", false, "2026-04")]
    [InlineData("FY2027", true, "2027-03")]
    [InlineData("fy2027-q2", false, "2026-07")]
    [InlineData("FY2027-Q2", true, "2026-09")]
    [InlineData("2026-Q1", false, "2026-01")]
    [InlineData("2026", true, "2026-12")]
    public void TryParse_FiscalLabels_CoverTheFiscalMonths(string text, bool end, string expected)
    {
        var months = new PeriodCalendar(Grain.Month, April);
        Assert.True(months.TryParse(text, end, out var ordinal));
        Assert.Equal(expected, months.Label(ordinal));
    }

    [Theory]
    [InlineData("FY2027-Q5")]
    [InlineData("FY")]
    [InlineData("2026-W54")]
    [InlineData("2027-W53")]
    public void TryParse_NotAPeriod_IsFalse(string text) =>
        Assert.False(new PeriodCalendar(Grain.Month, April).TryParse(text, end: false, out _));

    [Theory]
    // Month grain, April fiscal year: the year of 2026-03 began in 2025-04; its quarter in 2026-01.
    [InlineData(Grain.Month, Grain.Year, "2026-03-15", "2025-04")]
    [InlineData(Grain.Month, Grain.Quarter, "2026-03-15", "2026-01")]
    [InlineData(Grain.Month, Grain.Month, "2026-03-15", "2026-03")]
    // Weeks belong to the month of their fourth day: Mon 2026-03-30 (Thu 04-02) opens April.
    [InlineData(Grain.Week, Grain.Month, "2026-04-30", "2026-W14")]
    [InlineData(Grain.Week, Grain.Month, "2026-03-30", "2026-W14")]
    [InlineData(Grain.Week, Grain.Month, "2026-03-29", "2026-W10")]
    // Quarter grain is not finer than a quarter: the period itself.
    [InlineData(Grain.Quarter, Grain.Quarter, "2026-05-01", "FY2027-Q1")]
    public void FirstInSame_GivesTheFirstPeriodOfTheUnit(Grain grain, Grain unit, string date, string expected)
    {
        var calendar = new PeriodCalendar(grain, April);
        Assert.Equal(expected, calendar.Label(calendar.FirstInSame(unit, calendar.OrdinalOf(DateOnly.Parse(date, CultureInfo.InvariantCulture)))));
    }

    [Fact]
    public void FirstInSame_WeekOfNewYear_StartsTheYearAtIsoWeek1()
    {
        // Mon 2025-12-29 (Thu 2026-01-01) is 2026-W01, so the year of 2026-W10 starts there.
        var weeks = new PeriodCalendar(Grain.Week);
        var week10 = weeks.OrdinalOf(new DateOnly(2026, 3, 2));
        Assert.Equal("2026-W01", weeks.Label(weeks.FirstInSame(Grain.Year, week10)));
        Assert.Equal(new DateOnly(2025, 12, 29), weeks.Start(weeks.FirstInSame(Grain.Year, week10)));
    }
}
