using KpiEngine.Bench.Generation;

namespace KpiEngine.Bench.Reference;

/// <summary>
/// Compensated sums of the sixteen measures per month and group (one group per month in the per-month
/// export, one per client id in the per-client one), as one byte range sees them or as the merge of
/// ranges. Months are indexed directly by ordinal (year * 12 + month - 1, four-digit years), so rows in
/// random date order cost no lookup. Remembers which groups had rows, and in which order each group
/// first appeared (the engine numbers dimension combinations in that order).
/// </summary>
internal sealed class GroupTable(int groups)
{
    /// <summary>Doubles per group: a (sum, compensation) pair per measure.</summary>
    public const int Stride = ExportLayout.MeasureCount * 2;

    private readonly double[]?[] _sums = new double[]?[10_000 * 12];
    private readonly long[]?[] _rows = new long[]?[10_000 * 12];
    private readonly bool[] _seen = new bool[groups];
    private readonly List<int> _firstSeen = [];

    /// <summary>How many groups a month has.</summary>
    public int Groups => groups;

    /// <summary>Groups in the order their first row appeared in the file.</summary>
    public IReadOnlyList<int> FirstSeen => _firstSeen;

    /// <summary>Counts a row of <paramref name="group"/> in <paramref name="month"/> and returns the month's pairs (the group's start at group * <see cref="Stride"/>).</summary>
    public double[] Row(int month, int group)
    {
        var rows = _rows[month] ??= new long[groups];
        if (rows[group]++ == 0 && !_seen[group])
        {
            _seen[group] = true;
            _firstSeen.Add(group);
        }

        return _sums[month] ??= new double[groups * Stride];
    }

    /// <summary>The months with rows, ascending.</summary>
    public IEnumerable<int> Months()
    {
        for (var month = 0; month < _rows.Length; month++)
        {
            if (_rows[month] is not null)
            {
                yield return month;
            }
        }
    }

    /// <summary>True when <paramref name="group"/> had rows in <paramref name="month"/>.</summary>
    public bool HasRows(int month, int group) => _rows[month] is { } rows && rows[group] > 0;

    /// <summary>The month's pairs (null for a month without rows).</summary>
    public double[]? Sums(int month) => _sums[month];

    /// <summary>
    /// Merges the next range's table, as the engine merges ranges: a group this table has no rows for yet
    /// takes the other's pairs as they are; otherwise each pair is merged (its sum, then its compensation).
    /// </summary>
    public void Absorb(GroupTable other)
    {
        foreach (var month in other.Months())
        {
            var theirs = other._sums[month]!;
            var theirRows = other._rows[month]!;
            var mine = _sums[month] ??= new double[groups * Stride];
            var myRows = _rows[month] ??= new long[groups];
            for (var group = 0; group < groups; group++)
            {
                if (theirRows[group] == 0)
                {
                    continue;
                }

                var at = group * Stride;
                if (myRows[group] == 0)
                {
                    Array.Copy(theirs, at, mine, at, Stride);
                }
                else
                {
                    for (var pair = 0; pair < Stride; pair += 2)
                    {
                        CompensatedSums.Merge(mine, at + pair, theirs, at + pair);
                    }
                }

                myRows[group] += theirRows[group];
            }
        }

        foreach (var group in other._firstSeen.Where(g => !_seen[g]))
        {
            _seen[group] = true;
            _firstSeen.Add(group);
        }
    }
}
