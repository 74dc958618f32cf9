namespace KpiEngine.Evaluation;

/// <summary>
/// Subtotals and parent levels (<c>--by region,channel --subtotals</c>, <c>Parent(x)</c>): with two or
/// more dimension columns, every leading part of a combination's values (region=North of
/// region=North, channel=web) is a combination of its own, numbered in the same table. Its values are
/// shorter than the columns: a subtotal is not split by the columns it lacks, which is how it differs
/// from a missing value (null).
/// </summary>
internal sealed partial class DimensionIndex
{
    // The subtotal numbers of each combination, by prefix length (index 0 unused), made once per combination.
    private readonly Dictionary<int, int[]> _prefixes = [];

    /// <summary>Reports the subtotal levels besides the full combinations and the total (<c>--subtotals</c>, <c>subtotals: true</c>).</summary>
    public bool ReportsSubtotals { get; set; }

    /// <summary>Some formula reads <c>Parent(x)</c>: the levels above the full combinations are computed even when not reported.</summary>
    public bool ReadsParents { get; set; }

    /// <summary>
    /// True when the scans merge every combination's groups into its subtotals' groups: with two or
    /// more columns, when subtotals are reported or a formula reads a parent level.
    /// </summary>
    public bool ComputesSubtotals => Columns.Count > 1 && (ReportsSubtotals || ReadsParents);

    /// <summary>How many leading columns a combination is split by: the column count for a full combination, 0 for the total.</summary>
    public int Width(int combination) => combination == Total ? 0 : Combinations.Values(combination).Length;

    /// <summary>True for a subtotal: a combination split by fewer columns than the run's, and not the total.</summary>
    public bool IsSubtotal(int combination) => combination != Total && Width(combination) < Columns.Count;

    /// <summary>
    /// The number of the subtotal of a full combination over its first <paramref name="length"/>
    /// values (1 to the column count − 1), interned when new. Called by one scan at a time, in the
    /// order of the combination numbers, so the numbers do not depend on threads.
    /// </summary>
    public int SubtotalOf(int combination, int length)
    {
        if (!_prefixes.TryGetValue(combination, out var prefixes))
        {
            var values = Combinations.Values(combination);
            prefixes = new int[values.Length];
            for (var k = 1; k < values.Length; k++)
            {
                prefixes[k] = Combinations.InternSubtotal(values[..k]);
            }

            _prefixes[combination] = prefixes;
        }

        return prefixes[length];
    }

    /// <summary>Numbers the subtotals of every full combination not numbered yet, so each has a level (one with no rows has the empty group's values).</summary>
    public void NumberAllSubtotals()
    {
        if (!ComputesSubtotals)
        {
            return;
        }

        for (var combination = 1; combination < Combinations.Count; combination++)
        {
            if (Width(combination) == Columns.Count)
            {
                SubtotalOf(combination, 1);
            }
        }
    }

    /// <summary>
    /// The combination one level up: the values without the last one (the total for a combination of
    /// one value); -1 for the total, which has none. A parent not interned by a scan has no rows.
    /// </summary>
    public int ParentOf(int combination)
    {
        var width = Width(combination);
        return width switch
        {
            0 => -1,
            1 => Total,
            _ => Combinations.InternSubtotal(Combinations.Values(combination)[..(width - 1)]),
        };
    }
}

/// <summary>Subtotals in the run's numbering of combinations.</summary>
internal sealed partial class CombinationTable
{
    // A subtotal's key starts with a character no full combination's key starts with in practice
    // (a record separator), so region=North as a subtotal never meets a one-column value North.
    private const char SubtotalMark = '\u001E';

    /// <summary>The number of a subtotal's values (the leading values of full combinations), adding a copy when new.</summary>
    public int InternSubtotal(string?[] values)
    {
        var key = SubtotalMark + string.Join(Separator, values.Select(v => v ?? MissingKey));
        if (!_byKey.TryGetValue(key, out var number))
        {
            number = _combinations.Count;
            _combinations.Add([.. values]);
            _byKey[key] = number;
        }

        return number;
    }
}
