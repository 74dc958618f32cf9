using KpiEngine.Evaluation;
using KpiEngine.Time;

namespace KpiEngine.Core.Tests.Evaluation;

/// <summary>
/// Cohort KPIs (<c>cohort:</c>): one value per cohort and age. The shop below, worked by hand
/// (a customer's cohort is the month of their first order; age n is the n-th month after it):
///   January: a 100, b 50, c 30 (cohort 2026-01 = a, b, c: 3 customers, revenue 180, 3 orders)
///   February: a 40, d 20 (cohort 2026-02 = d)
///   March: d 10 (nobody of cohort 2026-01 orders: its age 2 is 0 active, not missing)
///   April: a 60, b 30 (no one starts in March or April: empty cohorts)
///   May: e 70 (cohort 2026-05 = e); the data ends 2026-05-31.
/// Retention = active / active at age 0:
///   2026-01: 3/3 = 100, 1/3 = 33.33, 0/3 = 0, 2/3 = 66.67, 0/3 = 0 (ages 0 to 4)
///   2026-02: 1/1 = 100, 1/1 = 100 (d in March), 0, 0, and age 4 (June) is after the data: undefined
///   2026-05: 100, then ages 1 to 4 undefined (after the data).
/// Revenue retention 2026-01: February a 40 / 180 = 22.22 %; April 60 + 30 = 90 / 180 = 50 %.
/// Churn from the previous age 2026-01: age 1 (3 - 1) / 3 = 66.67 %, age 2 (1 - 0) / 1 = 100 %,
/// age 3 from 0 active is a division by zero; age 0 has no previous age.
/// Orders per customer, cumulative, 2026-01: 3/3 = 1, 4/3 = 1.333, 4/3, 6/3 = 2, 6/3 = 2.
/// </summary>
public sealed class CohortTests
{
    private const string Orders = """
        order_id,ordered_at,customer_id,total
        1,2026-01-01,a,100
        2,2026-01-15,b,50
        3,2026-01-20,c,30
        4,2026-02-03,a,40
        5,2026-02-10,d,20
        6,2026-03-05,d,10
        7,2026-04-02,a,60
        8,2026-04-20,b,30
        9,2026-05-31,e,70
        """;

    private const string Client = """
        client: c
        datasets:
          orders: { path: orders.csv, time: ordered_at }
        inputs:
          active: { dataset: orders, formula: "DistinctCount([customer_id])" }
          revenue: { dataset: orders, formula: "Sum([total])" }
          orders: { dataset: orders, formula: "Count()" }
        kpis:
          - { id: retention, unit: percent, direction: higher, cohort: { entity: customer_id }, formula: "[active] / Cohort([active]) * 100" }
          - { id: revenue_retention, unit: percent, direction: higher, cohort: { entity: customer_id }, formula: "[revenue] / Cohort([revenue]) * 100" }
          - { id: cumulative_churn, unit: percent, direction: lower, cohort: { entity: customer_id }, formula: "100 - [active] / Cohort([active]) * 100" }
          - { id: churn, unit: percent, direction: lower, cohort: { entity: customer_id }, formula: "(Prev([active]) - [active]) / Prev([active]) * 100" }
          - { id: orders_per_customer, unit: number, direction: higher, cohort: { entity: customer_id }, formula: "Cumulative([orders]) / Cohort([active])" }
          - { id: aov, unit: currency, direction: higher, formula: "[revenue] / [orders]" }
        """;

    private static ClientResult Run(string client = Client, string orders = Orders, EvaluationOptions? options = null)
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", orders);
        return new KpiEvaluator().Run(folder.Write("client.yaml", client), options ?? new EvaluationOptions());
    }

    private static KpiResult Cell(ClientResult result, string kpi, string cohort, int age) =>
        result.Results.Single(r => r.Kpi == kpi && r.Cohort == cohort && r.Age == age);

    [Fact]
    public void Run_RetentionTriangle_GivesEveryCohortAndAgeWorkedByHand()
    {
        var result = Run();

        Assert.Equal(ClientStatus.Succeeded, result.Status);
        double?[] january = [100, 100 / 3.0, 0, 200 / 3.0, 0];
        for (var age = 0; age < january.Length; age++)
        {
            Assert.Equal(january[age]!.Value, Cell(result, "retention", "2026-01", age).Value!.Value, 9);
        }

        Assert.Equal(100, Cell(result, "retention", "2026-02", 0).Value);
        Assert.Equal(100, Cell(result, "retention", "2026-02", 1).Value);
        Assert.Equal(0, Cell(result, "retention", "2026-02", 2).Value);
        Assert.Equal(100, Cell(result, "retention", "2026-05", 0).Value);
        // Cohorts in period order, ages 0 to 4 (the data's last month minus the first cohort's) for each.
        Assert.Equal(["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"], result.Results.Where(r => r.Kpi == "retention").Select(r => r.Cohort!).Distinct());
        Assert.Equal(25, result.Results.Count(r => r.Kpi == "retention"));
        // The period of a cell is the cohort's plus the age.
        Assert.Equal("2026-04", Cell(result, "retention", "2026-01", 3).Period);
    }

    [Fact]
    public void Run_AgeWithoutActivity_IsZeroNotMissing()
    {
        var cell = Cell(Run(), "retention", "2026-01", 2);

        Assert.Equal(0, cell.Value);
        Assert.Null(cell.Reason);
        Assert.False(cell.AfterData);
    }

    [Fact]
    public void Run_AgesAfterTheDataEnds_AreUndefinedWithAReasonNotZero()
    {
        var result = Run();

        var cell = Cell(result, "retention", "2026-02", 4);
        Assert.Null(cell.Value);
        Assert.True(cell.AfterData);
        Assert.Equal("age 4 of cohort 2026-02 is 2026-06, after the data ends (2026-05)", cell.Reason);
        Assert.All(Enumerable.Range(1, 4), age => Assert.True(Cell(result, "retention", "2026-05", age) is { Value: null, AfterData: true }));
    }

    [Fact]
    public void Run_EmptyCohort_IsReportedWithZeroCountsAndUndefinedRatiosNamingWhy()
    {
        var result = Run(Client.Replace("  - { id: aov,", "  - { id: cohort_orders, unit: count, direction: higher, cohort: { entity: customer_id }, formula: \"[orders]\" }\n  - { id: aov,", StringComparison.Ordinal));

        // Nobody starts in March: its orders are 0 at every age, its ratios undefined because it has no one.
        Assert.Equal(0, Cell(result, "cohort_orders", "2026-03", 0).Value);
        var retention = Cell(result, "retention", "2026-03", 0);
        Assert.Null(retention.Value);
        Assert.Equal("cohort 2026-03 is empty: no customer_id starts in it", retention.Reason);
        Assert.Equal("cohort 2026-04 is empty: no customer_id starts in it", Cell(result, "retention", "2026-04", 1).Reason);
    }

    [Fact]
    public void Run_RevenueRetentionChurnAndOrdersPerCustomer_AreEachOneKpi()
    {
        var result = Run();

        Assert.Equal(100, Cell(result, "revenue_retention", "2026-01", 0).Value);
        Assert.Equal(40 / 180.0 * 100, Cell(result, "revenue_retention", "2026-01", 1).Value!.Value, 9);
        Assert.Equal(50, Cell(result, "revenue_retention", "2026-01", 3).Value!.Value, 9);
        Assert.Equal(200 / 3.0, Cell(result, "cumulative_churn", "2026-01", 1).Value!.Value, 9);
        Assert.Equal(200 / 3.0, Cell(result, "churn", "2026-01", 1).Value!.Value, 9);
        Assert.Equal(100, Cell(result, "churn", "2026-01", 2).Value);
        Assert.Null(Cell(result, "churn", "2026-01", 3).Value);
        Assert.Equal("age 0 has no previous age", Cell(result, "churn", "2026-01", 0).Reason);
        double[] perCustomer = [1, 4 / 3.0, 4 / 3.0, 2, 2];
        for (var age = 0; age < perCustomer.Length; age++)
        {
            Assert.Equal(perCustomer[age], Cell(result, "orders_per_customer", "2026-01", age).Value!.Value, 9);
        }
    }

    [Fact]
    public void Run_KpiWithoutCohort_IsStillReportedPerPeriod()
    {
        var result = Run();

        // January: 180 / 3 orders.
        var january = result.Results.Single(r => r.Kpi == "aov" && r.Period == "2026-01");
        Assert.Equal(60, january.Value);
        Assert.Null(january.Cohort);
        Assert.Null(january.Age);
    }

    [Fact]
    public void Run_AgesAndFromTo_BoundTheTriangle()
    {
        var result = Run(Client.Replace("cohort: { entity: customer_id }, formula: \"[active] /", "cohort: { entity: customer_id, ages: 2 }, formula: \"[active] /", StringComparison.Ordinal),
            options: new EvaluationOptions { From = "2026-02", To = "2026-04" });

        // --from/--to choose the cohorts (a's January start still keeps a out of February's); ages: 2 gives ages 0 and 1.
        var retention = result.Results.Where(r => r.Kpi == "retention").ToList();
        Assert.Equal(["2026-02", "2026-03", "2026-04"], retention.Select(r => r.Cohort!).Distinct());
        Assert.Equal([0, 1], retention.Select(r => r.Age!.Value).Distinct());
        Assert.Equal(100, Cell(result, "retention", "2026-02", 1).Value);
        // ages: is each KPI's own, also where KPIs share one cohort: revenue_retention has every age from 2026-02 to 2026-05.
        Assert.Equal([0, 1, 2, 3], result.Results.Where(r => r.Kpi == "revenue_retention").Select(r => r.Age!.Value).Distinct());
    }

    [Fact]
    public void Run_FiscalQuarterGrain_CountsAgesInFiscalQuarters()
    {
        // Fiscal years from April: January to March 2026 is FY2026-Q4, then FY2027-Q1 (April to June), Q2 (July to
        // September), Q3 (October to December, where the data ends). x starts 2026-03-10 (FY2026-Q4) and orders in May
        // (age 1) and July (age 2), not in Q3 (age 3: 0). y starts 2026-04-02 (FY2027-Q1), has no order in Q2 (age 1: 0)
        // and one on 2026-12-01 (age 2); its age 3 (FY2027-Q4) is after the data. Nobody starts later, so two cohorts.
        const string orders = """
            order_id,ordered_at,customer_id,total
            1,2026-03-10,x,10
            2,2026-04-02,y,20
            3,2026-05-01,x,30
            4,2026-07-15,x,40
            5,2026-12-01,y,50
            """;
        var client = Client.Replace("client: c\n", "client: c\ncalendar: { fiscal_year_start: april }\n", StringComparison.Ordinal);

        var result = Run(client, orders, new EvaluationOptions { Grain = Grain.Quarter });

        Assert.Equal(["FY2026-Q4", "FY2027-Q1"], result.Results.Where(r => r.Kpi == "retention").Select(r => r.Cohort!).Distinct());
        Assert.Equal(100, Cell(result, "retention", "FY2026-Q4", 1).Value);
        Assert.Equal(100, Cell(result, "retention", "FY2026-Q4", 2).Value);
        Assert.Equal(0, Cell(result, "retention", "FY2026-Q4", 3).Value);
        Assert.Equal(0, Cell(result, "retention", "FY2027-Q1", 1).Value);
        Assert.Equal(100, Cell(result, "retention", "FY2027-Q1", 2).Value);
        Assert.True(Cell(result, "retention", "FY2027-Q1", 3).AfterData);
        Assert.Equal("FY2027-Q3", Cell(result, "retention", "FY2027-Q1", 2).Period);
        // Revenue retention of x's cohort: 30 / 10 at age 1, 40 / 10 at age 2.
        Assert.Equal(300, Cell(result, "revenue_retention", "FY2026-Q4", 1).Value);
        Assert.Equal(400, Cell(result, "revenue_retention", "FY2026-Q4", 2).Value);
    }

    [Fact]
    public void Run_CohortBySignUp_TakesTheStartFromAnotherDatasetAndItsSizeAsDenominator()
    {
        // Sign-ups: p (January), q (January), r (February). Orders: p in February, r in February and March; q never;
        // z, who never signed up, in January (z is in no cohort, so its order counts nowhere).
        // Cohort 2026-01 = p, q (2 signed up): orders per signed-up customer age 0 = 0/2, age 1 = 1/2 (p), age 2 = 0/2.
        // Cohort 2026-02 = r: age 0 = 1/1, age 1 = 1/1. The cohort's size is Cohort([signed_up]) = the sign-ups at age 0.
        using var folder = new ClientFolder();
        folder.Write("signups.csv", "customer_id,signed_up_at\np,2026-01-03\nq,2026-01-20\nr,2026-02-07\n");
        folder.Write("orders.csv", "order_id,ordered_at,customer_id\n0,2026-01-05,z\n1,2026-02-01,p\n2,2026-02-10,r\n3,2026-03-30,r\n");
        var file = folder.Write("client.yaml", """
            client: c
            datasets:
              signups: { path: signups.csv, time: signed_up_at }
              orders: { path: orders.csv, time: ordered_at }
            inputs:
              signed_up: { dataset: signups, formula: "Count()" }
              orders: { dataset: orders, formula: "Count()" }
            kpis:
              - id: orders_per_signup
                unit: number
                direction: higher
                cohort: { entity: customer_id, dataset: signups, start: signed_up_at }
                formula: "[orders] / Cohort([signed_up])"
            """);

        var result = new KpiEvaluator().Run(file, new EvaluationOptions());

        Assert.Equal(ClientStatus.Succeeded, result.Status);
        Assert.Equal(0, Cell(result, "orders_per_signup", "2026-01", 0).Value);
        Assert.Equal(0.5, Cell(result, "orders_per_signup", "2026-01", 1).Value);
        Assert.Equal(0, Cell(result, "orders_per_signup", "2026-01", 2).Value);
        Assert.Equal(1, Cell(result, "orders_per_signup", "2026-02", 0).Value);
        Assert.Equal(1, Cell(result, "orders_per_signup", "2026-02", 1).Value);
    }

    [Fact]
    public void Run_CohortKpiAtGrainAll_IsUndefinedWithAReason()
    {
        var result = Run(options: new EvaluationOptions { Grain = Grain.All });

        var cell = Assert.Single(result.Results, r => r.Kpi == "retention");
        Assert.Null(cell.Value);
        Assert.Contains("grain 'all' has one period", cell.Reason, StringComparison.Ordinal);
    }
}
