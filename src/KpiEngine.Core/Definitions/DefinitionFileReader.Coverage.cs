using System.Globalization;
using KpiEngine.Diagnostics;
using KpiEngine.Time;

namespace KpiEngine.Definitions;

/// <summary>Reads <c>coverage: { from, to }</c> (the dates a dataset's export covers) and checks clock-time formats.</summary>
internal sealed partial class DefinitionFileReader
{
    private static readonly string[] CoverageKeys = ["from", "to"];

    internal static IReadOnlyList<string> CoverageKeyTable => CoverageKeys;

    /// <summary>
    /// <c>coverage: { from: 2019-01-01, to: 2022-12-31 }</c>: both ISO dates, from not after to, on a
    /// dataset with a time column (KPI1005 otherwise, at the value at fault); null when not written or wrong.
    /// </summary>
    private DateWindow? ReadCoverage(YamlMapping map, string owner, bool hasTime)
    {
        if (map.Find("coverage") is not { } entry)
        {
            return null;
        }

        var what = $"'coverage' of {owner}";
        if (_schema.Mapping(entry.Value, what) is not { } coverage)
        {
            return null;
        }

        _schema.CheckKeys(coverage, CoverageKeys, what);
        var from = CoverageDate(_schema.Required(coverage, "from", what), "from", owner);
        var to = CoverageDate(_schema.Required(coverage, "to", what), "to", owner);
        if (from is not { } first || to is not { } last)
        {
            return null;
        }

        if (first > last)
        {
            _schema.Invalid(coverage["to"]!, string.Create(CultureInfo.InvariantCulture, $"The coverage of {owner} ends ({last:yyyy-MM-dd}) before it starts ({first:yyyy-MM-dd})."),
                "Write the first covered day in 'from' and the last in 'to'.");
            return null;
        }

        if (!hasTime)
        {
            _schema.Invalid(entry.Key, $"{owner} has no time column, so it has no dates for 'coverage' to describe.",
                "Give the dataset a 'time:' column, or remove 'coverage'.");
            return null;
        }

        return new DateWindow(first, last);
    }

    /// <summary>
    /// KPI7041 when every declared date format is a clock time (<c>HH:mm:ss</c>) yet the dataset has its
    /// own time column: a time of day names no day, so no row could be placed in a period.
    /// </summary>
    private void CheckClockTimeColumn(IReadOnlyList<Spanned<string>> formats, string? time, IReadOnlyList<BorrowDefinition> borrows, string owner)
    {
        if (time is null || formats.Count == 0 || !formats.All(f => ClockFormat.IsClockOnly(f.Value)) || borrows.Any(b => b.Columns.Contains(time)))
        {
            return;
        }

        _diagnostics.Add(DiagnosticCatalog.ClockTimeColumn,
            $"The date_format of {owner} ({string.Join(", ", formats.Select(f => $"'{f.Value}'"))}) reads clock times without a date, so its time column '{time}' cannot place rows in periods.",
            formats[0].Span,
            "Add the format of the column that holds the day (e.g. date_format: [yyyy-MM-dd, HH:mm:ss]) and use it as 'time:'; measure clock times with ClockHours([start], [end]).");
    }

    private DateOnly? CoverageDate(YamlScalar? node, string key, string owner)
    {
        if (node is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(node.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && date.Year is >= PeriodCalendar.FirstYear and <= PeriodCalendar.LastYear)
        {
            return date;
        }

        _schema.Invalid(node, $"'{node.Value}' in the coverage of {owner} ('{key}') is not an ISO date from {PeriodCalendar.FirstYear:D4} to {PeriodCalendar.LastYear}.",
            "Write it like 2019-01-01.");
        return null;
    }
}
