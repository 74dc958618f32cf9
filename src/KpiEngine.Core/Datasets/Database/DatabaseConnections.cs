using System.Data.Common;
using System.Globalization;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace KpiEngine.Datasets;

/// <summary>The database products a dataset can read.</summary>
internal enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// A resolved connection: its provider, the connection string to open it with, where it came from
/// and what to hide. Never printed whole: <see cref="Mask"/> removes the password from any message.
/// </summary>
internal sealed class DatabaseConnection
{
    private readonly string _connectionString;
    private readonly string? _password;

    public DatabaseConnection(string name, DatabaseProvider provider, string connectionString, string origin)
    {
        Name = name;
        Provider = provider;
        _connectionString = connectionString;
        Origin = origin;
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        _password = builder.TryGetValue("password", out var password) || builder.TryGetValue("pwd", out password) ? Convert.ToString(password, CultureInfo.InvariantCulture) : null;
        Host = provider == DatabaseProvider.Sqlite
            ? new SqliteConnectionStringBuilder(connectionString).DataSource
            : new NpgsqlConnectionStringBuilder(connectionString) is var pg ? $"{pg.Host}:{pg.Port.ToString(CultureInfo.InvariantCulture)}" : string.Empty;
    }

    /// <summary>The connection's name, as the dataset writes it.</summary>
    public string Name { get; }

    public DatabaseProvider Provider { get; }

    /// <summary>The host and port (PostgreSQL) or the database file (SQLite), for messages.</summary>
    public string Host { get; }

    /// <summary>Where the connection string came from: "environment variable SHOP_DB" or "connections file /etc/kpi/connections".</summary>
    public string Origin { get; }

    /// <summary>Opens a new connection; the caller disposes it.</summary>
    public DbConnection Open()
    {
        DbConnection connection = Provider == DatabaseProvider.Sqlite ? new SqliteConnection(_connectionString) : new NpgsqlConnection(_connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The text with the password (and the whole connection string) replaced by ***.</summary>
    public string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Replace(_connectionString, "***", StringComparison.Ordinal);
        return string.IsNullOrEmpty(_password) ? text : text.Replace(_password, "***", StringComparison.Ordinal);
    }

    /// <summary>The quoted name of a table or column: "a"."b" for a schema-qualified table, quotes doubled inside.</summary>
    public static string Quote(string name, bool qualified) =>
        qualified
            ? string.Join('.', name.Split('.').Select(part => Quote(part, qualified: false)))
            : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>
/// Finds a connection by name: first an environment variable of that name, then a line
/// <c>NAME=value</c> of the connections file that <c>KPI_CONNECTIONS</c> names. The value starts with
/// the provider: <c>sqlite:PATH</c> (or <c>sqlite:Data Source=PATH;...</c>) or
/// <c>postgresql:Host=...;Database=...;Username=...;Password=...</c>. Connection strings never sit in
/// the client file, so neither do passwords.
/// </summary>
internal static class DatabaseConnections
{
    /// <summary>The environment variable that names the connections file.</summary>
    public const string FileVariable = "KPI_CONNECTIONS";

    /// <summary>Seconds to wait for a connection, and for the database to answer, when the connection string does not say.</summary>
    public const int DefaultTimeoutSeconds = 15;

    /// <summary>Resolves the dataset's connection; null with KPI3070 reported when it cannot.</summary>
    public static DatabaseConnection? Resolve(DatasetDefinition definition, DiagnosticBag diagnostics)
    {
        var source = definition.Source!;
        string? value;
        string origin;
        string baseFolder;
        if (Environment.GetEnvironmentVariable(source.Connection) is { Length: > 0 } fromEnvironment)
        {
            (value, origin, baseFolder) = (fromEnvironment, $"environment variable {source.Connection}", Directory.GetCurrentDirectory());
        }
        else if (Environment.GetEnvironmentVariable(FileVariable) is { Length: > 0 } file)
        {
            var full = Path.GetFullPath(file);
            (origin, baseFolder) = ($"connections file {full}", Path.GetDirectoryName(full)!);
            if (!TryReadFile(full, source.Connection, out value, out var problem))
            {
                diagnostics.Add(DiagnosticCatalog.ConnectionUnknown, $"Dataset '{definition.Name}': connection '{source.Connection}': {problem}", source.ConnectionSpan,
                    $"The {FileVariable} variable names '{full}'.");
                return null;
            }
        }
        else
        {
            value = null;
            (origin, baseFolder) = (string.Empty, string.Empty);
        }

        if (value is null)
        {
            diagnostics.Add(DiagnosticCatalog.ConnectionUnknown,
                $"Dataset '{definition.Name}': connection '{source.Connection}' is not configured: no environment variable {source.Connection}"
                + (origin.Length > 0 ? $" and no line '{source.Connection}=...' in the {origin}." : $", and {FileVariable} names no connections file."),
                source.ConnectionSpan,
                $"Set {source.Connection}=sqlite:path/to/file.db or {source.Connection}=\"postgresql:Host=...;Database=...;Username=...\" in the environment, or add that line to the file {FileVariable} names.");
            return null;
        }

        try
        {
            return Create(source.Connection, value, origin, baseFolder);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            // The message of a bad connection string may quote it: say only where it came from.
            diagnostics.Add(DiagnosticCatalog.ConnectionUnknown, $"Dataset '{definition.Name}': the connection string of '{source.Connection}' ({origin}) cannot be used: {Describe(e)}",
                source.ConnectionSpan, "Start it with sqlite: or postgresql: followed by the provider's connection string (Host=...;Database=...;Username=...).");
            return null;
        }
    }

    private static string Describe(Exception e) => e is FormatException or ArgumentException && e.Message.Contains('=', StringComparison.Ordinal)
        ? "it is not a valid connection string."
        : e.Message;

    private static DatabaseConnection Create(string name, string value, string origin, string baseFolder)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon > 0 ? value[..colon].Trim().ToLowerInvariant() : string.Empty;
        var rest = colon > 0 ? value[(colon + 1)..].Trim() : value;
        switch (scheme)
        {
            case "sqlite":
                var sqlite = rest.Contains('=', StringComparison.Ordinal) ? new SqliteConnectionStringBuilder(rest) : new SqliteConnectionStringBuilder { DataSource = rest };
                if (string.IsNullOrEmpty(sqlite.DataSource))
                {
                    throw new ArgumentException("it names no database file (Data Source=...).");
                }

                if (sqlite.DataSource != ":memory:")
                {
                    sqlite.DataSource = Path.GetFullPath(sqlite.DataSource, baseFolder);
                }

                // KPIs only read: a missing file is an error, not a new empty database.
                if (!rest.Contains("mode", StringComparison.OrdinalIgnoreCase))
                {
                    sqlite.Mode = SqliteOpenMode.ReadOnly;
                }

                if (!rest.Contains("timeout", StringComparison.OrdinalIgnoreCase))
                {
                    sqlite.DefaultTimeout = DefaultTimeoutSeconds;
                }

                return new DatabaseConnection(name, DatabaseProvider.Sqlite, sqlite.ConnectionString, origin);
            case "postgresql" or "postgres":
                var pg = new NpgsqlConnectionStringBuilder(rest);
                if (!rest.Contains("timeout", StringComparison.OrdinalIgnoreCase))
                {
                    // Never hang: a host that does not answer, or a query that does not return, ends in KPI3074.
                    pg.Timeout = DefaultTimeoutSeconds;
                    pg.CommandTimeout = 300;
                }

                pg.ApplicationName ??= "kpi";
                return new DatabaseConnection(name, DatabaseProvider.PostgreSql, pg.ConnectionString, origin);
            default:
                throw new ArgumentException($"it does not start with sqlite: or postgresql: (it starts with '{(colon > 0 ? value[..colon] : "no scheme")}').");
        }
    }

    /// <summary>Reads <c>NAME=value</c> lines; blank lines and lines starting with # are skipped; the first line for a name wins.</summary>
    private static bool TryReadFile(string file, string name, out string? value, out string? problem)
    {
        value = null;
        problem = null;
        try
        {
            if (InputFile.KindProblem(file) is { } kind)
            {
                problem = $"the connections file '{file}' {kind}.";
                return false;
            }

            foreach (var line in File.ReadLines(file))
            {
                var text = line.Trim();
                var equals = text.IndexOf('=', StringComparison.Ordinal);
                if (text.Length == 0 || text[0] == '#' || equals <= 0)
                {
                    continue;
                }

                if (text[..equals].Trim() == name)
                {
                    value = text[(equals + 1)..].Trim();
                    if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
                    {
                        value = value[1..^1];
                    }

                    return true;
                }
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"the connections file cannot be read: {e.Message}";
            return false;
        }
    }
}
