using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using KpiEngine.Definitions;

namespace KpiEngine.Reporting;

/// <summary>
/// Cohort KPIs as triangle sheets: a sheet per cohort KPI, a row per cohort and a column per age, each value a
/// number cell in its unit's format. A blank cell is an age the data has not reached; <c>n/a</c> is undefined,
/// its reason listed under the triangle with the partial cells.
/// </summary>
internal static partial class XlsxReportWriter
{
    /// <summary>The prefix of a cohort sheet's name; the KPI id follows.</summary>
    public const string CohortSheetPrefix = "Cohort ";

    /// <summary>Excel's longest sheet name.</summary>
    private const int MaxSheetName = 31;

    /// <summary>The first number format id a workbook may define (the ones below are Excel's built-in formats).</summary>
    private const uint FirstCustomFormat = 164;

    /// <summary>A line of text under a table: it runs over the empty cells to its right, so it does not widen its column.</summary>
    private sealed record NoteText(string Text);

    /// <summary>A number shown in a KPI unit's format.</summary>
    private sealed record UnitNumber(double Value, KpiUnit Unit);

    /// <summary>
    /// A number format per unit, in <see cref="KpiUnit"/> order, with the decimals and suffix of <see cref="UnitFormat.Display"/>,
    /// so a cell reads as the other reports print it while keeping its full value. A count is General, which shows a
    /// whole count without decimals and an average count with them.
    /// </summary>
    private static IEnumerable<(KpiUnit Unit, string Code)> UnitFormats(string? currency)
    {
        // Only letters and digits of the code go into the format: a quote or a bracket would change its meaning.
        var code = new string([.. (currency ?? string.Empty).Where(char.IsAsciiLetterOrDigit)]);
        return Enum.GetValues<KpiUnit>().Select(unit => (unit, unit switch
        {
            KpiUnit.Count => "General",
            KpiUnit.Currency => code.Length == 0 ? "#,##0.00" : $"#,##0.00\" {code}\"",
            KpiUnit.Percent => "#,##0.00\" %\"",
            KpiUnit.Ratio => "#,##0.000",
            KpiUnit.Duration => "#,##0.00\" d\"",
            KpiUnit.Score => "#,##0.0",
            _ => "#,##0.00",
        }));
    }

    /// <summary>The style of a unit's numbers: after the indent styles, in <see cref="UnitFormats"/> order.</summary>
    private static uint UnitStyle(KpiUnit unit) => IndentStyle + MaxIndent + (uint)Array.IndexOf(Enum.GetValues<KpiUnit>(), unit);

    private static void AddCohortSheets(WorkbookPart workbook, ClientReport report)
    {
        var taken = new HashSet<string>([ValuesSheet, StatusesSheet, GoalsSheet, ScorecardSheet, BreakdownSheet], StringComparer.OrdinalIgnoreCase);
        foreach (var cohort in report.Cohorts)
        {
            // The cohort column stays in view beside the frozen header row, so a wide triangle still says which cohort a row is.
            AddSheet(workbook, CohortSheetName(cohort.Kpi, taken), Triangle(cohort, report.Header), frozenColumns: 1);
        }
    }

    /// <summary>
    /// <c>Cohort &lt;kpi id&gt;</c>, cut to Excel's 31 characters without the characters a sheet name cannot hold,
    /// and made unique (sheet names compare without case) with a number when a cut id repeats another.
    /// </summary>
    public static string CohortSheetName(string kpi, ISet<string> taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        var clean = new string([.. (kpi ?? string.Empty).Where(c => !":\\/?*[]'".Contains(c, StringComparison.Ordinal) && !char.IsControl(c))]);
        var name = (CohortSheetPrefix + clean)[..Math.Min(MaxSheetName, CohortSheetPrefix.Length + clean.Length)];
        for (var n = 2; !taken.Add(name); n++)
        {
            var suffix = "~" + n.ToString(CultureInfo.InvariantCulture);
            var stem = CohortSheetPrefix + clean;
            name = stem[..Math.Min(stem.Length, MaxSheetName - suffix.Length)] + suffix;
        }

        return name;
    }

    private static List<List<object?>> Triangle(CohortReport cohort, ReportHeader header)
    {
        List<List<object?>> rows = [[Header("Cohort"), .. Enumerable.Range(0, cohort.Ages).Select(age => Header("Age " + age.ToString(CultureInfo.InvariantCulture)))]];
        foreach (var label in cohort.Cohorts)
        {
            rows.Add([label, .. Enumerable.Range(0, cohort.Ages).Select(age => cohort.Observed(label, age) switch
            {
                null => null,
                { Value: { } value } cell => (object)new UnitNumber(value, cell.Unit),
                _ => "n/a",
            })]);
        }

        rows.Add([]);
        var noun = HtmlReportWriter.PeriodNoun(header.Grain);
        List<string> notes =
        [
            $"{cohort.Name} ({cohort.Kpi}, {cohort.UnitName(header.Currency)}): a row per cohort (the {noun} each one started), a column per age ({noun}s since then; age 0 is the cohort's own).",
            "Blank: an age the data has not reached yet (not 0).",
            .. cohort.UndefinedCells.Select(u => $"n/a at {u.Where}: {u.Reason}"),
        ];
        var partial = cohort.Cohorts.SelectMany(label => Enumerable.Range(0, cohort.Ages).Where(age => cohort.Observed(label, age)?.Partial == true).Select(age => (label, age)))
            .GroupBy(c => c.label, StringComparer.Ordinal).Select(g => $"{g.Key} age {string.Join(", ", g.Select(c => c.age))}").ToList();
        if (partial.Count > 0)
        {
            notes.Add($"Partial at {string.Join("; ", partial)}: the data covers only part of the period.");
        }

        rows.AddRange(notes.Select(note => (List<object?>)[new NoteText(note)]));
        return rows;
    }
}
