namespace KpiEngine.Time;

/// <summary>
/// How a client counts time: the month its fiscal year starts in (fiscal quarters and years
/// follow it) and the day its weeks start on. Months, days and calendar labels are unaffected.
/// </summary>
/// <param name="FiscalYearStartMonth">The first month of the fiscal year, 1 (January, the calendar year) to 12.</param>
/// <param name="WeekStart">The first day of a week; Monday (ISO 8601) by default.</param>
public sealed record CalendarSettings(int FiscalYearStartMonth = 1, DayOfWeek WeekStart = DayOfWeek.Monday)
{
    /// <summary>Calendar years and ISO weeks.</summary>
    public static CalendarSettings Default { get; } = new();

    /// <summary>True when the fiscal year is not the calendar year.</summary>
    public bool IsFiscal => FiscalYearStartMonth != 1;
}
