namespace KpiEngine.Bench.Reference;

/// <summary>
/// Compensated sums stored as (sum, compensation) pairs in a double array, with the engine's arithmetic
/// (KpiEngine.Expressions.CompensatedSum: Knuth's TwoSum per addition, merge = add the other's sum,
/// then its compensation; value = sum + compensation), copied so the reference depends on nothing of
/// the engine it is measured against.
/// </summary>
internal static class CompensatedSums
{
    /// <summary>Adds <paramref name="value"/> to the pair at <paramref name="at"/> (sum) and <paramref name="at"/> + 1 (compensation).</summary>
    public static void Add(double[] pairs, int at, double value)
    {
        var sum = pairs[at];
        var total = sum + value;
        var taken = total - sum;
        pairs[at + 1] += (sum - (total - taken)) + (value - taken);
        pairs[at] = total;
    }

    /// <summary>Merges the pair at <paramref name="from"/> of <paramref name="other"/> into the pair at <paramref name="at"/>.</summary>
    public static void Merge(double[] pairs, int at, double[] other, int from)
    {
        Add(pairs, at, other[from]);
        Add(pairs, at, other[from + 1]);
    }

    /// <summary>The pair's value.</summary>
    public static double Value(double[] pairs, int at) => pairs[at] + pairs[at + 1];
}
