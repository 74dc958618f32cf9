using System.Runtime.CompilerServices;
using KpiEngine.Expressions;

namespace KpiEngine.Datasets;

/// <summary>
/// The ISO 8601 forms datasets accept without declared formats, parsed straight from UTF-8:
/// <c>yyyy-MM-dd</c>, <c>yyyy-MM-ddTHH:mm[:ss[.fffffff]][Z|±hh[:mm]]</c> and the same with a
/// space instead of <c>T</c>. An offset is validated and dropped: the clock time as written is kept,
/// so a sale at 23:30 local time stays on its local day.
/// </summary>
internal static class IsoDate
{
    /// <summary>Parses to days since 0001-01-01 (fraction = time of day).</summary>
    public static bool TryParse(ReadOnlySpan<byte> s, out double days, out bool hasTime)
    {
        days = double.NaN;
        hasTime = false;
        if (s.Length < DateBytes || !TryParseDay(s[..DateBytes], out var dayNumber))
        {
            return false;
        }

        // A day's ticks are its number times TicksPerDay, as DateTime counts them.
        var ticks = dayNumber * TimeSpan.TicksPerDay;
        if (s.Length > DateBytes)
        {
            if (!TryTime(s, out var timeTicks))
            {
                return false;
            }

            ticks += timeTicks;
            hasTime = true;
        }

        days = ticks / (double)TimeSpan.TicksPerDay;
        return true;
    }

    /// <summary>The length of a date alone, <c>yyyy-MM-dd</c>.</summary>
    public const int DateBytes = 10;

    // Days before each month (0 to 12) of a common and of a leap year.
    private static readonly int[] DaysBeforeMonth = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
    private static readonly int[] DaysBeforeMonthLeap = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366];

    /// <summary>
    /// A date alone, exactly <c>yyyy-MM-dd</c>, as its day number (days since 0001-01-01, <see cref="DateOnly.DayNumber"/>):
    /// the dates of an export, read once per row, without making a <see cref="DateTime"/>. The year must be 0001 to 9999,
    /// the month 01 to 12 and the day one of the month's.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public static bool TryParseDay(ReadOnlySpan<byte> s, out int dayNumber)
    {
        dayNumber = 0;
        if (s.Length != DateBytes || s[4] != '-' || s[7] != '-')
        {
            return false;
        }

        uint y0 = (uint)(s[0] - '0'), y1 = (uint)(s[1] - '0'), y2 = (uint)(s[2] - '0'), y3 = (uint)(s[3] - '0');
        uint m0 = (uint)(s[5] - '0'), m1 = (uint)(s[6] - '0'), d0 = (uint)(s[8] - '0'), d1 = (uint)(s[9] - '0');
        if (y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m0 > 9 || m1 > 9 || d0 > 9 || d1 > 9)
        {
            return false;
        }

        var year = (int)((y0 * 1000) + (y1 * 100) + (y2 * 10) + y3);
        var month = (int)((m0 * 10) + m1);
        var day = (int)((d0 * 10) + d1);
        if (year < 1 || month is < 1 or > 12)
        {
            return false;
        }

        var before = DateTime.IsLeapYear(year) ? DaysBeforeMonthLeap : DaysBeforeMonth;
        if (day < 1 || day > before[month] - before[month - 1])
        {
            return false;
        }

        var previous = year - 1;
        dayNumber = (previous * 365) + (previous / 4) - (previous / 100) + (previous / 400) + before[month - 1] + day - 1;
        return true;
    }

    private static bool TryTime(ReadOnlySpan<byte> s, out long ticks)
    {
        ticks = 0;
        if (s[10] is not ((byte)'T' or (byte)'t' or (byte)' ') || s.Length < 16 || s[13] != ':'
            || !TryDigits(s, 11, 2, out var hour) || !TryDigits(s, 14, 2, out var minute) || hour > 23 || minute > 59)
        {
            return false;
        }

        var pos = 16;
        var second = 0;
        long fraction = 0;
        if (pos < s.Length && s[pos] == ':')
        {
            if (!TryDigits(s, pos + 1, 2, out second) || second > 59)
            {
                return false;
            }

            pos += 3;
            if (pos < s.Length && s[pos] == '.')
            {
                var start = ++pos;
                var scale = TimeSpan.TicksPerSecond;
                while (pos < s.Length && char.IsAsciiDigit((char)s[pos]))
                {
                    if (pos - start < 7)
                    {
                        scale /= 10;
                        fraction += (s[pos] - '0') * scale;
                    }

                    pos++;
                }

                if (pos == start)
                {
                    return false;
                }
            }
        }

        if (pos < s.Length && !TrySkipOffset(s, ref pos))
        {
            return false;
        }

        ticks = (hour * TimeSpan.TicksPerHour) + (minute * TimeSpan.TicksPerMinute) + (second * TimeSpan.TicksPerSecond) + fraction;
        return pos == s.Length;
    }

    private static bool TrySkipOffset(ReadOnlySpan<byte> s, ref int pos)
    {
        if (s[pos] is (byte)'Z' or (byte)'z')
        {
            pos++;
            return true;
        }

        if (s[pos] is not ((byte)'+' or (byte)'-') || !TryDigits(s, pos + 1, 2, out var hours) || hours > 14)
        {
            return false;
        }

        pos += 3;
        if (pos < s.Length && s[pos] == ':')
        {
            pos++;
        }

        if (pos < s.Length)
        {
            if (!TryDigits(s, pos, 2, out var minutes) || minutes > 59)
            {
                return false;
            }

            pos += 2;
        }

        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length)
        {
            return false;
        }

        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit((char)s[i]))
            {
                return false;
            }

            value = (value * 10) + (s[i] - '0');
        }

        return true;
    }
}
