using System.Net;
using System.Net.Sockets;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// Database datasets end to end on SQLite, which needs no server: the online-shop demo from a
/// database built from its CSV files, and the errors a consultant meets wiring a connection.
/// Each test works on a copy of kpi-definitions and samples/online-shop in a temporary folder.
/// </summary>
public sealed class SqliteSourceEndToEndTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("kpi-sqlite-e2e-");

    public SqliteSourceEndToEndTests()
    {
        DatabaseDemo.Copy(Work);
        SampleDatabase.BuildSqlite(Path.Combine(Work, "samples", "online-shop"), Path.Combine(Work, "samples", "shop.db"));
    }

    private string Work => _work.FullName;

    private string Clients => Path.Combine(Work, "kpi-definitions", "clients");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _work.Delete(recursive: true);
    }

    [Fact]
    public void OnlineShop_FromSqliteBuiltFromItsCsvFiles_GivesTheCsvRunsNumbers()
    {
        var sqlite = WriteClient("online-shop-sqlite.yaml", DatabaseDemo.FromDatabase(File.ReadAllText(Path.Combine(Clients, "online-shop.yaml"))));

        var csv = KpiProcess.Run(Work, "run", Path.Combine(Clients, "online-shop.yaml"), "--format", "json", "--include-inputs");
        var database = KpiProcess.Run(Work, Env("sqlite:samples/shop.db"), "run", sqlite, "--format", "json", "--include-inputs");

        DatabaseDemo.AssertSameNumbers(csv, database);
    }

    [Fact]
    public void Source_ConnectionFromConnectionsFile_ResolvesPathsBesideThatFile()
    {
        var file = Path.Combine(Work, "samples", "connections.env");
        File.WriteAllText(file, "# KPI connections\nOTHER=sqlite:nothing.db\nSHOP_DB = sqlite:shop.db\n");
        var client = WriteClient("traffic.yaml", DatabaseDemo.TrafficClient("source: { connection: SHOP_DB, table: traffic }"));

        var run = KpiProcess.Run(Work, new Dictionary<string, string> { ["KPI_CONNECTIONS"] = file }, "run", client, "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        // traffic.csv, January 2026: the sessions of every channel and day, summed by the CSV run as well.
        Assert.Equal(DatabaseDemo.JanuaryVisits(Work), ResultJson.Read(run.Output)[("visits_total", "2026-01")].Value);
    }

    [Fact]
    public void Source_Query_ReadsItsRowsWithTheirTypes()
    {
        var client = WriteClient("traffic.yaml", DatabaseDemo.TrafficClient("source: { connection: SHOP_DB, query: \"select day, sessions from traffic where channel <> 'nobody';\" }"));

        var run = KpiProcess.Run(Work, Env("sqlite:samples/shop.db"), "run", client, "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(DatabaseDemo.JanuaryVisits(Work), ResultJson.Read(run.Output)[("visits_total", "2026-01")].Value);
    }

    [Fact]
    public void Source_UnknownConnection_IsKpi3070AtTheConnectionNameAndSaysHowToSetIt()
    {
        var client = WriteClient("traffic.yaml", DatabaseDemo.TrafficClient("source: { connection: SHOP_DB, table: traffic }"));

        var run = KpiProcess.Run(Work, "run", client);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Matches(@"traffic\.yaml\(\d+,\d+\): error KPI3070: Dataset 'traffic': connection 'SHOP_DB' is not configured", run.Error);
        Assert.Contains("SHOP_DB=sqlite:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Source_UnknownTable_IsKpi3072WithDidYouMean()
    {
        var client = WriteClient("traffic.yaml", DatabaseDemo.TrafficClient("source: { connection: SHOP_DB, table: trafic }"));

        var run = KpiProcess.Run(Work, Env("sqlite:samples/shop.db"), "run", client);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Matches(@"traffic\.yaml\(\d+,\d+\): error KPI3072: Dataset 'traffic': connection 'SHOP_DB' \(.*shop\.db\) has no table or view 'trafic'\. Did you mean 'traffic'\?", run.Error);
    }

    [Fact]
    public void Source_UnknownColumnInAFormula_IsReportedWithDidYouMean()
    {
        var client = WriteClient("traffic.yaml", DatabaseDemo.TrafficClient("source: { connection: SHOP_DB, table: traffic }").Replace("Sum([sessions])", "Sum([session])", StringComparison.Ordinal));

        var run = KpiProcess.Run(Work, Env("sqlite:samples/shop.db"), "run", client);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("'session'", run.Error, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'sessions'?", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Source_BadQuery_IsKpi3073AtTheQuery()
    {
        var client = WriteClient("traffic.yaml", DatabaseDemo.TrafficClient("source: { connection: SHOP_DB, query: \"select day, sesions from traffic\" }"));

        var run = KpiProcess.Run(Work, Env("sqlite:samples/shop.db"), "run", client);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Matches(@"traffic\.yaml\(\d+,\d+\): error KPI3073: Dataset 'traffic': the query of 'SHOP_DB' at .*shop\.db failed: .*sesions", run.Error);
    }

    [Fact]
    public void Source_MissingDatabaseFile_IsKpi3071AndCreatesNoFile()
    {
        var client = WriteClient("traffic.yaml", DatabaseDemo.TrafficClient("source: { connection: SHOP_DB, table: traffic }"));

        var run = KpiProcess.Run(Work, Env("sqlite:samples/missing.db"), "run", client);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("error KPI3071: Dataset 'traffic': cannot connect to 'SHOP_DB' at ", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Work, "samples", "missing.db")));
    }

    [Fact]
    public void Source_PostgreSqlRefusesTheConnection_NamesDatasetAndHostAndMasksThePassword()
    {
        // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
        var client = WriteClient("traffic.yaml", DatabaseDemo.TrafficClient("source: { connection: SHOP_DB, table: traffic }"));

        var run = KpiProcess.Run(Work, Env("postgresql:Host=127.0.0.1;Port=1;Username=kpi;Password=s3cret-Pa55;Database=shop"), "run", client);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("error KPI3071: Dataset 'traffic': cannot connect to 'SHOP_DB' at 127.0.0.1:1", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-Pa55", run.Error + run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Source_PostgreSqlThatNeverAnswers_TimesOutWithKpi3074()
    {
        // A socket that accepts the connection and never says a word, as a hung server does.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var client = WriteClient("traffic.yaml", DatabaseDemo.TrafficClient("source: { connection: SHOP_DB, table: traffic }"));

        var run = KpiProcess.Run(Work, Env($"postgresql:Host=127.0.0.1;Port={port};Username=kpi;Password=pw-never-shown;Database=shop;Timeout=2"), "run", client);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"error KPI3074: Dataset 'traffic': cannot connect to 'SHOP_DB' at 127.0.0.1:{port}", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-never-shown", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Source_ConnectionStringWrittenInTheClientFile_IsRefused()
    {
        var client = WriteClient("traffic.yaml", DatabaseDemo.TrafficClient("source: { connection: \"Data Source=shop.db\", table: traffic }"));

        var run = KpiProcess.Run(Work, "validate", client);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("error KPI1005: The 'source' of dataset 'traffic' names its connection with a connection string", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Source_WithPathOrWithoutTableAndQuery_IsKpi1005()
    {
        var both = WriteClient("both.yaml", DatabaseDemo.TrafficClient("source: { connection: SHOP_DB, table: traffic }\n    path: ../../samples/online-shop/traffic.csv"));
        var neither = WriteClient("neither.yaml", DatabaseDemo.TrafficClient("source: { connection: SHOP_DB }"));

        var first = KpiProcess.Run(Work, "validate", both);
        var second = KpiProcess.Run(Work, "validate", neither);

        // validate prints its report on standard output.
        Assert.Contains("error KPI1005: The dataset 'traffic' reads from a database ('source'), so it cannot have 'path'", first.Output, StringComparison.Ordinal);
        Assert.Contains("error KPI1005: The 'source' of dataset 'traffic' needs exactly one of 'table' and 'query'", second.Output, StringComparison.Ordinal);
        Assert.Equal(2, first.ExitCode);
        Assert.Equal(2, second.ExitCode);
    }

    private static Dictionary<string, string> Env(string value) => new() { ["SHOP_DB"] = value };

    private string WriteClient(string name, string yaml)
    {
        var path = Path.Combine(Clients, name);
        File.WriteAllText(path, yaml);
        return path;
    }
}
