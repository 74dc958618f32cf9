using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// Loads sample CSV files into a database, one table per file, with a column type chosen from the
/// values the way a database designer would: whole numbers INTEGER, other numbers REAL, ISO dates
/// DATE, ISO date-times DATETIME (timestamp in PostgreSQL), anything else TEXT. Empty cells become NULL.
/// Numbers are bound as doubles parsed by .NET, so the database holds the same doubles the CSV reader makes.
/// </summary>
internal static class SampleDatabase
{
    public enum Kind
    {
        Sqlite,
        PostgreSql,
    }

    /// <summary>Builds a SQLite file with one table per CSV file of <paramref name="folder"/>.</summary>
    public static void BuildSqlite(string folder, string databaseFile)
    {
        using var connection = new SqliteConnection($"Data Source={databaseFile}");
        connection.Open();
        Load(connection, folder, Kind.Sqlite);
    }

    /// <summary>Creates (replacing) one table per CSV file of <paramref name="folder"/> in an open connection.</summary>
    public static void Load(DbConnection connection, string folder, Kind kind)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*.csv").Order(StringComparer.Ordinal))
        {
            var table = Path.GetFileNameWithoutExtension(file);
            var lines = File.ReadAllLines(file);
            var names = lines[0].Split(',');
            var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
            var types = names.Select((_, i) => TypeOf(rows.Select(r => r[i]).Where(v => v.Length > 0).ToList())).ToList();
            using var transaction = connection.BeginTransaction();
            Execute(connection, $"DROP TABLE IF EXISTS {table}");
            Execute(connection, $"CREATE TABLE {table} ({string.Join(", ", names.Select((n, i) => $"{n} {Declared(types[i], kind)}"))})");
            using var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO {table} VALUES ({string.Join(", ", names.Select((_, i) => $"@p{i}"))})";
            var parameters = names.Select((_, i) =>
            {
                var parameter = insert.CreateParameter();
                parameter.ParameterName = $"p{i}";
                insert.Parameters.Add(parameter);
                return parameter;
            }).ToList();
            foreach (var row in rows)
            {
                for (var i = 0; i < names.Length; i++)
                {
                    parameters[i].Value = Value(row[i], types[i], kind);
                }

                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    private static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string TypeOf(List<string> values) =>
        values.Count > 0 && values.All(v => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) ? "INTEGER"
        : values.Count > 0 && values.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) ? "REAL"
        : values.Count > 0 && values.All(v => v.Length == 10 && DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) ? "DATE"
        : values.Count > 0 && values.All(v => DateTime.TryParseExact(v, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) ? "DATETIME"
        : "TEXT";

    private static string Declared(string type, Kind kind) => (kind, type) switch
    {
        (Kind.PostgreSql, "INTEGER") => "bigint",
        (Kind.PostgreSql, "REAL") => "double precision",
        (Kind.PostgreSql, "DATETIME") => "timestamp",
        (Kind.PostgreSql, "DATE") => "date",
        (Kind.PostgreSql, _) => "text",
        _ => type,
    };

    private static object Value(string text, string type, Kind kind) => text.Length == 0 ? DBNull.Value : type switch
    {
        "INTEGER" => long.Parse(text, CultureInfo.InvariantCulture),
        "REAL" => double.Parse(text, CultureInfo.InvariantCulture),
        "DATE" when kind == Kind.PostgreSql => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        "DATETIME" when kind == Kind.PostgreSql => DateTime.ParseExact(text, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None),
        _ => text,
    };
}
