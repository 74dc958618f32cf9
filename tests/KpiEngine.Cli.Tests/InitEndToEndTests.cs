namespace KpiEngine.Cli.Tests;

/// <summary>
/// <c>kpi init</c> as a newcomer uses it: an export nobody has described, a project with the shipped
/// profiles and catalogs, and from there a starter that validates and runs. Hostile exports get a clear
/// error and no file.
/// </summary>
public sealed class InitEndToEndTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("kpi-init-e2e-");

    public InitEndToEndTests()
    {
        // A project laid out as documented: the shipped profiles, catalogs and goals, and a data folder.
        foreach (var folder in new[] { "profiles", "catalog", "goals" })
        {
            var source = Path.Combine(KpiProcess.RepositoryRoot, "kpi-definitions", folder);
            var target = Directory.CreateDirectory(Path.Combine(_work.FullName, "kpi-definitions", folder));
            foreach (var file in Directory.GetFiles(source))
            {
                File.Copy(file, Path.Combine(target.FullName, Path.GetFileName(file)));
            }
        }

        Directory.CreateDirectory(Path.Combine(_work.FullName, "kpi-definitions", "clients"));
        Directory.CreateDirectory(Path.Combine(_work.FullName, "data"));
    }

    public void Dispose() => _work.Delete(recursive: true);

    private string Client(string name) => Path.Combine(_work.FullName, "kpi-definitions", "clients", name);

    private string Data(string name, string text)
    {
        var path = Path.Combine(_work.FullName, "data", name);
        File.WriteAllText(path, text);
        return Path.Combine("data", name);
    }

    private KpiRun Kpi(params string[] arguments) => KpiProcess.Run(_work.FullName, arguments);

    [Fact]
    public void Init_ShippedOrdersExport_WritesAStarterThatValidatesRunsAndReports()
    {
        File.Copy(Path.Combine(KpiProcess.RepositoryRoot, "samples", "online-shop", "orders.csv"), Path.Combine(_work.FullName, "data", "orders.csv"));

        var init = Kpi("init", "--data", "data/orders.csv", "--profile", "physical-product");
        var validate = Kpi("validate", "kpi-definitions/clients/orders.yaml");
        var run = Kpi("run", "kpi-definitions/clients/orders.yaml");
        var report = Kpi("report", "kpi-definitions/clients/orders.yaml", "--out", "orders.html");

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("Wrote kpi-definitions/clients/orders.yaml", init.Output, StringComparison.Ordinal);
        var yaml = File.ReadAllText(Client("orders.yaml"));
        Assert.Contains("profile: physical-product", yaml, StringComparison.Ordinal);
        Assert.Contains("time: ordered_at", yaml, StringComparison.Ordinal);
        Assert.Contains("revenue: { dataset: orders, formula: \"Sum([total])\" }", yaml, StringComparison.Ordinal);
        Assert.Contains("delivery_days: { dataset: orders, formula: \"Avg([delivered_at] - [ordered_at])\" }", yaml, StringComparison.Ordinal);
        Assert.Contains("#   conversion_rate (Conversion rate) needs: visits", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("TODO", yaml, StringComparison.OrdinalIgnoreCase);
        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.Contains("0 errors, 0 warnings", validate.Output + validate.Error, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Average delivery time", run.Output, StringComparison.Ordinal);
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.True(File.Exists(Path.Combine(_work.FullName, "orders.html")));
    }

    [Fact]
    public void Init_TinyExport_BindsRevenueAndOrdersToTheRightNumbers()
    {
        Data("orders.csv", "order_id,ordered_at,customer_id,total,items\nA1,2026-01-05,C1,10.50,1\nA2,2026-01-20,C2,20.00,2\nA3,2026-02-03,C1,5.25,1\n");

        var init = Kpi("init", "--data", "data/orders.csv", "--profile", "physical-product", "--out", "kpi-definitions/clients/tiny.yaml");
        var run = Kpi("run", "kpi-definitions/clients/tiny.yaml", "--format", "json");

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        var results = ResultJson.Read(run.Output);

        // By hand: January holds A1 and A2 (10.50 + 20.00 = 30.50, 2 orders, 30.50 / 2 = 15.25 per order);
        // February holds A3 alone (5.25, 1 order).
        Assert.Equal(30.50, results[("sales_revenue", "2026-01")].Value!.Value, 9);
        Assert.Equal(2, results[("order_count", "2026-01")].Value);
        Assert.Equal(15.25, results[("aov", "2026-01")].Value!.Value, 9);
        Assert.Equal(5.25, results[("sales_revenue", "2026-02")].Value!.Value, 9);
        Assert.Equal(1, results[("order_count", "2026-02")].Value);
    }

    [Fact]
    public void Init_SemicolonExportWithDecimalCommasAndGermanDates_DeclaresDelimiterCultureAndDateFormat()
    {
        Data("bestellungen.csv", "bestellnummer;datum;betrag\nB1;05.01.2026;12,50\nB2;20.01.2026;7,50\nB3;03.02.2026;1.000,00\n");

        var init = Kpi("init", "--data", "data/bestellungen.csv", "--profile", "physical-product");
        var validate = Kpi("validate", "kpi-definitions/clients/bestellungen.yaml");
        var run = Kpi("run", "kpi-definitions/clients/bestellungen.yaml", "--format", "json");

        Assert.True(init.ExitCode == 0, init.ToString());
        var yaml = File.ReadAllText(Client("bestellungen.yaml"));
        Assert.Contains("delimiter: \";\"", yaml, StringComparison.Ordinal);
        Assert.Contains("culture: de-DE", yaml, StringComparison.Ordinal);
        Assert.Contains("\"dd.MM.yyyy\"", yaml, StringComparison.Ordinal);
        Assert.Contains("time: datum", yaml, StringComparison.Ordinal);
        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        var results = ResultJson.Read(run.Output);

        // By hand: January is B1 + B2 = 12.50 + 7.50 = 20.00; February is B3, 1.000,00 in German = 1000.
        Assert.Equal(20.0, results[("sales_revenue", "2026-01")].Value!.Value, 9);
        Assert.Equal(1000.0, results[("sales_revenue", "2026-02")].Value!.Value, 9);
        Assert.Equal(2, results[("order_count", "2026-01")].Value);
    }

    [Fact]
    public void Init_JsonLinesWithoutProfile_CountsRowsAndSumsNumberColumns()
    {
        Data("tickets.jsonl", "{\"id\":\"T1\",\"opened\":\"2026-03-02\",\"minutes\":30}\n{\"id\":\"T2\",\"opened\":\"2026-03-09\",\"minutes\":45}\n");

        var init = Kpi("init", "--data", "data/tickets.jsonl", "--out", "kpi-definitions/clients/support.yaml");
        var run = Kpi("run", "kpi-definitions/clients/support.yaml", "--format", "json");

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        var results = ResultJson.Read(run.Output);

        // By hand: both tickets open in March 2026; 30 + 45 = 75 minutes.
        Assert.Equal(2, results[("tickets_rows", "2026-03")].Value);
        Assert.Equal(75, results[("minutes_total", "2026-03")].Value);
    }

    [Fact]
    public void Init_ColumnsThatMakeTheSameId_GiveOneKpiAndAFileThatValidates()
    {
        Data("sales.csv", "day,net total,net_total,\"odd [name]\"\n2026-01-01,1,2,3\n");

        var init = Kpi("init", "--data", "data/sales.csv");
        var validate = Kpi("validate", "kpi-definitions/clients/sales.yaml");

        Assert.True(init.ExitCode == 0, init.ToString());
        var yaml = File.ReadAllText(Client("sales.yaml"));
        Assert.Contains("formula: \"Sum([net total])\"", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("Sum([net_total])", yaml, StringComparison.Ordinal);
        Assert.Contains("\"odd [name]\": number", yaml, StringComparison.Ordinal);
        Assert.True(validate.ExitCode == 0, validate.ToString());
    }

    [Fact]
    public void Init_EmptyExport_FailsWithTheReasonAndWritesNothing()
    {
        Data("orders.csv", string.Empty);

        var init = Kpi("init", "--data", "data/orders.csv", "--profile", "physical-product");

        Assert.True(init.ExitCode == 2, init.ToString());
        Assert.Contains("KPI3003", init.Error, StringComparison.Ordinal);
        Assert.Contains("empty", init.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Client("orders.yaml")));
    }

    [Fact]
    public void Init_HeaderOnly_FailsAskingForRowsAndWritesNothing()
    {
        Data("orders.csv", "order_id,ordered_at,total\n");

        var init = Kpi("init", "--data", "data/orders.csv");

        Assert.True(init.ExitCode == 2, init.ToString());
        Assert.Contains("error KPI7082", init.Error, StringComparison.Ordinal);
        Assert.Contains("no data rows", init.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Client("orders.yaml")));
    }

    [Fact]
    public void Init_NoDateColumn_WarnsAndWritesASnapshotThatValidates()
    {
        Data("prices.csv", "sku,price\nP1,9.90\nP2,19.90\n");

        var init = Kpi("init", "--data", "data/prices.csv");
        var validate = Kpi("validate", "kpi-definitions/clients/prices.yaml");

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("warning KPI7083", init.Error, StringComparison.Ordinal);
        Assert.Contains("time: none", File.ReadAllText(Client("prices.yaml")), StringComparison.Ordinal);
        Assert.True(validate.ExitCode == 0, validate.ToString());
    }

    [Fact]
    public void Init_UnknownProfile_SuggestsTheNearestAndWritesNothing()
    {
        Data("orders.csv", "order_id,ordered_at,total\nA1,2026-01-05,10\n");

        var init = Kpi("init", "--data", "data/orders.csv", "--profile", "physical-prodcut");

        Assert.True(init.ExitCode == 2, init.ToString());
        Assert.Contains("error KPI7084", init.Error, StringComparison.Ordinal);
        Assert.Contains("'physical-product'", init.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Client("orders.yaml")));
    }

    [Fact]
    public void Init_ExistingFile_IsRefusedUntouchedUnlessForced()
    {
        Data("orders.csv", "order_id,ordered_at,total\nA1,2026-01-05,10\n");
        File.WriteAllText(Client("orders.yaml"), "# mine\n");

        var refused = Kpi("init", "--data", "data/orders.csv");
        var untouched = File.ReadAllText(Client("orders.yaml"));
        var forced = Kpi("init", "--data", "data/orders.csv", "--force");

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("error KPI7080", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.Equal("# mine\n", untouched);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Contains("time: ordered_at", File.ReadAllText(Client("orders.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public void Init_MissingExportOrUnknownExtension_FailsClearly()
    {
        Data("orders.txt", "a,b\n1,2\n");

        var missing = Kpi("init", "--data", "data/nope.csv");
        var extension = Kpi("init", "--data", "data/orders.txt");

        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("KPI3001", missing.Error, StringComparison.Ordinal);
        Assert.True(extension.ExitCode == 2, extension.ToString());
        Assert.Contains("error KPI7081", extension.Error, StringComparison.Ordinal);
    }
}
