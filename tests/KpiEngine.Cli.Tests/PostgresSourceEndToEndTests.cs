namespace KpiEngine.Cli.Tests;

/// <summary>
/// Database datasets against a real PostgreSQL server (see <see cref="PostgresFactAttribute"/>): the
/// online-shop sample data loaded into a schema of its own, read by table and by query, and the
/// positioned errors of a wrong table and a wrong password.
/// </summary>
public sealed class PostgresSourceEndToEndTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("kpi-postgres-e2e-");
    private readonly PostgresTestSchema _schema = new("kpi_e2e");

    private string Work => _work.FullName;

    private string Clients => Path.Combine(Work, "kpi-definitions", "clients");

    /// <summary>The test server's connection with this test's schema first on the search path.</summary>
    private string Connection => _schema.Connection;

    public void Dispose()
    {
        _schema.Dispose();
        _work.Delete(recursive: true);
    }

    [PostgresFact]
    public void OnlineShop_FromPostgreSqlLoadedFromItsCsvFiles_GivesTheCsvRunsNumbers()
    {
        Load();
        var yaml = File.ReadAllText(Path.Combine(Clients, "online-shop.yaml"));
        var database = Path.Combine(Clients, "online-shop-postgres.yaml");
        File.WriteAllText(database, DatabaseDemo.FromDatabase(yaml));

        var csv = KpiProcess.Run(Work, "run", Path.Combine(Clients, "online-shop.yaml"), "--format", "json", "--include-inputs");
        var run = KpiProcess.Run(Work, Env(Connection), "run", database, "--format", "json", "--include-inputs", "--no-pushdown");
        var pushed = KpiProcess.Run(Work, Env(Connection), "run", database, "--format", "json", "--include-inputs");

        DatabaseDemo.AssertSameNumbers(csv, run);

        // Pushed down, sums are exact decimal sums rounded once, the engine's compensated double sums agree to 1e-9 relative.
        DatabaseDemo.AssertSameNumbers(csv, pushed, relativeTolerance: 1e-9);
    }

    [PostgresFact]
    public void Source_QualifiedTableAndQuery_ReadTheSameRows()
    {
        Load();
        var table = Client("table.yaml", $"table: {_schema.Name}.traffic");
        var query = Client("query.yaml", "query: \"select day, sessions from traffic where sessions >= 0\"");

        var first = KpiProcess.Run(Work, Env(Connection), "run", table, "--format", "json");
        var second = KpiProcess.Run(Work, Env(Connection), "run", query, "--format", "json");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        var visits = DatabaseDemo.JanuaryVisits(Work);
        Assert.Equal(visits, ResultJson.Read(first.Output)[("visits_total", "2026-01")].Value);
        Assert.Equal(visits, ResultJson.Read(second.Output)[("visits_total", "2026-01")].Value);
    }

    [PostgresFact]
    public void Source_UnknownTable_IsKpi3072WithDidYouMeanAndTheHost()
    {
        Load();
        var client = Client("typo.yaml", "table: trafic");

        var run = KpiProcess.Run(Work, Env(Connection), "run", client);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Matches(@"typo\.yaml\(\d+,\d+\): error KPI3072: Dataset 'traffic': connection 'SHOP_DB' \(127\.0\.0\.1:\d+\) has no table or view 'trafic'\. Did you mean 'traffic'\?", run.Error);
    }

    [PostgresFact]
    public void Source_UnknownDatabase_IsKpi3071NamingTheHostWithThePasswordMasked()
    {
        var client = Client("nodb.yaml", "table: traffic");
        var wrong = PostgresFactAttribute.Connection.Replace("Database=", "Password=hunter2-secret;Database=no_such_", StringComparison.Ordinal);

        var run = KpiProcess.Run(Work, Env(wrong), "run", client);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Matches(@"error KPI3071: Dataset 'traffic': cannot connect to 'SHOP_DB' at 127\.0\.0\.1:\d+: .*no_such_kpi_test", run.Error);
        Assert.DoesNotContain("hunter2-secret", run.Error, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Env(string value) => new() { ["SHOP_DB"] = value };

    private string Client(string name, string target)
    {
        Directory.CreateDirectory(Clients);
        var path = Path.Combine(Clients, name);
        File.WriteAllText(path, DatabaseDemo.TrafficClient($"source: {{ connection: SHOP_DB, {target} }}"));
        return path;
    }

    /// <summary>Copies the definitions and the online-shop samples, and loads the samples into this test's schema.</summary>
    private void Load()
    {
        DatabaseDemo.Copy(Work);
        using var db = _schema.Create();
        SampleDatabase.Load(db, Path.Combine(Work, "samples", "online-shop"), SampleDatabase.Kind.PostgreSql);
    }
}
