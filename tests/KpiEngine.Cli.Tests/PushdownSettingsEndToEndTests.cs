namespace KpiEngine.Cli.Tests;

/// <summary>
/// The settings around SQL pushdown that need no PostgreSQL server: <c>pushdown:</c> and <c>culture:</c>
/// on a database source, and what <c>kpi explain</c> says of a SQLite dataset (streamed: pushdown is for PostgreSQL).
/// </summary>
public sealed class PushdownSettingsEndToEndTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("kpi-pushdown-settings-");

    public PushdownSettingsEndToEndTests()
    {
        DatabaseDemo.Copy(Work);
        SampleDatabase.BuildSqlite(Path.Combine(Work, "samples", "online-shop"), Path.Combine(Work, "samples", "shop.db"));
    }

    private string Work => _work.FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _work.Delete(recursive: true);
    }

    [Fact]
    public void Source_WithCulture_IsKpi7000AtTheCultureKeyAndTheNumbersStayInvariant()
    {
        var client = Write("culture.yaml", DatabaseDemo.TrafficClient("source: { connection: SHOP_DB, table: traffic }\n    culture: de-DE"));

        var run = KpiProcess.Run(Work, Env(), "run", client, "--format", "json");

        Assert.True(run.ExitCode == 1, run.ToString());
        // Line 5 of TrafficClient: the dataset's second key, culture, at column 5.
        Assert.True(run.Error.Contains("culture.yaml(5,5): error KPI7000: The dataset 'traffic' reads from a database ('source'), whose column types come from its schema, so it cannot have 'culture'.", StringComparison.Ordinal), run.ToString());
        // The culture is never used: the values are those of the CSV file, read invariant.
        Assert.Equal(DatabaseDemo.JanuaryVisits(Work), ResultJson.Read(run.Output)[("visits_total", "2026-01")].Value);
    }

    [Fact]
    public void Source_PushdownNotABoolean_IsRefusedWithTheFix()
    {
        var client = Write("flag.yaml", DatabaseDemo.TrafficClient("source: { connection: SHOP_DB, table: traffic, pushdown: sometimes }"));

        var run = KpiProcess.Run(Work, Env(), "run", client);

        // Like every invalid value, reported at its place (line 4, column 62: the value) and the run goes on (exit 1).
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.True(run.Error.Contains("flag.yaml(4,62): error KPI1005: 'pushdown' of the 'source' of dataset 'traffic' is 'sometimes'; it takes true or false.", StringComparison.Ordinal), run.ToString());
    }

    [Fact]
    public void Explain_SqliteDataset_SaysItsRowsAreStreamedAndWhy()
    {
        var client = Write("traffic.yaml", DatabaseDemo.TrafficClient("source: { connection: SHOP_DB, table: traffic }"));

        var plan = KpiProcess.Run(Work, Env(), "explain", client, "visits");
        var trace = KpiProcess.Run(Work, Env(), "explain", client, "visits", "--period", "2026-01");

        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Contains("data access of dataset 'traffic' at grain month: streaming (pushdown is for PostgreSQL; this connection is SQLite)", plan.Output, StringComparison.Ordinal);
        Assert.True(trace.ExitCode == 0, trace.ToString());
        // SQLite is a file, not a socket: rows are counted, bytes are not.
        Assert.Matches(@"data access: streaming \(pushdown is for PostgreSQL; this connection is SQLite\); \d+ rows, 0 bytes transferred", trace.Output);
        Assert.Contains("SELECT \"day\", \"sessions\" FROM \"traffic\"", trace.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_WithSubtotals_SaysTheRowsAreStreamedForThem()
    {
        // Subtotals are merged from the combinations' groups in the engine, which a pushed-down query does not return:
        // the static reason comes before the provider's, so SQLite shows it as PostgreSQL would.
        var client = Write("subtotals.yaml", DatabaseDemo.TrafficClient("source: { connection: SHOP_DB, table: traffic }"));

        var trace = KpiProcess.Run(Work, Env(), "explain", client, "visits", "--period", "2026-01", "--by", "channel,day", "--subtotals");

        Assert.True(trace.ExitCode == 0, trace.ToString());
        Assert.Contains("data access: streaming (subtotals (--subtotals, Parent(x)) are merged from the groups of the rows in the engine)", trace.Output, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Env() => new() { ["SHOP_DB"] = "sqlite:samples/shop.db" };

    private string Write(string name, string yaml)
    {
        var path = Path.Combine(Work, "kpi-definitions", "clients", name);
        File.WriteAllText(path, yaml);
        return path;
    }
}
