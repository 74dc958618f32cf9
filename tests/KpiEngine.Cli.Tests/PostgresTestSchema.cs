using Npgsql;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// A schema of its own on the test server (<see cref="PostgresFactAttribute"/>) for one test, so tests
/// running at once never see each other's tables; dropped with everything in it on dispose.
/// </summary>
internal sealed class PostgresTestSchema(string prefix) : IDisposable
{
    private bool _created;

    /// <summary>The schema's name: the prefix and a fresh GUID.</summary>
    public string Name { get; } = $"{prefix}_{Guid.NewGuid():N}";

    /// <summary>The test server's connection (as kpi reads it, <c>postgresql:...</c>) with this schema first on the search path.</summary>
    public string Connection => $"{PostgresFactAttribute.Connection};Search Path={Name}";

    /// <summary>Creates the schema and returns an open connection whose search path starts with it.</summary>
    public NpgsqlConnection Create()
    {
        var db = Open();
        Execute(db, $"CREATE SCHEMA {Name}");
        _created = true;
        Execute(db, $"SET search_path TO {Name}");
        return db;
    }

    /// <summary>An open connection to the test server (the caller disposes it).</summary>
    public static NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(PostgresFactAttribute.Connection["postgresql:".Length..]);
        connection.Open();
        return connection;
    }

    public static void Execute(NpgsqlConnection db, string sql)
    {
        using var command = new NpgsqlCommand(sql, db);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        if (_created)
        {
            using var db = Open();
            Execute(db, $"DROP SCHEMA {Name} CASCADE");
        }
    }
}
