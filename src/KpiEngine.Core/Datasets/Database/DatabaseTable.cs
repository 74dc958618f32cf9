using System.Data;
using System.Data.Common;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace KpiEngine.Datasets;

/// <summary>
/// A dataset's table or query in a database: its columns with the types the database declares, and
/// the SQL that reads the columns a run needs. Every failure becomes a positioned diagnostic naming
/// the dataset, the connection and its host, with the password masked; nothing throws for bad input.
/// </summary>
internal static class DatabaseTable
{
    /// <summary>The columns of the table or query, in order, with their types; null when it cannot be read (reported).</summary>
    public static IReadOnlyList<(string Name, ColumnType Type)>? Columns(DatasetDefinition definition, DiagnosticBag diagnostics)
    {
        if (DatabaseConnections.Resolve(definition, diagnostics) is not { } connection)
        {
            return null;
        }

        return Run(definition, connection, diagnostics, db =>
        {
            var source = definition.Source!;
            if (source.Table is { } table && !TableExists(db, connection, table, out var tables))
            {
                diagnostics.Add(DiagnosticCatalog.TableUnknown,
                    $"Dataset '{definition.Name}': connection '{connection.Name}' ({connection.Host}) has no table or view '{table}'.",
                    source.TargetSpan, NameSuggestions.DidYouMean(table, tables) ?? (tables.Count > 0 ? $"Its tables are: {string.Join(", ", tables.Take(30))}." : "The database has no tables."));
                return null;
            }

            using var command = db.CreateCommand();
            command.CommandText = SelectText(definition, columns: null);
            using var reader = command.ExecuteReader(CommandBehavior.SchemaOnly);
            var columns = new List<(string, ColumnType)>(reader.FieldCount);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                columns.Add((reader.GetName(i), TypeOf(reader.GetDataTypeName(i))));
            }

            return (IReadOnlyList<(string, ColumnType)>)columns;
        });
    }

    /// <summary>Opens the connection and runs <paramref name="work"/>, turning database failures into diagnostics; null then.</summary>
    public static T? Run<T>(DatasetDefinition definition, DatabaseConnection connection, DiagnosticBag diagnostics, Func<DbConnection, T?> work)
        where T : class
    {
        var source = definition.Source!;
        DbConnection db;
        try
        {
            db = connection.Open();
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException or IOException or ArgumentException)
        {
            var timeout = IsTimeout(e);
            diagnostics.Add(timeout ? DiagnosticCatalog.DatabaseTimeout : DiagnosticCatalog.ConnectionFailed,
                $"Dataset '{definition.Name}': cannot connect to '{connection.Name}' at {connection.Host}: {connection.Mask(Message(e))}",
                source.ConnectionSpan,
                timeout ? $"The database did not answer within the timeout; check that it runs and is reachable, or raise Timeout= in the connection string ({connection.Origin})."
                    : $"Check the host, port, database name and credentials of the connection string ({connection.Origin}).");
            return null;
        }

        try
        {
            using (db)
            {
                return work(db);
            }
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException or IOException)
        {
            var timeout = IsTimeout(e);
            diagnostics.Add(timeout ? DiagnosticCatalog.DatabaseTimeout : DiagnosticCatalog.QueryFailed,
                $"Dataset '{definition.Name}': {(source.Query is null ? $"reading table '{source.Table}'" : "the query")} of '{connection.Name}' at {connection.Host} failed: {connection.Mask(Message(e))}",
                source.TargetSpan,
                timeout ? $"The database did not answer within the timeout; raise Command Timeout= in the connection string ({connection.Origin}) for a long query."
                    : source.Query is null ? "Check the table's name and that the login may read it." : "Run the query in the database's own client to see what is wrong with it.");
            return null;
        }
    }

    /// <summary>
    /// The SELECT that reads <paramref name="columns"/> (all when null) of the table, or of the query
    /// wrapped as a subquery; a trailing semicolon of the query is dropped so it can be wrapped.
    /// </summary>
    public static string SelectText(DatasetDefinition definition, IReadOnlyList<string>? columns)
    {
        var source = definition.Source!;
        var list = columns is null ? "*" : columns.Count == 0 ? "1" : string.Join(", ", columns.Select(c => DatabaseConnection.Quote(c, qualified: false)));
        var from = source.Table is { } table ? DatabaseConnection.Quote(table, qualified: true) : $"({source.Query!.Trim().TrimEnd(';').Trim()}) AS kpi_source";
        return $"SELECT {list} FROM {from}";
    }

    /// <summary>
    /// The engine's type for a database type name: SQLite's declared types (by its affinity rules,
    /// dates before numbers since DATE would otherwise be NUMERIC) and PostgreSQL's type names.
    /// </summary>
    public static ColumnType TypeOf(string databaseType)
    {
        var type = databaseType.ToUpperInvariant();
        if (type.Contains("TIMESTAMP", StringComparison.Ordinal) || type.Contains("DATETIME", StringComparison.Ordinal))
        {
            return ColumnType.DateTime;
        }

        if (type.StartsWith("DATE", StringComparison.Ordinal))
        {
            return ColumnType.Date;
        }

        if (type.StartsWith("BOOL", StringComparison.Ordinal))
        {
            return ColumnType.Boolean;
        }

        if (type is "INTERVAL" or "POINT" || type.Contains("CHAR", StringComparison.Ordinal) || type.Contains("TEXT", StringComparison.Ordinal)
            || type.Contains("CLOB", StringComparison.Ordinal) || type.Contains("UUID", StringComparison.Ordinal) || type.Contains("JSON", StringComparison.Ordinal))
        {
            return ColumnType.Text;
        }

        return type.Contains("INT", StringComparison.Ordinal) || type.Contains("REAL", StringComparison.Ordinal) || type.Contains("FLOA", StringComparison.Ordinal)
            || type.Contains("DOUB", StringComparison.Ordinal) || type.Contains("NUMERIC", StringComparison.Ordinal) || type.Contains("DECIMAL", StringComparison.Ordinal)
            || type == "MONEY"
            ? ColumnType.Number
            : ColumnType.Text;
    }

    private static bool TableExists(DbConnection db, DatabaseConnection connection, string table, out List<string> tables)
    {
        tables = [];
        using (var command = db.CreateCommand())
        {
            command.CommandText = connection.Provider == DatabaseProvider.Sqlite
                ? "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"
                : "SELECT CASE WHEN table_schema = ANY (current_schemas(false)) THEN table_name ELSE table_schema || '.' || table_name END FROM information_schema.tables "
                  + "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        return tables.Contains(table, StringComparer.Ordinal)
            || (connection.Provider == DatabaseProvider.PostgreSql && table.Contains('.', StringComparison.Ordinal) && TableIsQualifiedVisible(db, table));
    }

    /// <summary>A schema-qualified PostgreSQL name (public.orders) of a table on the search path, which the list above shows unqualified.</summary>
    private static bool TableIsQualifiedVisible(DbConnection db, string table)
    {
        using var command = db.CreateCommand();
        command.CommandText = "SELECT to_regclass(@name) IS NOT NULL";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "name";
        parameter.Value = DatabaseConnection.Quote(table, qualified: true);
        command.Parameters.Add(parameter);
        return command.ExecuteScalar() is true;
    }

    private static bool IsTimeout(Exception e) =>
        e is TimeoutException || e.InnerException is TimeoutException || (e is NpgsqlException { InnerException: TimeoutException })
        || (e is SqliteException { SqliteErrorCode: 5 or 6 }) || e.Message.Contains("timeout", StringComparison.OrdinalIgnoreCase);

    private static string Message(Exception e) =>
        e.InnerException is { } inner && e is NpgsqlException && !e.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{e.Message.TrimEnd('.')}: {inner.Message}"
            : e.Message;
}
