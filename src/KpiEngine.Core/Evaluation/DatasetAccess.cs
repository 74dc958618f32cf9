using KpiEngine.Datasets;

namespace KpiEngine.Evaluation;

/// <summary>
/// How a database dataset's rows were aggregated in a run (or would be, for <c>kpi explain</c>):
/// pushed down to PostgreSQL as one GROUP BY query, or streamed into the engine's scan, and why.
/// </summary>
/// <param name="Dataset">The dataset's name.</param>
/// <param name="Pushdown">True when the database computed the groups.</param>
/// <param name="Reason">Why the rows were streamed; null when pushed down.</param>
/// <param name="Sql">The query sent: the GROUP BY query, or the SELECT whose rows were streamed; null when none was planned.</param>
/// <param name="RowsTransferred">Rows the database returned (0 for a plan that was not run).</param>
/// <param name="BytesTransferred">Bytes read from the database's socket for the scan, as Npgsql counts them (0 for SQLite and plans).</param>
public sealed record DatasetAccess(string Dataset, bool Pushdown, string? Reason, string? Sql, long RowsTransferred, long BytesTransferred)
{
    /// <summary>One line for people: <c>pushdown (12 rows, 1,234 bytes)</c> or <c>streaming: why (…)</c>.</summary>
    public string Summary(bool ran) =>
        (Pushdown ? "pushdown" : $"streaming ({Reason ?? "not a PostgreSQL dataset"})")
        + (ran ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"; {RowsTransferred} row{(RowsTransferred == 1 ? string.Empty : "s")}, {BytesTransferred} bytes transferred") : string.Empty);

    internal static DatasetAccess? Of(string dataset, DatabaseAccess? access) =>
        access is null ? null : new(dataset, access.Pushdown, access.Reason, access.Sql, access.RowsTransferred, access.BytesTransferred);
}
