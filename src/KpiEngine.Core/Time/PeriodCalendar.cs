using System.Globalization;

namespace KpiEngine.Time;

/// <summary>
/// Maps points in time to periods of one <see cref="Grain"/> and back. A period is an integer
/// ordinal, so grouping rows by period is integer arithmetic on the hot path; labels are
/// made only for output.
/// </summary>
/// <remarks>
/// Ordinals: day = <see cref="DateOnly.DayNumber"/>; week = day number of its Monday / 7
/// (0001-01-01 was a Monday); month = year * 12 + month - 1; quarter = year * 4 + quarter - 1;
/// year = the year.
/// </remarks>
public sealed class PeriodCalendar
{
    /// <summary>Creates a calendar for one grain.</summary>
    public PeriodCalendar(Grain grain) => Grain = grain;

    /// <summary>The grain of this calendar's periods.</summary>
    public Grain Grain { get; }

    /// <summary>The period that contains a point in time given as days since 0001-01-01 (with fraction).</summary>
    public int OrdinalOfDays(double days) => OrdinalOf(DateOnly.FromDayNumber((int)Math.Floor(days)));

    /// <summary>The period that contains a date.</summary>
    public int OrdinalOf(DateOnly date) => Grain switch
    {
        Grain.Day => date.DayNumber,
        Grain.Week => date.DayNumber / 7,
        Grain.Month => (date.Year * 12) + date.Month - 1,
        Grain.Quarter => (date.Year * 4) + ((date.Month - 1) / 3),
        Grain.Year => date.Year,
        _ => throw new InvalidOperationException($"Unknown grain {Grain}."),
    };

    /// <summary>The first day of a period.</summary>
    public DateOnly Start(int ordinal) => Grain switch
    {
        Grain.Day => DateOnly.FromDayNumber(ordinal),
        Grain.Week => DateOnly.FromDayNumber(ordinal * 7),
        Grain.Month => new DateOnly(ordinal / 12, (ordinal % 12) + 1, 1),
        Grain.Quarter => new DateOnly(ordinal / 4, ((ordinal % 4) * 3) + 1, 1),
        Grain.Year => new DateOnly(ordinal, 1, 1),
        _ => throw new InvalidOperationException($"Unknown grain {Grain}."),
    };

    /// <summary>The first day after a period.</summary>
    public DateOnly End(int ordinal) => Start(ordinal + 1);

    /// <summary>The period's label: <c>2026-03-05</c>, <c>2026-W10</c>, <c>2026-03</c>, <c>2026-Q1</c>, <c>2026</c>.</summary>
    public string Label(int ordinal)
    {
        var start = Start(ordinal);
        return Grain switch
        {
            Grain.Day => start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Grain.Week => string.Create(
                CultureInfo.InvariantCulture,
                $"{ISOWeek.GetYear(start.ToDateTime(TimeOnly.MinValue)):D4}-W{ISOWeek.GetWeekOfYear(start.ToDateTime(TimeOnly.MinValue)):D2}"),
            Grain.Month => start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            Grain.Quarter => string.Create(CultureInfo.InvariantCulture, $"{start.Year:D4}-Q{((start.Month - 1) / 3) + 1}"),
            _ => start.Year.ToString("D4", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>
    /// Reads a period written in any grain's label form (<c>2026</c>, <c>2026-Q1</c>, <c>2026-03</c>,
    /// <c>2026-W10</c>, <c>2026-03-05</c>) and returns the first (<paramref name="end"/> false) or
    /// last (<paramref name="end"/> true) period of this calendar's grain that it covers.
    /// </summary>
    public bool TryParse(string text, bool end, out int ordinal)
    {
        ordinal = 0;
        if (!TryParseRange(text?.Trim() ?? string.Empty, out var first, out var afterLast))
        {
            return false;
        }

        ordinal = end ? OrdinalOf(afterLast.AddDays(-1)) : OrdinalOf(first);
        return true;
    }

    private static bool TryParseRange(string text, out DateOnly first, out DateOnly afterLast)
    {
        first = afterLast = default;
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

        if (text.Length == 7 && text[4] == '-' && (text[5] == 'Q' || text[5] == 'q')
            && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, inv, out var qYear)
            && text[6] is >= '1' and <= '4' && qYear >= 1)
        {
            first = new DateOnly(qYear, ((text[6] - '1') * 3) + 1, 1);
            afterLast = first.AddMonths(3);
            return true;
        }

        if (text.Length == 8 && text[4] == '-' && (text[5] == 'W' || text[5] == 'w')
            && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, inv, out var wYear)
            && int.TryParse(text.AsSpan(6, 2), NumberStyles.None, inv, out var week)
            && wYear >= 1 && week >= 1 && week <= ISOWeek.GetWeeksInYear(wYear))
        {
            first = DateOnly.FromDateTime(ISOWeek.ToDateTime(wYear, week, DayOfWeek.Monday));
            afterLast = first.AddDays(7);
            return true;
        }

        if (text.Length == 4 && int.TryParse(text, NumberStyles.None, inv, out var year) && year >= 1)
        {
            first = new DateOnly(year, 1, 1);
            afterLast = first.AddYears(1);
            return true;
        }

        return false;
    }
}
