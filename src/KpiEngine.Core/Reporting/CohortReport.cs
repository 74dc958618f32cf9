using KpiEngine.Definitions;
using KpiEngine.Evaluation;

namespace KpiEngine.Reporting;

/// <summary>
/// One cohort KPI as a report shows it: a heatmap with a row per cohort and a column per age.
/// </summary>
/// <param name="Kpi">The KPI id.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Unit">Its unit.</param>
/// <param name="Description">Its description, if any.</param>
/// <param name="Cohorts">The cohort labels, in period order.</param>
/// <param name="Ages">How many ages (columns), from 0.</param>
/// <param name="Cells">Every cell, by cohort and age.</param>
internal sealed record CohortReport(string Kpi, string Name, KpiUnit Unit, string? Description, IReadOnlyList<string> Cohorts, int Ages, IReadOnlyDictionary<(string Cohort, int Age), KpiResult> Cells)
{
    /// <summary>The least and greatest defined value, which the heatmap's colours run between; null when no cell is defined.</summary>
    public (double Low, double High)? Range
    {
        get
        {
            var values = Cells.Values.Where(c => c.Value is not null).Select(c => c.Value!.Value).ToList();
            return values.Count == 0 ? null : (values.Min(), values.Max());
        }
    }

    /// <summary>The unit as a table's title names it: the currency's code for money, else the unit's name.</summary>
    public string UnitName(string? currency) => Unit == KpiUnit.Currency ? currency ?? "currency" : UnitFormat.Unit(Unit);

    /// <summary>The cell of a cohort at an age the data has reached; null for an age after the data ends (shown blank, not 0).</summary>
    public KpiResult? Observed(string cohort, int age) => Cells.TryGetValue((cohort, age), out var cell) && !cell.AfterData ? cell : null;

    /// <summary>
    /// The undefined cells the data has reached, one entry per reason with where it applies
    /// (<c>2026-01 age 2, 3; 2026-02 age 1</c>), in the order the cells come.
    /// </summary>
    public IReadOnlyList<(string Reason, string Where)> UndefinedCells =>
        [.. Cells.Values.Where(c => c.Value is null && !c.AfterData).GroupBy(c => c.Reason ?? "undefined", StringComparer.Ordinal)
            .Select(reason => (reason.Key, string.Join("; ", reason.GroupBy(c => c.Cohort!, StringComparer.Ordinal).Select(g => $"{g.Key} age {string.Join(", ", g.Select(c => c.Age ?? 0))}"))))];

    /// <summary>The cohort tables of a run's results, one per cohort KPI in result order.</summary>
    public static IReadOnlyList<CohortReport> Of(ClientResult result, KpiSet? set) =>
        [.. result.Results.Where(r => r.Cohort is not null).GroupBy(r => r.Kpi, StringComparer.Ordinal).Select(group =>
        {
            var first = group.First();
            return new CohortReport(
                group.Key,
                first.Name,
                first.Unit,
                set?.Kpis.FirstOrDefault(k => k.Id == group.Key)?.Description,
                [.. group.Select(r => r.Cohort!).Distinct(StringComparer.Ordinal)],
                group.Max(r => r.Age ?? 0) + 1,
                group.ToDictionary(r => (r.Cohort!, r.Age ?? 0)));
        })];
}
