using System.Data.Common;
using KpiEngine.Datasets;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;
using KpiEngine.Time;

namespace KpiEngine.Evaluation;

/// <summary>
/// SQL pushdown of a PostgreSQL dataset's scan: the database computes the groups, and the scan takes
/// their values as its own results; anything that does not translate exactly streams the rows as before.
/// </summary>
internal sealed partial class DatasetScan
{
    private string? _streamReason;
    private long _wireStart;

    /// <summary>False (<c>--no-pushdown</c>) to stream every database dataset's rows.</summary>
    public bool PushdownEnabled { get; init; } = true;

    /// <summary>How a database dataset's rows were aggregated (pushed down or streamed, the SQL, what was transferred); null for files.</summary>
    public DatabaseAccess? Access { get; private set; }

    /// <summary>
    /// What a scan of <paramref name="dataset"/> would do, without reading its rows: pushed down with the
    /// SQL, or streamed and why (for <c>kpi explain</c>). Null for a dataset that is not in a database.
    /// Data checks that only the query answers (rows without time, NaN numbers) can still make the run stream.
    /// </summary>
    public static DatabaseAccess? Plan(ClientPlan plan, DatasetPlan dataset, PeriodCalendar calendar, DimensionIndex? dimensions, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.Definition.Source is null || dataset.Schema is null || dataset.Invalid)
        {
            return null;
        }

        var scan = new DatasetScan(dataset, dimensions) { PushdownEnabled = enabled };
        var reason = scan.StaticReason(
            lends: plan.Datasets.Any(d => d.Lenders.Contains(dataset)),
            feeds: plan.Datasets.Any(d => d.Source == dataset && d.Derived is not null),
            borrows: dataset.Lenders.Count > 0);
        if (reason is not null)
        {
            return new DatabaseAccess(false, reason, null, 0, 0);
        }

        var access = scan.Connect((connection, db) =>
        {
            var pushdown = scan.Compile(db, calendar, out var refusal);
            return pushdown is null ? new DatabaseAccess(false, refusal, null, 0, 0) : new DatabaseAccess(true, null, pushdown.Sql, 0, 0);
        }, out var connectReason);
        return access ?? new DatabaseAccess(false, connectReason, null, 0, 0);
    }

    /// <summary>Why this scan cannot be pushed down whatever the database says; null when it may be.</summary>
    private string? StaticReason(bool lends, bool feeds, bool borrows)
    {
        var definition = _plan.Definition;
        return !PushdownEnabled ? "pushdown is turned off for the run (--no-pushdown)"
            : !definition.Source!.Pushdown ? "pushdown: false on the dataset's source"
            : borrows ? "it borrows columns from another dataset, joined row by row in the engine"
            : lends ? "another dataset borrows columns from it, which needs its rows"
            : feeds ? "a derived dataset is computed from its rows"
            : _plan.PluginBindings.Count > 0 ? "a plugin metric reads its rows"
            : _dimensions is { ComputesSubtotals: true } ? "subtotals (--subtotals, Parent(x)) are merged from the groups of the rows in the engine"
            : null;
    }

    /// <summary>Opens the dataset's connection and runs <paramref name="work"/>; null with a reason when it is not PostgreSQL or cannot connect (the streaming scan reports that).</summary>
    private T? Connect<T>(Func<DatabaseConnection, DbConnection, T?> work, out string? reason)
        where T : class
    {
        // Connection problems are reported once, by the streaming scan that follows.
        var scratch = new DiagnosticBag();
        if (DatabaseConnections.Resolve(_plan.Definition, scratch) is not { } connection)
        {
            reason = "the connection is not configured";
            return null;
        }

        if (connection.Provider != DatabaseProvider.PostgreSql)
        {
            reason = "pushdown is for PostgreSQL; this connection is SQLite";
            return null;
        }

        var result = DatabaseTable.Run(_plan.Definition, connection, scratch, db => work(connection, db));
        reason = result is null ? $"the database could not be asked: {(scratch.Items.Count > 0 ? scratch.Items[0].Message : "no answer")}" : null;
        return result;
    }

    /// <summary>The pushdown of this scan, or null with the reason it does not translate.</summary>
    private PostgresPushdown? Compile(DbConnection db, PeriodCalendar calendar, out string? reason)
    {
        var kinds = PostgresPushdown.KindsOf(db, _plan.Definition);
        return PostgresPushdown.Compile(_plan.Schema!, _plan.Aggregates, _plan.Filter, _dimensionColumns, calendar, kinds, out reason);
    }

    /// <summary>
    /// Lets the database compute the groups when the dataset is a PostgreSQL table or query and every
    /// aggregate, the filter, the dimensions and the calendar translate exactly; false (the reason kept
    /// for <see cref="Access"/>) when the rows must be streamed.
    /// </summary>
    private bool TryPushdown(PeriodCalendar calendar, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        var definition = _plan.Definition;
        if (definition.Source is null || RowSource is not null)
        {
            return false;
        }

        var wireStart = DatabaseWireBytes.OnThisThread;
        _streamReason = StaticReason(Lends.Count > 0, Feeds.Count > 0, Borrows.Count > 0);
        if (_streamReason is null)
        {
            string? sql = null;
            long rows = 0;
            var pushed = Connect((connection, db) =>
            {
                var pushdown = Compile(db, calendar, out _streamReason);
                if (pushdown is null)
                {
                    return null;
                }

                sql = pushdown.Sql;
                try
                {
                    return pushdown.Run(db, cancellationToken, out _streamReason, out rows);
                }
                catch (DbException e)
                {
                    // A value out of float8's range, a construct of the dataset's query that does not nest: the rows are streamed, the numbers unaffected.
                    _streamReason = $"the pushed-down query failed: {connection.Mask(e.Message)}";
                    diagnostics.Add(DiagnosticCatalog.PushdownFailed, $"Dataset '{Name}': {_streamReason}; its rows are streamed instead.", definition.Source.TargetSpan,
                        "Set 'pushdown: false' on the source to skip the attempt.");
                    return null;
                }
            }, out var connectReason);
            _streamReason ??= connectReason;
            if (pushed is not null)
            {
                Take(pushed);
                Complete();
                Access = new DatabaseAccess(true, null, sql, rows, DatabaseWireBytes.OnThisThread - wireStart);
                return true;
            }
        }

        _wireStart = DatabaseWireBytes.OnThisThread;
        return false;
    }

    /// <summary>Records how a streamed database dataset was read: the SELECT of its needed columns and what came back.</summary>
    private void NoteStreamed(DatasetSchema schema, bool[] needed)
    {
        if (schema.Definition.Source is null || RowSource is not null)
        {
            return;
        }

        var columns = schema.Columns.Where(c => c.SourceIndex >= 0 && needed[c.Slot]).Select(c => c.Name).ToList();
        Access = new DatabaseAccess(false, _streamReason, DatabaseTable.SelectText(schema.Definition, columns), RecordsRead, DatabaseWireBytes.OnThisThread - _wireStart);
    }

    /// <summary>Takes the database's groups as this scan's results.</summary>
    private void Take(PushedScan pushed)
    {
        Reset();
        foreach (var group in pushed.Groups)
        {
            var combination = group.Dimensions is { } values ? _dimensions!.Intern(values) : DimensionIndex.Total;
            _results[(group.Period, combination)] = group.Values;
        }

        RecordsRead = pushed.Records;
        RowsAggregated = pushed.RowsAggregated;
        (FirstPeriod, LastPeriod, FirstDay, LastDay) = (pushed.FirstPeriod, pushed.LastPeriod, pushed.FirstDay, pushed.LastDay);
        if (RowProgress is not null && RecordsRead > 0)
        {
            RowProgress.Report(RecordsRead);
        }
    }
}
