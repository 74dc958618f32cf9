using KpiEngine.Diagnostics;

namespace KpiEngine.Definitions;

/// <summary>
/// Checks a scorecard against the KPIs a client reports once includes are resolved, and a KPI's
/// <c>scaling:</c> against its unit.
/// </summary>
internal sealed class ScorecardCheck(DiagnosticBag diagnostics)
{
    /// <summary>
    /// Reports weights on KPIs that do not exist (KPI1012) and, for the client's <paramref name="own"/> scorecard, weights
    /// that can never count (KPI1061: the KPI is not reported or has no benchmark; no reported KPI with a benchmark has the
    /// category). A profile's scorecard serves many clients, each reporting some of its KPIs, so it is not warned about.
    /// Returns the scorecard.
    /// </summary>
    public ScorecardDefinition? Check(ScorecardDefinition? scorecard, KpiSet set, IReadOnlyList<KpiDraft> drafts, bool own)
    {
        if (scorecard is null)
        {
            return null;
        }

        CheckNames(scorecard, drafts);
        if (!own)
        {
            return scorecard;
        }

        var judged = set.Selected.Where(set.Benchmarks.ContainsKey).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, weight) in scorecard.KpiWeights)
        {
            if (weight > 0 && drafts.Any(d => d.Id == id) && !judged.Contains(id))
            {
                diagnostics.Add(
                    DiagnosticCatalog.ScorecardWeightUnused,
                    set.Selected.Contains(id)
                        ? $"The scorecard weighs KPI '{id}', which has no benchmark, so it is never judged and never counts."
                        : $"The scorecard weighs KPI '{id}', which the client does not report, so it never counts.",
                    scorecard.Span,
                    set.Selected.Contains(id) ? $"Give '{id}' a benchmark under 'benchmarks:', or remove its weight." : $"Add '{id}' to 'use:', or remove its weight.");
            }
        }

        var categories = set.Kpis.Where(k => judged.Contains(k.Id)).Select(CategoryOf).ToHashSet(StringComparer.Ordinal);
        foreach (var (category, weight) in scorecard.CategoryWeights)
        {
            if (weight > 0 && !categories.Contains(category))
            {
                diagnostics.Add(
                    DiagnosticCatalog.ScorecardWeightUnused,
                    $"The scorecard weighs category '{category}', but no reported KPI with a benchmark is in it, so it never counts.",
                    scorecard.Span,
                    NameSuggestions.DidYouMean(category, categories) ?? $"Categories with judged KPIs: {string.Join(", ", categories.Order(StringComparer.Ordinal))}.");
            }
        }

        return scorecard;
    }

    /// <summary>Reports KPI weights that name no KPI (KPI1012), for a profile checked on its own.</summary>
    public void CheckNames(ScorecardDefinition? scorecard, IReadOnlyList<KpiDraft> drafts)
    {
        foreach (var id in scorecard?.KpiWeights.Keys ?? [])
        {
            if (!drafts.Any(d => d.Id == id))
            {
                diagnostics.Add(
                    DiagnosticCatalog.UnknownReference,
                    $"The scorecard weighs KPI '{id}', which is neither included nor defined.",
                    scorecard!.Span,
                    NameSuggestions.DidYouMean(id, drafts.Select(d => d.Id)) ?? "Include the catalog file that defines it, or remove the weight.");
            }
        }
    }

    /// <summary>The category a KPI counts in on a scorecard.</summary>
    public static string CategoryOf(KpiDefinition kpi) => kpi.Category ?? ScorecardDefinition.Uncategorised;

    /// <summary>
    /// The KPI's scaling; a compounding one (churn, retention, growth) needs a share, so on a KPI whose unit
    /// is not percent or ratio it is KPI1005 and left unstated.
    /// </summary>
    public static PeriodScaling CheckScaling(KpiDraft draft, string owner, DiagnosticBag diagnostics)
    {
        var scaling = draft.Scaling ?? PeriodScaling.Unstated;
        if (scaling is PeriodScaling.Churn or PeriodScaling.Retention or PeriodScaling.Growth && draft.Unit is not (KpiUnit.Percent or KpiUnit.Ratio))
        {
            diagnostics.Add(
                DiagnosticCatalog.InvalidValue,
                $"{owner} has 'scaling: {SufficiencyReader.Name(scaling)}', which compounds a share per period, but its unit is neither percent nor ratio.",
                draft.Span,
                "Use 'scaling: total' for an amount per period or 'scaling: ratio' for a value that does not depend on the period length; compounding needs 'unit: percent' or 'unit: ratio'.");
            return PeriodScaling.Unstated;
        }

        return scaling;
    }
}
