namespace KpiEngine.Definitions;

/// <summary>
/// A <c>date_format</c> without a day, month or year (<c>HH:mm:ss</c>) reads clock times: a time of
/// day, not a moment. .NET would give such a value today's date, so results would change with the run
/// date; the engine reads it as the time of day alone (a fraction of a day from midnight), which
/// <c>ClockHours</c> turns into durations.
/// </summary>
internal static class ClockFormat
{
    /// <summary>True when the format has no date part: no <c>y</c>, <c>M</c> or <c>d</c> outside quoted text.</summary>
    public static bool IsClockOnly(string format)
    {
        ArgumentNullException.ThrowIfNull(format);
        var quote = '\0';
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '\\')
            {
                i++;
            }
            else if (c is 'y' or 'M' or 'd')
            {
                return false;
            }
        }

        return true;
    }
}
