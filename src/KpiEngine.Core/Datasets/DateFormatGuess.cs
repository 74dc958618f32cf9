using System.Globalization;

namespace KpiEngine.Datasets;

/// <summary>
/// For a value a dataset's declared <c>date_format</c> does not read, the common format that does:
/// so the error can say which line to write instead of only that the format failed.
/// </summary>
internal static class DateFormatGuess
{
    /// <summary>Day and month orders exports use, most specific first (two-digit fields before one-digit ones).</summary>
    private static readonly string[] Dates =
    [
        "yyyy-MM-dd", "yyyy/MM/dd", "yyyy.MM.dd", "yyyyMMdd",
        "dd.MM.yyyy", "dd/MM/yyyy", "MM/dd/yyyy", "dd-MM-yyyy", "MM-dd-yyyy",
        "d.M.yyyy", "d/M/yyyy", "M/d/yyyy", "d-M-yyyy",
        "dd.MM.yy", "dd/MM/yy", "MM/dd/yy",
        "dd MMM yyyy", "d MMM yyyy", "dd-MMM-yyyy", "MMM d, yyyy", "MMMM d, yyyy", "d MMMM yyyy",
    ];

    private static readonly string[] Times = ["", " HH:mm", " HH:mm:ss", "THH:mm", "THH:mm:ss", " H:mm", " H:mm:ss"];

    /// <summary>
    /// The formats that read <paramref name="value"/> in <paramref name="culture"/>, other than
    /// <paramref name="declared"/>; at most two, and two only when day and month could be either way
    /// round (<c>03/04/2024</c>). Empty when no common format reads it (the value is no date at all).
    /// </summary>
    public static IReadOnlyList<string> Matching(string value, CultureInfo culture, IEnumerable<string> declared)
    {
        ArgumentNullException.ThrowIfNull(value);
        var failed = declared.ToHashSet(StringComparer.Ordinal);
        var found = new List<string>();
        foreach (var format in Dates.SelectMany(d => Times.Select(t => d + t)))
        {
            if (!failed.Contains(format)
                && DateTime.TryParseExact(value.Trim(), format, culture, DateTimeStyles.None, out _)
                && !found.Any(f => SameOrder(f, format)))
            {
                found.Add(format);
                if (found.Count == 2)
                {
                    break;
                }
            }
        }

        return found;
    }

    /// <summary>The suggestion sentence for <see cref="Matching"/>'s result.</summary>
    public static string Suggest(IReadOnlyList<string> matching) => matching.Count switch
    {
        0 => "No common date format reads this value: check the export, or write the file's format in date_format (e.g. date_format: [dd.MM.yyyy]).",
        1 => $"The value matches date_format: [{matching[0]}].",
        _ => $"The value matches date_format: [{matching[0]}] (or [{matching[1]}] if the month comes first: check a date after the 12th).",
    };

    /// <summary>Two formats with the same fields in the same order differ only in field widths; the first one found is enough.</summary>
    private static bool SameOrder(string a, string b) => Fields(a) == Fields(b);

    private static string Fields(string format) => new([.. format.Where(char.IsLetter).Distinct()]);
}
