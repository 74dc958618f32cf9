using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;

namespace KpiEngine.Evaluation;

/// <summary>Subtotals (<c>--subtotals</c>) and parent levels (<c>Parent(x)</c>) of a run split by dimensions.</summary>
public sealed partial class KpiEvaluator
{
    /// <summary>
    /// Sets what the run's dimension levels are for: subtotals reported when the run or the client file
    /// asks (<c>--subtotals</c>, <c>subtotals: true</c>), parent levels computed when a formula reads
    /// <c>Parent(x)</c>; warns where either has nothing to work on.
    /// </summary>
    private static void PlanSubtotals(KpiSet set, ClientPlan plan, EvaluationOptions options, DimensionIndex dimensions, DiagnosticBag diagnostics)
    {
        dimensions.ReportsSubtotals = options.Subtotals || set.Subtotals;
        dimensions.ReadsParents = plan.ParentCalls.Count > 0;
        if (dimensions.ReportsSubtotals && dimensions.Columns.Count < 2)
        {
            var asked = options.Subtotals ? "--subtotals" : "subtotals: true";
            diagnostics.Add(
                DiagnosticCatalog.SubtotalsWithoutTwoDimensions,
                $"{asked}: client '{set.ClientId}' is split by {(dimensions.IsEmpty ? "no dimension" : $"one dimension ({dimensions.Columns[0]})")}, so there is no level between the combinations and the total; the results are as without it.",
                options.Subtotals ? null : set.SubtotalsSpan,
                "Split by two or more columns (--by region,channel, or by: [region, channel]) to get each region's subtotal.");
        }

        if (dimensions.IsEmpty)
        {
            plan.WarnParentWithoutDimensions(run: true, diagnostics);
        }
    }

    /// <summary>What <c>kpi validate</c> can tell from the client file alone: <c>Parent(x)</c> without <c>by:</c>, <c>subtotals: true</c> with one <c>by:</c> column.</summary>
    private static void ValidateSubtotals(KpiSet set, ClientPlan plan, DiagnosticBag diagnostics)
    {
        if (set.Dimensions.Count == 0)
        {
            plan.WarnParentWithoutDimensions(run: false, diagnostics);
        }
        else if (set.Subtotals && set.Dimensions.Count == 1)
        {
            // Without by:, subtotals: true waits for a --by; with one column it can never mean anything in this file.
            diagnostics.Add(
                DiagnosticCatalog.SubtotalsWithoutTwoDimensions,
                $"subtotals: true: client '{set.ClientId}' is split by one dimension ({set.Dimensions[0]}), so there is no level between its values and the total; the results are as without it.",
                set.SubtotalsSpan,
                "Split by two or more columns (by: [region, channel]) to get each region's subtotal, or remove subtotals:.");
        }
    }

    /// <summary>
    /// One level of values per combination the dimensions have numbered (the total first, subtotals
    /// before the combinations they sum), each knowing the total and its parent level.
    /// </summary>
    private static List<Level> Levels(DimensionIndex dimensions, Func<int, PeriodValues> values)
    {
        dimensions.NumberAllSubtotals();
        var levels = dimensions.Ordered().Select(combination => new Level(combination, dimensions.Describe(combination), values(combination))).ToList();
        var byCombination = levels.ToDictionary(level => level.Combination);
        foreach (var level in levels.Skip(1))
        {
            level.Values.TotalLevel = levels[0].Values;
            level.Values.IsSubtotal = dimensions.IsSubtotal(level.Combination);

            // Without computed subtotals only a combination of one value has a level above it (the total); Parent(x) was then not asked for.
            if (dimensions.Width(level.Combination) == 1 || dimensions.ComputesSubtotals)
            {
                level.Values.ParentLevel = byCombination[dimensions.ParentOf(level.Combination)].Values;
            }
        }

        return levels;
    }

    /// <summary>The parent level of <see cref="PeriodValues"/>.</summary>
    private sealed partial class PeriodValues
    {
        /// <summary>The values one dimension up, computed before these (see <see cref="ComputeLevels"/>); null for the total.</summary>
        public PeriodValues? ParentLevel { get; set; }

        /// <summary>True for a subtotal's values (a plugin metric gives none: it is computed per full combination and the total).</summary>
        public bool IsSubtotal { get; set; }

        public IFormulaEnvironment? Parent(out string? missing) => ParentAt(_period, out missing);

        private LevelView? ParentAt(int period, out string? missing)
        {
            missing = ParentLevel is not null ? null
                : combination == DimensionIndex.Total ? "the total has no level above it (Parent(x) reads x one --by dimension up)"
                : "these values have no level above them (a cohort's values are not split by --by)";
            return ParentLevel is { } parent ? new LevelView(parent, _node!, period) : null;
        }
    }
}
