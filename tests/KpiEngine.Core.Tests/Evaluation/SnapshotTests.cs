using KpiEngine.Evaluation;
using KpiEngine.Time;

namespace KpiEngine.Core.Tests.Evaluation;

/// <summary>
/// Snapshot data (datasets without a time column) and the "no period" failures validate must catch.
/// The customer table, worked by hand: 5 customers, 2 churned (C1, C5), so churn is 2 / 5 * 100 = 40 %;
/// month-to-month C1, C2, C5: 2 of 3 churned, 66.67 %; one-year C3 and two-year C4: none, 0 %.
/// </summary>
public sealed class SnapshotTests
{
    private const string Customers = """
        customer_id,contract,monthly_charges,churned
        C1,month-to-month,70,true
        C2,month-to-month,50,false
        C3,one-year,80,false
        C4,two-year,90,false
        C5,month-to-month,30,true
        """;

    private const string Snapshot = """
        client: snap
        datasets:
          customers: { path: customers.csv, time: none }
        inputs:
          customers: { dataset: customers, formula: "Count()" }
          churned: { dataset: customers, formula: "CountIf([churned])" }
        kpis:
          - { id: churn_rate, unit: percent, direction: lower, formula: "[churned] / [customers] * 100" }
          - { id: churn_change, unit: percent, direction: lower, formula: "Change([churn_rate])" }
        """;

    private const string Orders = """
        order_id,ordered_at,total
        A1,2026-01-05,100
        A2,2026-01-20,50
        A3,2026-03-02,30
        """;

    private static ClientResult Run(ClientFolder folder, string yaml, EvaluationOptions? options = null) =>
        new KpiEvaluator().Run(folder.Write("client.yaml", yaml), options ?? new EvaluationOptions());

    private static double? Value(ClientResult result, string kpi, string period, string? dimension = null) =>
        result.Results.Single(r => r.Kpi == kpi && r.Period == period
            && (dimension is null ? r.Dimensions.Count == 0 : r.Dimensions.Count == 1 && r.Dimensions[0].Value == dimension)).Value;

    [Fact]
    public void Run_SnapshotClientAtTheDefaultGrain_ReportsThePeriodAll()
    {
        using var folder = new ClientFolder();
        folder.Write("customers.csv", Customers);

        var result = Run(folder, Snapshot, new EvaluationOptions { Dimensions = ["contract"] });

        Assert.Equal(ClientStatus.Succeeded, result.Status);
        Assert.Equal(Grain.All, result.Grain);
        Assert.Equal(["all"], result.Periods);
        Assert.Equal(40, Value(result, "churn_rate", "all"));
        Assert.Equal(200.0 / 3, Value(result, "churn_rate", "all", "month-to-month")!.Value, 12);
        Assert.Equal(0, Value(result, "churn_rate", "all", "one-year"));
        Assert.Equal(0, Value(result, "churn_rate", "all", "two-year"));
        Assert.Null(result.FirstDate); // no dates in a snapshot
        Assert.Contains("grain 'all' has one period", result.Results.Single(r => r.Kpi == "churn_change" && r.Dimensions.Count == 0).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SnapshotClientWithFromTo_WarnsThatTheyAreIgnored()
    {
        using var folder = new ClientFolder();
        folder.Write("customers.csv", Customers);

        var result = Run(folder, Snapshot, new EvaluationOptions { From = "2026-01" });

        Assert.Equal(40, Value(result, "churn_rate", "all"));
        Assert.Contains(result.Diagnostics, d => d.Id == "KPI3041" && !d.IsError);
    }

    [Fact]
    public void Validate_SnapshotClient_IsClean()
    {
        using var folder = new ClientFolder();
        folder.Write("customers.csv", Customers);

        Assert.Empty(new KpiEvaluator().Validate(folder.Write("client.yaml", Snapshot)));
    }

    [Fact]
    public void Run_MixedClient_SnapshotValueIsTheSameInEveryPeriodAndUndeclaredTimeWarns()
    {
        using var folder = new ClientFolder();
        folder.Write("customers.csv", Customers);
        folder.Write("orders.csv", Orders);
        const string Mixed = """
            client: mixed
            datasets:
              orders: { path: orders.csv, time: ordered_at }
              customers: { path: customers.csv }
            inputs:
              revenue: { dataset: orders, formula: "Sum([total])" }
              customers: { dataset: customers, formula: "Count()" }
            kpis:
              - { id: revenue_per_customer, unit: currency, direction: higher, formula: "[revenue] / [customers]" }
            """;

        var result = Run(folder, Mixed);
        var validated = new KpiEvaluator().Validate(Path.Combine(folder.Path, "client.yaml"));

        // 5 customers in every month: January 150 / 5 = 30, February 0 / 5 = 0, March 30 / 5 = 6.
        Assert.Equal(30, Value(result, "revenue_per_customer", "2026-01"));
        Assert.Equal(0, Value(result, "revenue_per_customer", "2026-02"));
        Assert.Equal(6, Value(result, "revenue_per_customer", "2026-03"));
        var warning = Assert.Single(result.Diagnostics, d => d.Id == "KPI1040");
        Assert.Contains("'customers' has no 'time:'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("time: none", warning.Suggestion, StringComparison.Ordinal);
        Assert.Single(validated, d => d.Id == "KPI1040");

        // Said on purpose, it is quiet; over the whole range it is 180 / 5 = 36.
        var declared = Run(folder, Mixed.Replace("{ path: customers.csv }", "{ path: customers.csv, time: none }", StringComparison.Ordinal), new EvaluationOptions { Grain = Grain.All });
        Assert.DoesNotContain(declared.Diagnostics, d => d.Id == "KPI1040");
        Assert.Equal(36, Value(declared, "revenue_per_customer", "all"));
    }

    public static TheoryData<string, string> NoPeriodFiles => new()
    {
        // A header only: KPI3021 alone used to be a warning, and the run then failed.
        { "id,day,x\n", "'d' (d.csv) has a header but no rows" },
        { "id,day,x\n1,,5\n2,,6\n", "none of the 2 rows of 'd' (d.csv) has a date in time column 'day'" },
        { "id,day,x\n1,1800-01-01,5\n", "every date in time column 'day' of 'd' (d.csv) lies outside its time_window 1950-01-01 to 2098-12-31" },
    };

    [Theory]
    [MemberData(nameof(NoPeriodFiles))]
    public void Validate_DatedDatasetWithoutADatedRow_IsKPI3040NamingTheCause(string data, string cause)
    {
        using var folder = new ClientFolder();
        folder.Write("d.csv", data);
        var client = folder.Write("client.yaml", """
            client: t
            datasets:
              d: { path: d.csv, time: day }
            inputs:
              n: { dataset: d, formula: "Sum([x])" }
            kpis:
              - { id: k, unit: count, direction: higher, formula: "[n]" }
            """);

        var validated = new KpiEvaluator().Validate(client);
        var run = new KpiEvaluator().Run(client, new EvaluationOptions());

        var error = Assert.Single(validated, d => d.Id == "KPI3040");
        Assert.True(error.IsError);
        Assert.Equal($"Client 't' has no period to report: {cause}.", error.Message);
        Assert.Equal(ClientStatus.Failed, run.Status);
        Assert.Contains(run.Diagnostics, d => d.Id == "KPI3040");
    }

    [Fact]
    public void Validate_OneOfTwoDatedDatasetsUsable_HasNoKPI3040()
    {
        using var folder = new ClientFolder();
        folder.Write("d.csv", "id,day,x\n");
        folder.Write("orders.csv", Orders);
        var client = folder.Write("client.yaml", """
            client: t
            datasets:
              d: { path: d.csv, time: day }
              orders: { path: orders.csv, time: ordered_at }
            inputs:
              n: { dataset: d, formula: "Sum([x])" }
              revenue: { dataset: orders, formula: "Sum([total])" }
            """);

        Assert.DoesNotContain(new KpiEvaluator().Validate(client), d => d.Id == "KPI3040");
    }

    [Fact]
    public void Run_FromToOutsideTheData_IsKPI3040NamingTheDatasetsRange()
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        var client = folder.Write("client.yaml", """
            client: t
            datasets:
              orders: { path: orders.csv, time: ordered_at }
            inputs:
              revenue: { dataset: orders, formula: "Sum([total])" }
            """);

        var result = new KpiEvaluator().Run(client, new EvaluationOptions { Grain = Grain.All, From = "2030", To = "2031", IncludeInputs = true });

        var error = Assert.Single(result.Diagnostics, d => d.Id == "KPI3040");
        Assert.Equal("Client 't' has no period to report: 'orders' has rows dated 2026-01-05 to 2026-03-02, none inside --from/--to.", error.Message);
    }
}
