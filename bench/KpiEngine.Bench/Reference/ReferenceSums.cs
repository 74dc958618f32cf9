using KpiEngine.Bench.Generation;

namespace KpiEngine.Bench.Reference;

/// <summary>
/// The reference's sums of a whole file: per month ordinal (year * 12 + month - 1), the value of each
/// group's sixteen compensated sums (money in currency units), and for a per-client export the month's
/// total over all clients as the engine forms the total row of a <c>--by</c> run: the groups' pairs
/// merged, from zero, in the order the groups first appeared in the file.
/// </summary>
internal sealed class ReferenceSums
{
    private readonly GroupTable _table;

    public ReferenceSums(ExportShape shape, GroupTable table)
    {
        Shape = shape;
        _table = table;
        foreach (var month in table.Months())
        {
            var pairs = table.Sums(month)!;
            var values = new double[table.Groups * ExportLayout.MeasureCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = CompensatedSums.Value(pairs, i * 2);
            }

            Months[month] = values;
            Totals[month] = shape == ExportShape.PerClient ? Total(table, month, pairs) : values;
        }

        GroupsSeen = [.. table.FirstSeen.Order()];
    }

    public ExportShape Shape { get; }

    /// <summary>Groups per month: 1, or <see cref="ExportLayout.ClientCount"/>.</summary>
    public int GroupsPerMonth => _table.Groups;

    /// <summary>Per month with rows, sorted: each group's sixteen values (zeros for a group without rows).</summary>
    public SortedDictionary<int, double[]> Months { get; } = [];

    /// <summary>Per month with rows: the sixteen values over all rows.</summary>
    public Dictionary<int, double[]> Totals { get; } = [];

    /// <summary>The groups with a row in any month, ascending (ids C0001.. sort the same way).</summary>
    public IReadOnlyList<int> GroupsSeen { get; }

    /// <summary>True when <paramref name="group"/> had rows in <paramref name="month"/>.</summary>
    public bool HasRows(int month, int group) => _table.HasRows(month, group);

    /// <summary>The id printed for a group of the per-client export.</summary>
    public static string ClientId(int group) => $"C{group + 1:D4}";

    private static double[] Total(GroupTable table, int month, double[] pairs)
    {
        var total = new double[GroupTable.Stride];
        foreach (var group in table.FirstSeen.Where(g => table.HasRows(month, g)))
        {
            for (var pair = 0; pair < GroupTable.Stride; pair += 2)
            {
                CompensatedSums.Merge(total, pair, pairs, (group * GroupTable.Stride) + pair);
            }
        }

        var values = new double[ExportLayout.MeasureCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = CompensatedSums.Value(total, i * 2);
        }

        return values;
    }
}
