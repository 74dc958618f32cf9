using System.Globalization;

namespace KpiEngine.Time;

/// <summary>
/// Maps points in time to periods of one <see cref="Grain"/> and back, following a client's
/// <see cref="CalendarSettings"/> (fiscal year start, first day of the week). A period is an
/// integer ordinal, so grouping rows by period is integer arithmetic on the hot path; labels are
/// made only for output.
/// </summary>
/// <remarks>
/// Ordinals: day = <see cref="DateOnly.DayNumber"/>; week = (day number - week start offset) / 7
/// (0001-01-01 was a Monday; the offset is 0 for Monday, 6 for Sunday); month = year * 12 + month - 1;
/// quarter and year count months from the fiscal year start: (month ordinal - start month + 1) / 3
/// or / 12, so a fiscal year's ordinal is the calendar year it starts in.
/// Labels: days <c>2026-03-05</c> and months <c>2026-03</c> are calendar labels. Weeks are
/// <c>2026-W10</c>: a week belongs to the year of its fourth day and week 1 is the week holding
/// 4 January, which is exactly ISO 8601 for Monday weeks. Calendar quarters and years are
/// <c>2026-Q1</c> and <c>2026</c>; fiscal ones are named by the calendar year the fiscal year ends
/// in: with an April start, April 2026 to March 2027 is <c>FY2027</c> and April to June 2026 is
/// <c>FY2027-Q1</c>.
/// </remarks>
public sealed class PeriodCalendar
{
    /// <summary>
    /// The first year a period may be in: a period's neighbours (the one before it for Prev, the day
    /// after it for its end) must still be dates, and 0001-01-01 has no day before it.
    /// </summary>
    public const int FirstYear = 2;

    /// <summary>The last year a period may be in: 9999-12-31 has no day after it.</summary>
    public const int LastYear = 9998;

    /// <summary>How a period is written, for messages.</summary>
    public const string PeriodHint = "Write a period as 2026, 2026-Q1, 2026-03, 2026-W10 or 2026-03-05, in the years 0002 to 9998.";

    /// <summary>The label of the one period of <see cref="Grain.All"/>.</summary>
    public const string AllLabel = "all";

    private readonly int _weekOffset;
    private readonly int _fiscalShift;

    // Grain.All only: the dates rows must fall between (--from/--to; rows outside go to periods -1
    // and 1, which are never reported) and the dates the period covers once the data is known.
    private readonly DateOnly? _allFrom;
    private readonly DateOnly? _allTo;
    private readonly DateOnly? _allFirst;
    private readonly DateOnly? _allLast;

    /// <summary>Creates a calendar for one grain with calendar years and ISO weeks.</summary>
    public PeriodCalendar(Grain grain)
        : this(grain, CalendarSettings.Default)
    {
    }

    /// <summary>Creates a calendar for one grain with a client's fiscal year and week start.</summary>
    public PeriodCalendar(Grain grain, CalendarSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.FiscalYearStartMonth is < 1 or > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.FiscalYearStartMonth, "The fiscal year start month must be 1 to 12.");
        }

        Grain = grain;
        Settings = settings;
        _weekOffset = ((int)settings.WeekStart + 6) % 7;
        _fiscalShift = settings.FiscalYearStartMonth - 1;
    }

    private PeriodCalendar(CalendarSettings settings, DateOnly? from, DateOnly? to, DateOnly? first, DateOnly? last)
        : this(Grain.All, settings)
    {
        (_allFrom, _allTo, _allFirst, _allLast) = (from, to, first, last);
    }

    /// <summary>
    /// A calendar of <see cref="Grain.All"/> whose one period (ordinal 0) holds the rows dated from
    /// <paramref name="from"/> to <paramref name="to"/> (both included; null for no bound). Rows before
    /// fall in period -1, rows after in period 1, so a scan keeps them apart from the reported period.
    /// </summary>
    public static PeriodCalendar WholeRange(CalendarSettings settings, DateOnly? from, DateOnly? to) => new(settings, from, to, null, null);

    /// <summary>
    /// This <see cref="Grain.All"/> calendar with the dates its period covers: the bounds it was made
    /// with where given, else <paramref name="dataFirst"/> and <paramref name="dataLast"/> (the first
    /// and last date of the data). For other grains, this calendar.
    /// </summary>
    public PeriodCalendar WithDataSpan(DateOnly? dataFirst, DateOnly? dataLast) =>
        Grain == Grain.All ? new(Settings, _allFrom, _allTo, _allFrom ?? dataFirst, _allTo ?? dataLast) : this;

    /// <summary>For <see cref="Grain.All"/>: the first date rows of period 0 may have (--from); null for no bound.</summary>
    internal DateOnly? RangeFrom => _allFrom;

    /// <summary>For <see cref="Grain.All"/>: the last date rows of period 0 may have (--to); null for no bound.</summary>
    internal DateOnly? RangeTo => _allTo;

    /// <summary>The days a week starts after a Monday (0 for Monday, 6 for Sunday): week ordinals count from it.</summary>
    internal int WeekOffset => _weekOffset;

    /// <summary>For <see cref="Grain.All"/>: the first date the period covers, once known (see <see cref="WithDataSpan"/>).</summary>
    public DateOnly? FirstDate => _allFirst;

    /// <summary>For <see cref="Grain.All"/>: the last date the period covers, once known.</summary>
    public DateOnly? LastDate => _allLast;

    /// <summary>The grain of this calendar's periods.</summary>
    public Grain Grain { get; }

    /// <summary>The fiscal year start and week start this calendar follows.</summary>
    public CalendarSettings Settings { get; }

    /// <summary>The period that contains a point in time given as days since 0001-01-01 (with fraction).</summary>
    public int OrdinalOfDays(double days) => OrdinalOf(DateOnly.FromDayNumber((int)Math.Floor(days)));

    /// <summary>The period that contains a date.</summary>
    public int OrdinalOf(DateOnly date) => Grain switch
    {
        Grain.Day => date.DayNumber,
        Grain.Week => FloorDiv(date.DayNumber - _weekOffset, 7),
        Grain.Month => (date.Year * 12) + date.Month - 1,
        Grain.Quarter => FloorDiv((date.Year * 12) + date.Month - 1 - _fiscalShift, 3),
        Grain.Year => FloorDiv((date.Year * 12) + date.Month - 1 - _fiscalShift, 12),
        Grain.All => date < _allFrom ? -1 : date > _allTo ? 1 : 0,
        _ => throw new InvalidOperationException($"Unknown grain {Grain}."),
    };

    /// <summary>
    /// The first day of a period. For <see cref="Grain.All"/>, the first date the period covers
    /// (the earliest date for period -1, the day after --to for period 1).
    /// </summary>
    public DateOnly Start(int ordinal) => Grain switch
    {
        Grain.All => ordinal < 0 ? DateOnly.MinValue : ordinal > 0 ? _allTo?.AddDays(1) ?? DateOnly.MaxValue : _allFirst ?? _allFrom ?? DateOnly.MinValue,
        Grain.Day => DateOnly.FromDayNumber(ordinal),
        Grain.Week => DateOnly.FromDayNumber((ordinal * 7) + _weekOffset),
        Grain.Month => FromMonthOrdinal(ordinal),
        Grain.Quarter => FromMonthOrdinal((ordinal * 3) + _fiscalShift),
        Grain.Year => FromMonthOrdinal((ordinal * 12) + _fiscalShift),
        _ => throw new InvalidOperationException($"Unknown grain {Grain}."),
    };

    /// <summary>The first day after a period.</summary>
    public DateOnly End(int ordinal) => Grain != Grain.All ? Start(ordinal + 1)
        : ordinal < 0 ? _allFrom ?? DateOnly.MinValue
        : ordinal > 0 || _allLast is not { } last || last == DateOnly.MaxValue ? DateOnly.MaxValue
        : last.AddDays(1);

    /// <summary>
    /// The first period of this calendar's grain in the same <paramref name="unit"/> (month, fiscal
    /// quarter or fiscal year) as <paramref name="ordinal"/>; the period itself when the grain is not
    /// finer than the unit. A week belongs to the unit that holds its fourth day.
    /// </summary>
    public int FirstInSame(Grain unit, int ordinal)
    {
        if (Grain >= unit)
        {
            return ordinal;
        }

        var units = new PeriodCalendar(unit, Settings);
        if (Grain != Grain.Week)
        {
            return OrdinalOf(units.Start(units.OrdinalOf(Start(ordinal))));
        }

        var unitStart = units.Start(units.OrdinalOf(Start(ordinal).AddDays(3)));
        var week = OrdinalOf(unitStart);
        return Start(week).AddDays(3) < unitStart ? week + 1 : week;
    }

    /// <summary>The period's label: <c>2026-03-05</c>, <c>2026-W10</c>, <c>2026-03</c>, <c>2026-Q1</c> or <c>FY2027-Q1</c>, <c>2026</c> or <c>FY2027</c>.</summary>
    public string Label(int ordinal)
    {
        var inv = CultureInfo.InvariantCulture;
        if (Grain == Grain.All)
        {
            return ordinal < 0 ? $"before {_allFrom?.ToString("yyyy-MM-dd", inv)}"
                : ordinal > 0 ? $"after {_allTo?.ToString("yyyy-MM-dd", inv)}"
                : AllLabel;
        }

        var start = Start(ordinal);
        switch (Grain)
        {
            case Grain.Day:
                return start.ToString("yyyy-MM-dd", inv);
            case Grain.Week:
                var (year, week) = WeekNumber(start);
                return string.Create(inv, $"{year:D4}-W{week:D2}");
            case Grain.Month:
                return start.ToString("yyyy-MM", inv);
            case Grain.Quarter:
                var quarter = Mod(ordinal, 4) + 1;
                return _fiscalShift == 0
                    ? string.Create(inv, $"{start.Year:D4}-Q{quarter}")
                    : string.Create(inv, $"FY{FloorDiv(ordinal, 4) + 1:D4}-Q{quarter}");
            default:
                return _fiscalShift == 0 ? start.Year.ToString("D4", inv) : string.Create(inv, $"FY{ordinal + 1:D4}");
        }
    }

    /// <summary>
    /// Reads a period written in any grain's label form (<c>2026</c>, <c>FY2027</c>, <c>2026-Q1</c>,
    /// <c>FY2027-Q1</c>, <c>2026-03</c>, <c>2026-W10</c>, <c>2026-03-05</c>) and returns the first
    /// (<paramref name="end"/> false) or last (<paramref name="end"/> true) period of this calendar's
    /// grain that it covers. <c>2026-Q1</c> is always January to March; fiscal periods start with FY.
    /// </summary>
    public bool TryParse(string text, bool end, out int ordinal)
    {
        ordinal = 0;
        if (Grain == Grain.All && string.Equals(text?.Trim(), AllLabel, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!TryParseRange(text?.Trim() ?? string.Empty, out var first, out var afterLast))
        {
            return false;
        }

        ordinal = end ? OrdinalOf(afterLast.AddDays(-1)) : OrdinalOf(first);
        return true;
    }

    /// <summary>
    /// Reads a period written in any grain's label form, as <see cref="TryParse"/>, and returns its first
    /// day (<paramref name="end"/> false) or last day (<paramref name="end"/> true): the bounds of the rows
    /// <see cref="Grain.All"/> counts for --from and --to.
    /// </summary>
    public bool TryParseDay(string text, bool end, out DateOnly day)
    {
        day = default;
        if (!TryParseRange(text?.Trim() ?? string.Empty, out var first, out var afterLast))
        {
            return false;
        }

        day = end ? afterLast.AddDays(-1) : first;
        return true;
    }

    private static int FloorDiv(int value, int divisor) => (int)Math.Floor(value / (double)divisor);

    private static int Mod(int value, int divisor) => ((value % divisor) + divisor) % divisor;

    private static DateOnly FromMonthOrdinal(int month) => new(month / 12, (month % 12) + 1, 1);

    /// <summary>The first day of the week that holds a date.</summary>
    private DateOnly WeekStartOf(DateOnly date) => DateOnly.FromDayNumber((FloorDiv(date.DayNumber - _weekOffset, 7) * 7) + _weekOffset);

    private (int Year, int Week) WeekNumber(DateOnly weekStart)
    {
        var year = weekStart.AddDays(3).Year;
        var firstWeek = WeekStartOf(new DateOnly(year, 1, 4));
        return (year, ((weekStart.DayNumber - firstWeek.DayNumber) / 7) + 1);
    }

    private bool TryParseRange(string text, out DateOnly first, out DateOnly afterLast)
    {
        // The year is checked before any date arithmetic: 9999-12-31 plus one day does not exist.
        first = afterLast = default;
        var digits = text.StartsWith("FY", StringComparison.OrdinalIgnoreCase) ? text.AsSpan(2) : text.AsSpan();
        if (digits.Length < 4 || !int.TryParse(digits[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var written)
            || written is < FirstYear or > LastYear)
        {
            return false;
        }

        var inv = CultureInfo.InvariantCulture;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", inv, DateTimeStyles.None, out var day))
        {
            (first, afterLast) = (day, day.AddDays(1));
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM", inv, DateTimeStyles.None, out var month))
        {
            (first, afterLast) = (month, month.AddMonths(1));
            return true;
        }

        var fiscal = text.Length >= 6 && (text[0] is 'F' or 'f') && (text[1] is 'Y' or 'y');
        var rest = fiscal ? text[2..] : text;
        if (rest.Length == 7 && rest[4] == '-' && (rest[5] == 'Q' || rest[5] == 'q')
            && int.TryParse(rest.AsSpan(0, 4), NumberStyles.None, inv, out var qYear)
            && rest[6] is >= '1' and <= '4' && qYear >= (fiscal ? 2 : 1))
        {
            var months = fiscal ? FiscalYearStart(qYear) : qYear * 12;
            first = FromMonthOrdinal(months + ((rest[6] - '1') * 3));
            afterLast = first.AddMonths(3);
            return true;
        }

        if (!fiscal && text.Length == 8 && text[4] == '-' && (text[5] == 'W' || text[5] == 'w')
            && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, inv, out var wYear)
            && int.TryParse(text.AsSpan(6, 2), NumberStyles.None, inv, out var week)
            && wYear is >= 2 and <= 9998 && week >= 1)
        {
            var firstWeek = WeekStartOf(new DateOnly(wYear, 1, 4));
            var weeks = (WeekStartOf(new DateOnly(wYear + 1, 1, 4)).DayNumber - firstWeek.DayNumber) / 7;
            if (week > weeks)
            {
                return false;
            }

            first = firstWeek.AddDays((week - 1) * 7);
            afterLast = first.AddDays(7);
            return true;
        }

        if (rest.Length == 4 && int.TryParse(rest, NumberStyles.None, inv, out var year) && year >= (fiscal ? 2 : 1))
        {
            first = fiscal ? FromMonthOrdinal(FiscalYearStart(year)) : new DateOnly(year, 1, 1);
            afterLast = first.AddYears(1);
            return true;
        }

        return false;
    }

    /// <summary>The month ordinal a fiscal year named by its ending calendar year starts at.</summary>
    private int FiscalYearStart(int endingYear) => ((_fiscalShift == 0 ? endingYear : endingYear - 1) * 12) + _fiscalShift;
}
