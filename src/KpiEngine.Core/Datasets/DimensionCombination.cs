namespace KpiEngine.Datasets;

/// <summary>
/// How rows split by dimension columns (<c>--by channel</c>) are numbered and shown: each
/// distinct combination of values gets a number, 0 standing for all rows together (the total).
/// </summary>
public static class DimensionCombination
{
    /// <summary>The number of the combination of all rows together: the total, which every run reports.</summary>
    internal const int Total = 0;

    /// <summary>How a dimension value is shown for rows whose dimension cell was empty (JSON writes null).</summary>
    public const string MissingValue = "(missing)";

    /// <summary>
    /// How the console table shows a column a subtotal is not split by (<c>north / (all)</c> under
    /// <c>--by region,channel --subtotals</c>); CSV leaves that cell empty, as in total rows, and JSON leaves the key out.
    /// </summary>
    public const string AllValues = "(all)";
}
