using KpiEngine.Diagnostics;

namespace KpiEngine.Definitions;

/// <summary>
/// A KPI's <c>cohort:</c> block: the KPI is reported per cohort and age instead of per period.
/// Each entity (a customer) belongs to the cohort of the period its <see cref="Start"/> falls in
/// (by default its first row in <see cref="Dataset"/>); a value at age n is computed over the rows
/// of the cohort's entities in the n-th period after the cohort's own (age 0 is the cohort period).
/// </summary>
/// <param name="Entity">The column naming who is followed (<c>customer_id</c>).</param>
/// <param name="EntitySpan">Where <c>entity:</c> is written.</param>
/// <param name="Dataset">The dataset whose rows decide each entity's start; null to take the KPI's dataset (or the one dataset its inputs read).</param>
/// <param name="DatasetSpan">Where <c>dataset:</c> is written; null when it is not.</param>
/// <param name="Start">An aggregate over an entity's rows giving its start date (<c>Min([signed_up_at])</c>, or a column name for its earliest value); null for the earliest time of its rows.</param>
/// <param name="Ages">The most ages reported (0 to <c>Ages</c> − 1); null for every age up to the end of the data.</param>
/// <param name="Span">Where the block is written.</param>
public sealed record CohortDefinition(string Entity, SourceSpan EntitySpan, string? Dataset, SourceSpan? DatasetSpan, FormulaSource? Start, int? Ages, SourceSpan Span)
{
    /// <summary>Cohort KPIs with equal keys share one assignment of entities to cohorts and one scan.</summary>
    internal string Key => string.Join('\u001F', Entity, Dataset ?? string.Empty, Start?.Text ?? string.Empty);
}
