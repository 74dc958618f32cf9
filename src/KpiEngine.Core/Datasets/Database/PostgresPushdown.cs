using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;
using KpiEngine.Time;

namespace KpiEngine.Datasets;

/// <summary>One group a pushed-down query returned: a period (and a dimension combination, or the total).</summary>
/// <param name="Period">The period ordinal; <see cref="PostgresPushdown.Timeless"/> for a dataset without time.</param>
/// <param name="Dimensions">The dimension values (null for a missing value); null for the total over all values.</param>
/// <param name="Values">The value of every aggregate, then the number of rows that passed the filter (as the scan's groups end).</param>
internal sealed record PushedGroup(int Period, string?[]? Dimensions, KpiValue[] Values);

/// <summary>What a pushed-down scan returned: the groups, and what the scan of the same rows would also know.</summary>
internal sealed class PushedScan
{
    public List<PushedGroup> Groups { get; } = [];

    /// <summary>Rows of the table or query (before the filter), as a streaming scan would have read.</summary>
    public long Records { get; set; }

    /// <summary>Rows that passed the filter.</summary>
    public long RowsAggregated { get; set; }

    /// <summary>The earliest and latest day (day numbers) and period of any row, before the filter; null without rows or time.</summary>
    public int? FirstDay { get; set; }

    public int? LastDay { get; set; }

    public int? FirstPeriod { get; set; }

    public int? LastPeriod { get; set; }
}

/// <summary>How a database dataset's rows were aggregated, for <c>kpi explain</c>: pushed down, or streamed and why.</summary>
/// <param name="Pushdown">True when the database computed the groups.</param>
/// <param name="Reason">Why the rows were streamed instead; null when pushed down.</param>
/// <param name="Sql">The query sent: the GROUP BY query, or the SELECT whose rows were streamed.</param>
/// <param name="RowsTransferred">Rows the database returned.</param>
/// <param name="BytesTransferred">Bytes read from the database's socket for the query (as Npgsql counts them); 0 when not known.</param>
internal sealed record DatabaseAccess(bool Pushdown, string? Reason, string? Sql, long RowsTransferred, long BytesTransferred);

/// <summary>
/// SQL pushdown to PostgreSQL: compiles a dataset scan's aggregates, filter, dimensions and the
/// client's calendar into one <c>GROUP BY period, dimensions</c> query (with <c>GROUPING SETS</c> for the
/// totals) that returns one row per group, and turns the rows into the values the in-process scan
/// would compute. It translates only what it can translate exactly (see <see cref="SqlRowExpression"/>)
/// and otherwise returns a reason, so the caller streams the rows instead. The query also counts what
/// only the streaming path reports with row numbers (rows without a time, or outside the time window,
/// NaN or infinite numbers, times a hair before midnight that the engine's day arithmetic rounds up):
/// when there are any, the pushed result is discarded and the rows streamed.
/// </summary>
internal sealed class PostgresPushdown
{
    /// <summary>The period of every row of a dataset without a time column (the scan's own key).</summary>
    public const int Timeless = int.MinValue;

    private readonly DatasetSchema _schema;
    private readonly IReadOnlyList<AggregateSpec> _aggregates;
    private readonly ColumnSchema[] _dimensions;
    private readonly List<Func<DbDataReader, int, (KpiValue Value, int Width)>> _readers = [];

    private PostgresPushdown(DatasetSchema schema, IReadOnlyList<AggregateSpec> aggregates, ColumnSchema[] dimensions, string sql)
    {
        _schema = schema;
        _aggregates = aggregates;
        _dimensions = dimensions;
        Sql = sql;
    }

    /// <summary>The GROUP BY query.</summary>
    public string Sql { get; private set; }

    /// <summary>
    /// The pushdown of one scan, or null with <paramref name="reason"/> saying why the rows must be streamed.
    /// <paramref name="kinds"/> are the database types of the table's columns (<see cref="KindsOf"/>).
    /// </summary>
    public static PostgresPushdown? Compile(DatasetSchema schema, IReadOnlyList<AggregateSpec> aggregates, RowPredicate? filter, ColumnSchema[]? dimensions,
        PeriodCalendar calendar, IReadOnlyDictionary<string, SqlColumnKind> kinds, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(aggregates);
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(kinds);
        var checkedColumns = new HashSet<string>(StringComparer.Ordinal);
        var definition = schema.Definition;
        dimensions ??= [];

        string kept = "TRUE";
        if (filter is not null)
        {
            if (filter.Condition is null || new SqlRowExpression(schema, kinds, filter.Parameters) is var filterRows && filterRows.Condition(filter.Condition) is not { } condition)
            {
                reason = $"the filter does not translate exactly: {FilterRefusal(schema, kinds, filter)}";
                return null;
            }

            kept = condition;
            checkedColumns.UnionWith(filterRows.CheckedNumberColumns);
        }

        var pushdown = new PostgresPushdown(schema, aggregates, dimensions, string.Empty);
        var columns = new List<string>();
        foreach (var aggregate in aggregates)
        {
            // Each aggregate sees the parameters of the formula it comes from.
            var rows = new SqlRowExpression(schema, kinds, aggregate.Parameters);
            if (pushdown.AddAggregate(aggregate, rows, kept, columns) is { } refusal)
            {
                reason = $"{aggregate.Key} does not translate exactly: {refusal}";
                return null;
            }

            checkedColumns.UnionWith(rows.CheckedNumberColumns);
        }

        var derived = new List<string>();
        var time = schema.TimeColumn;
        string period;
        string unsafeRows;
        if (time is null)
        {
            period = "0";
            derived.Add("NULL::int AS kpi_day");
            unsafeRows = "FALSE";
        }
        else
        {
            if (time.SourceIndex < 0)
            {
                reason = $"the time column '{time.Name}' is borrowed, so the database does not hold it";
                return null;
            }

            var local = kinds.GetValueOrDefault(time.Name) switch
            {
                SqlColumnKind.Date => $"{SqlRowExpression.Quote(time.Name)}::timestamp",
                SqlColumnKind.Timestamp => SqlRowExpression.Quote(time.Name),
                SqlColumnKind.TimestampUtc => $"({SqlRowExpression.Quote(time.Name)} AT TIME ZONE 'UTC')",
                _ => null,
            };
            if (local is null)
            {
                reason = $"the time column '{time.Name}' is not a date or timestamp in the database";
                return null;
            }

            var window = definition.TimeWindow;
            var inv = CultureInfo.InvariantCulture;
            // A time of day within a millisecond of midnight is rounded up to the next day by the engine's day arithmetic (days as doubles).
            var nearMidnight = kinds[time.Name] == SqlColumnKind.Date ? string.Empty : $" OR {local}::time > TIME '23:59:59.999'";
            unsafeRows = $"{local} IS NULL OR {local} < TIMESTAMP '{window.First.ToString("yyyy-MM-dd", inv)}' OR {local} >= TIMESTAMP '{window.Last.AddDays(1).ToString("yyyy-MM-dd", inv)}'{nearMidnight}";
            var day = $"({local}::date - DATE '0001-01-01')";
            derived.Add($"{day} AS kpi_day");
            period = PeriodSql(calendar, local, day);
        }

        foreach (var column in checkedColumns.Order(StringComparer.Ordinal))
        {
            // NaN and infinities (and decimals beyond a double) are bad cells for the engine, reported with their row.
            unsafeRows += $" OR NOT ({SqlRowExpression.Quote(column)} BETWEEN -1.7976931348623157e308 AND 1.7976931348623157e308)";
        }

        for (var i = 0; i < dimensions.Length; i++)
        {
            var column = dimensions[i];
            if (column.SourceIndex < 0 || column.Type != ColumnType.Text || kinds.GetValueOrDefault(column.Name) != SqlColumnKind.Text)
            {
                reason = $"the dimension '{column.Name}' is not a text column the database holds (numbers and dates are written as the engine prints them)";
                return null;
            }

            derived.Add($"{SqlRowExpression.TextColumn(column.Name)} COLLATE \"C\" AS kpi_d{i}");
        }

        var keys = string.Concat(Enumerable.Range(0, dimensions.Length).Select(i => $", kpi_d{i}"));
        var grouping = dimensions.Length == 0 ? "GROUP BY kpi_period" : $"GROUP BY GROUPING SETS ((kpi_period{keys}), (kpi_period))";
        var total = dimensions.Length == 0 ? "0" : $"GROUPING({string.Join(", ", Enumerable.Range(0, dimensions.Length).Select(i => $"kpi_d{i}"))})";
        var from = definition.Source!.Table is { } table ? DatabaseConnection.Quote(table, qualified: true) : $"({definition.Source.Query!.Trim().TrimEnd(';').Trim()}) AS kpi_source";
        var select = new StringBuilder();
        select.Append(CultureInfo.InvariantCulture, $"SELECT kpi_period{keys}, {total} AS kpi_total, count(*) AS kpi_records, count(*) FILTER (WHERE {kept}) AS kpi_kept, ")
            .Append("min(kpi_day) AS kpi_first_day, max(kpi_day) AS kpi_last_day, count(*) FILTER (WHERE kpi_unsafe) AS kpi_unsafe");
        foreach (var column in columns)
        {
            select.Append(", ").Append(column);
        }

        select.Append(CultureInfo.InvariantCulture, $"\nFROM (SELECT {period} AS kpi_period, ({unsafeRows}) AS kpi_unsafe, {string.Join(", ", derived)}, * FROM {from}) AS kpi_rows\n{grouping}\nORDER BY kpi_period{keys}");
        pushdown.Sql = select.ToString();
        reason = null;
        return pushdown;
    }

    /// <summary>The refusal of the filter, for the reason text.</summary>
    private static string FilterRefusal(DatasetSchema schema, IReadOnlyDictionary<string, SqlColumnKind> kinds, RowPredicate filter)
    {
        if (filter.Condition is null)
        {
            return "it was not compiled from a formula";
        }

        var rows = new SqlRowExpression(schema, kinds, filter.Parameters);
        rows.Condition(filter.Condition);
        return rows.Refusal ?? "it is not a condition";
    }

    /// <summary>The period ordinal of a row, as <see cref="PeriodCalendar.OrdinalOf"/> computes it, from its local timestamp and day number.</summary>
    private static string PeriodSql(PeriodCalendar calendar, string local, string day)
    {
        var inv = CultureInfo.InvariantCulture;
        var month = $"(extract(year FROM {local})::int * 12 + extract(month FROM {local})::int - 1)";
        var shift = calendar.Settings.FiscalYearStartMonth - 1;
        return calendar.Grain switch
        {
            Grain.Day => day,
            Grain.Week => string.Create(inv, $"floor(({day} - {calendar.WeekOffset}) / 7.0)::int"),
            Grain.Month => month,
            Grain.Quarter => string.Create(inv, $"floor(({month} - {shift}) / 3.0)::int"),
            Grain.Year => string.Create(inv, $"floor(({month} - {shift}) / 12.0)::int"),
            // Rows before --from are period -1, after --to period 1, the rest the one period 0.
            _ when calendar.RangeFrom is null && calendar.RangeTo is null => "0",
            _ => "(CASE"
                + (calendar.RangeFrom is { } from ? $" WHEN {local}::date < DATE '{from.ToString("yyyy-MM-dd", inv)}' THEN -1" : string.Empty)
                + (calendar.RangeTo is { } to ? $" WHEN {local}::date > DATE '{to.ToString("yyyy-MM-dd", inv)}' THEN 1" : string.Empty)
                + " ELSE 0 END)",
        };
    }

    /// <summary>Adds the output columns of one aggregate and the reader that turns them into its value; a refusal when it does not translate.</summary>
    private string? AddAggregate(AggregateSpec aggregate, SqlRowExpression rows, string kept, List<string> columns)
    {
        if (aggregate.Call is not { } call)
        {
            return "it was not compiled from a formula";
        }

        var args = call.Arguments;
        var key = aggregate.Key;
        var n = columns.Count;
        var kind = aggregate.Kind;
        string When(string? condition) => condition is null ? kept : $"{kept} AND {condition}";
        string? Condition() => rows.Condition(args[^1]);

        switch (kind)
        {
            case AggregateKind.Count when args.Count == 0:
                columns.Add($"count(*) FILTER (WHERE {kept}) AS kpi_a{n}");
                _readers.Add((r, i) => (KpiValue.Of(r.GetInt64(i)), 1));
                return null;
            case AggregateKind.CountIf:
                if (Condition() is not { } countIf)
                {
                    return rows.Refusal;
                }

                columns.Add($"count(*) FILTER (WHERE {When(countIf)}) AS kpi_a{n}");
                _readers.Add((r, i) => (KpiValue.Of(r.GetInt64(i)), 1));
                return null;
            case AggregateKind.Count or AggregateKind.DistinctCount or AggregateKind.DistinctCountIf:
                {
                    var type = rows.TypeOf(args[0]);
                    var value = type == FormulaType.Text ? rows.Text(args[0]) : rows.Number(args[0]);
                    string? condition = null;
                    if (value is null || (kind == AggregateKind.DistinctCountIf && (condition = Condition()) is null))
                    {
                        return rows.Refusal;
                    }

                    var distinct = kind == AggregateKind.Count ? string.Empty : "DISTINCT ";
                    var collate = type == FormulaType.Text && kind != AggregateKind.Count ? " COLLATE \"C\"" : string.Empty;
                    columns.Add($"count({distinct}({value}){collate}) FILTER (WHERE {When(condition)}) AS kpi_a{n}");
                    _readers.Add((r, i) => (KpiValue.Of(r.GetInt64(i)), 1));
                    return null;
                }

            case AggregateKind.Sum or AggregateKind.SumIf or AggregateKind.Avg or AggregateKind.AvgIf:
                {
                    var value = rows.Number(args[0]);
                    string? condition = null;
                    if (value is null || (kind is AggregateKind.SumIf or AggregateKind.AvgIf && (condition = Condition()) is null))
                    {
                        return rows.Refusal;
                    }

                    // Summed as numeric: exactly, then rounded once to a double (the engine's compensated sum of doubles agrees within 1e-15 relative
                    // but for sums that cancel to almost nothing). A double's shortest text reads back as the same double, which float8::numeric does not promise.
                    var exact = rows.ExactColumn(args[0]) ?? $"({value})::text::numeric";
                    columns.Add($"(sum({exact}) FILTER (WHERE {When(condition)}))::float8 AS kpi_a{n}");
                    columns.Add($"count({value}) FILTER (WHERE {When(condition)}) AS kpi_c{n}");
                    var average = kind is AggregateKind.Avg or AggregateKind.AvgIf;
                    _readers.Add((r, i) =>
                    {
                        var sum = r.IsDBNull(i) ? 0.0 : r.GetDouble(i);
                        var count = r.GetInt64(i + 1);
                        return (!average ? KpiValue.Of(sum) : count == 0 ? NoRows(key) : KpiValue.Of(sum / count), 2);
                    });
                    return null;
                }

            case AggregateKind.Min or AggregateKind.Max:
                {
                    if (rows.Number(args[0]) is not { } value)
                    {
                        return rows.Refusal;
                    }

                    columns.Add($"{(kind == AggregateKind.Min ? "min" : "max")}({value}) FILTER (WHERE {kept}) AS kpi_a{n}");
                    _readers.Add((r, i) => (r.IsDBNull(i) ? NoRows(key) : KpiValue.Of(r.GetDouble(i)), 1));
                    return null;
                }

            default:
                // Median and Product need every value, First and Last the row order: only the in-process scan computes them.
                return $"{kind} is computed by the in-process scan only";
        }
    }

    private static KpiValue NoRows(string key) => KpiValue.Undefined($"no rows for {key}");

    /// <summary>
    /// Runs the query on an open connection. Null with <paramref name="reason"/> when the data holds
    /// rows only the streaming path reports (rows without time, bad numbers): the caller streams them.
    /// </summary>
    public PushedScan? Run(DbConnection db, CancellationToken cancellationToken, out string? reason, out long rowsReturned)
    {
        ArgumentNullException.ThrowIfNull(db);
        using var command = db.CreateCommand();
        command.CommandText = Sql;
        using var reader = command.ExecuteReader();
        var result = new PushedScan();
        var dims = _dimensions.Length;
        long unsafeRows = 0;
        rowsReturned = 0;
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            rowsReturned++;
            var at = 1 + dims;
            var isTotal = reader.GetInt32(at) != 0;
            var records = reader.GetInt64(at + 1);
            var kept = reader.GetInt64(at + 2);
            var firstDay = reader.IsDBNull(at + 3) ? (int?)null : reader.GetInt32(at + 3);
            var lastDay = reader.IsDBNull(at + 4) ? (int?)null : reader.GetInt32(at + 4);
            unsafeRows += reader.GetInt64(at + 5);
            if (reader.IsDBNull(0))
            {
                // Rows without a (valid) time: counted above as unsafe.
                continue;
            }

            var period = _schema.TimeColumn is null ? Timeless : reader.GetInt32(0);
            if (dims == 0 || isTotal)
            {
                // Every row is in exactly one total group: these add up to the dataset's counts and span.
                result.Records += records;
                result.RowsAggregated += kept;
                if (firstDay is { } first && lastDay is { } last && _schema.TimeColumn is not null)
                {
                    result.FirstDay = Math.Min(first, result.FirstDay ?? first);
                    result.LastDay = Math.Max(last, result.LastDay ?? last);
                    result.FirstPeriod = Math.Min(period, result.FirstPeriod ?? period);
                    result.LastPeriod = Math.Max(period, result.LastPeriod ?? period);
                }
            }

            if (kept == 0)
            {
                // The scan makes a group on the first row that passes the filter, never for rows that do not.
                continue;
            }

            var values = new KpiValue[_aggregates.Count + 1];
            var column = at + 6;
            for (var a = 0; a < _aggregates.Count; a++)
            {
                var (value, width) = _readers[a](reader, column);
                values[a] = value;
                column += width;
            }

            values[^1] = KpiValue.Of(kept);
            string?[]? key = null;
            if (!isTotal && dims > 0)
            {
                key = new string?[dims];
                for (var d = 0; d < dims; d++)
                {
                    key[d] = reader.IsDBNull(1 + d) ? null : reader.GetString(1 + d);
                }
            }

            result.Groups.Add(new PushedGroup(period, key, values));
        }

        if (unsafeRows > 0)
        {
            reason = $"{unsafeRows} row(s) have no time, a time outside the time window or just before midnight, or a number that is NaN, infinite or too large; the streaming scan reports them with their record numbers";
            return null;
        }

        reason = null;
        return result;
    }

    /// <summary>The pushdown kind of every column of the dataset's table or query, from the database's type names.</summary>
    public static Dictionary<string, SqlColumnKind> KindsOf(DbConnection db, DatasetDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(definition);
        using var command = db.CreateCommand();
        command.CommandText = DatabaseTable.SelectText(definition, columns: null);
        using var reader = command.ExecuteReader(CommandBehavior.SchemaOnly);
        var kinds = new Dictionary<string, SqlColumnKind>(StringComparer.Ordinal);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            kinds[reader.GetName(i)] = KindOf(reader.GetDataTypeName(i));
        }

        return kinds;
    }

    /// <summary>The pushdown kind of a PostgreSQL type name (as Npgsql reports it, facets such as (10,2) included).</summary>
    public static SqlColumnKind KindOf(string typeName)
    {
        var type = (typeName ?? string.Empty).ToLowerInvariant();
        var paren = type.IndexOf('(', StringComparison.Ordinal);
        var bare = paren >= 0 ? type[..paren].Trim() + type[(type.IndexOf(')', StringComparison.Ordinal) + 1)..] : type;
        return bare.Trim() switch
        {
            "smallint" or "integer" or "bigint" or "int2" or "int4" or "int8" => SqlColumnKind.Integer,
            "numeric" or "decimal" => SqlColumnKind.Decimal,
            "real" or "double precision" or "float4" or "float8" => SqlColumnKind.Float,
            "text" or "character varying" or "varchar" or "character" or "char" or "bpchar" => SqlColumnKind.Text,
            "boolean" or "bool" => SqlColumnKind.Boolean,
            "date" => SqlColumnKind.Date,
            "timestamp without time zone" or "timestamp" => SqlColumnKind.Timestamp,
            "timestamp with time zone" or "timestamptz" => SqlColumnKind.TimestampUtc,
            _ => SqlColumnKind.Other,
        };
    }
}
