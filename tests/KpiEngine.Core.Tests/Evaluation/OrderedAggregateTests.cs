using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;

namespace KpiEngine.Core.Tests.Evaluation;

/// <summary>
/// <c>FirstBy</c>/<c>LastBy</c>, <c>MinIf</c>/<c>MaxIf</c> and text-valued derived columns. Orders,
/// worked by hand (file order matters for ties):
///   A1 2026-01-05 C1 north delivered 100
///   A2 2026-01-05 C2 south cancelled  50
///   A3 2026-01-05 C2 east  delivered  80
///   A4 2026-02-10 C3 south delivered  30
///   A5 2026-02-10 C1 north delivered  70
///   A6 2026-02-11 C3 (no region) delivered 20
///   A7 2026-03-01 C1 north cancelled (no total)
///   A8 2026-03-02 (no customer) west delivered 10
/// Per month, FirstBy([total], [ordered_at]): January all on the 5th, the first in the file A1 = 100;
/// February A4 and A5 tie on the 10th, A4 is earlier = 30; March A7 has no total (skipped), A8 = 10.
/// LastBy: January the last of the tie A3 = 80; February A6 (the 11th) = 20; March A8 = 10.
/// MinIf([total], [status] != 'cancelled'): January min(100, 80) = 80; February min(30, 70, 20) = 20; March 10.
/// MaxIf([total], [status] == 'cancelled'): January 50; February no cancelled row; March A7 has no total:
/// both undefined, "no rows for ...".
/// Customers (by customer_id; A8 belongs to none):
///   C1 A1, A5, A7: first order 2026-01-05, first region north, last region north (A7),
///      LastBy([total]) skips A7 (no total) = 70, last paid order 2026-02-10;
///   C2 A2, A3 tie on 2026-01-05: first region south (A2, earlier), last region east (A3, later),
///      first region of a paid order east (A2 is cancelled), last paid order 2026-01-05;
///   C3 A4, A6: first order 2026-02-10, first region south, last region south (A6 has none), last paid 2026-02-11.
/// New customers per first region: January C1 north, C2 south (total 2); February C3 south (total 1).
/// </summary>
public sealed class OrderedAggregateTests
{
    private const string Orders = """
        order_id,ordered_at,customer_id,region,status,total
        A1,2026-01-05,C1,north,delivered,100
        A2,2026-01-05,C2,south,cancelled,50
        A3,2026-01-05,C2,east,delivered,80
        A4,2026-02-10,C3,south,delivered,30
        A5,2026-02-10,C1,north,delivered,70
        A6,2026-02-11,C3,,delivered,20
        A7,2026-03-01,C1,north,cancelled,
        A8,2026-03-02,,west,delivered,10
        """;

    private const string OrderInputs = """
        client: c
        datasets:
          orders: { path: orders.csv, time: ordered_at }
        inputs:
          first_total: { dataset: orders, formula: "FirstBy([total], [ordered_at])" }
          last_total: { dataset: orders, formula: "LastBy([total], [ordered_at])" }
          min_kept: { dataset: orders, formula: "MinIf([total], [status] != 'cancelled')" }
          max_cancelled: { dataset: orders, formula: "MaxIf([total], [status] == 'cancelled')" }
        """;

    private const string Customers = """
        client: c
        datasets:
          orders: { path: orders.csv, time: ordered_at }
          customers:
            derived:
              from: orders
              by: customer_id
              columns:
                first_order_at: "Min([ordered_at])"
                first_region: "FirstBy([region], [ordered_at])"
                last_region: "LastBy([region], [ordered_at])"
                first_paid_region: "FirstBy([region], [ordered_at], [status] != 'cancelled')"
                last_total: "LastBy([total], [ordered_at])"
                last_paid_at: "MaxIf([ordered_at], [status] != 'cancelled')"
            time: first_order_at
        inputs:
          new_customers: { dataset: customers, formula: "Count()" }
          first_south: { dataset: customers, formula: "CountIf([first_region] == 'south')" }
          last_east: { dataset: customers, formula: "CountIf([last_region] == 'east')" }
          first_paid_east: { dataset: customers, formula: "CountIf([first_paid_region] == 'east')" }
          last_totals: { dataset: customers, formula: "Sum([last_total])" }
          paid_in_february: { dataset: customers, formula: "CountIf(Month([last_paid_at]) == 2)" }
        """;

    private static readonly string[] Months = ["2026-01", "2026-02", "2026-03"];

    private static ClientResult Run(string yaml, params string[] dimensions) => Run(yaml, new EvaluationOptions { IncludeInputs = true, Dimensions = dimensions });

    private static ClientResult Run(string yaml, EvaluationOptions options)
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        var result = new KpiEvaluator().Run(folder.Write("client.yaml", yaml), options);
        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
        return result;
    }

    private static IReadOnlyList<Diagnostic> Validate(string yaml)
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        return new KpiEvaluator().Validate(folder.Write("client.yaml", yaml));
    }

    /// <summary>Stands for the group of rows whose dimension cell is empty.</summary>
    private const string Missing = "(missing)";

    /// <summary>Validates a client with one input over orders, written on line 5 with the formula from column 35.</summary>
    private static IReadOnlyList<Diagnostic> ValidateInput(string formula) => Validate($"""
        client: c
        datasets:
          orders: {"{"} path: orders.csv, time: ordered_at {"}"}
        inputs:
          x: {"{"} dataset: orders, formula: "{formula}" {"}"}
        """);

    private static KpiResult Result(ClientResult result, string kpi, string period, string? dimension = null) =>
        result.Results.Single(r => r.Kpi == kpi && r.Period == period
            && (dimension is null ? r.Dimensions.Count == 0 : r.Dimensions.Count == 1 && (r.Dimensions[0].Value ?? Missing) == dimension));

    [Fact]
    public void Run_FirstByAndLastBy_TakeTheValueOfTheEarliestAndLatestRowWithTiesInFileOrder()
    {
        var result = Run(OrderInputs);

        Assert.Equal<double>([100.0, 30, 10], Months.Select(p => Result(result, "first_total", p).Value!.Value));
        Assert.Equal<double>([80.0, 20, 10], Months.Select(p => Result(result, "last_total", p).Value!.Value));
    }

    [Fact]
    public void Run_MinIfAndMaxIf_TakeOnlyRowsWhereTheConditionHolds_AndAreUndefinedWithoutThem()
    {
        var result = Run(OrderInputs);

        Assert.Equal<double>([80.0, 20, 10], Months.Select(p => Result(result, "min_kept", p).Value!.Value));
        Assert.Equal(50, Result(result, "max_cancelled", "2026-01").Value);
        foreach (var period in new[] { "2026-02", "2026-03" })
        {
            Assert.Null(Result(result, "max_cancelled", period).Value);
            Assert.Equal("no rows for MaxIf([total], [status] = 'cancelled')", Result(result, "max_cancelled", period).Reason);
        }
    }

    [Fact]
    public void Run_FirstByUnderADimension_TotalBreaksTiesAcrossGroupsInFileOrder()
    {
        // February by region: south A4 30, north A5 70 (the same day), (missing) A6 20. The total is
        // A4 = 30 even though north's group was numbered first (north appears in January): the tie
        // goes to the earlier row of the file, as without --by.
        var result = Run(OrderInputs, "region");

        Assert.Equal(30, Result(result, "first_total", "2026-02").Value);
        Assert.Equal(30, Result(result, "first_total", "2026-02", "south").Value);
        Assert.Equal(70, Result(result, "first_total", "2026-02", "north").Value);
        Assert.Equal(20, Result(result, "first_total", "2026-02", Missing).Value);
        Assert.Equal("no rows for FirstBy([total], [ordered_at])", Result(result, "first_total", "2026-02", "east").Reason);
        Assert.Equal(20, Result(result, "last_total", "2026-02").Value);
        Assert.Equal(80, Result(result, "last_total", "2026-01").Value);
    }

    [Fact]
    public void Run_TextDerivedColumns_HoldTheRegionOfTheFirstAndLastOrder()
    {
        var result = Run(Customers);

        // January: C1 (first north, last north), C2 (first south, last east, first paid east).
        Assert.Equal(2, Result(result, "new_customers", "2026-01").Value);
        Assert.Equal(1, Result(result, "first_south", "2026-01").Value);
        Assert.Equal(1, Result(result, "last_east", "2026-01").Value);
        Assert.Equal(1, Result(result, "first_paid_east", "2026-01").Value);

        // February: C3 (first south, last south: A6 has no region).
        Assert.Equal(1, Result(result, "first_south", "2026-02").Value);
        Assert.Equal(0, Result(result, "last_east", "2026-02").Value);

        // LastBy([total]) per customer: C1 70 (A7 has none), C2 80, C3 20: January 70 + 80, February 20.
        Assert.Equal(150, Result(result, "last_totals", "2026-01").Value);
        Assert.Equal(20, Result(result, "last_totals", "2026-02").Value);

        // MaxIf of a date stays a date: C1's last paid order is 2026-02-10, C2's 2026-01-05, C3's 2026-02-11.
        Assert.Equal(1, Result(result, "paid_in_february", "2026-01").Value);
        Assert.Equal(1, Result(result, "paid_in_february", "2026-02").Value);
    }

    [Fact]
    public void Run_NewCustomersByFirstRegion_CountsEachCustomerInTheRegionOfTheFirstOrder()
    {
        var result = Run(Customers, "first_region");

        Assert.Equal(1, Result(result, "new_customers", "2026-01", "north").Value);
        Assert.Equal(1, Result(result, "new_customers", "2026-01", "south").Value);
        Assert.Equal(0, Result(result, "new_customers", "2026-02", "north").Value);
        Assert.Equal(1, Result(result, "new_customers", "2026-02", "south").Value);
        Assert.Equal(0, Result(result, "new_customers", "2026-03", "south").Value);
        Assert.Equal(["north", "south"], result.Results.Where(r => r.Kpi == "new_customers" && r.Period == "2026-01" && r.Dimensions.Count == 1).Select(r => r.Dimensions[0].Value));
    }

    [Fact]
    public void Plan_DerivedColumnTypes_FollowTheValuePicked()
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        var loaded = new KpiSetLoader().LoadClient(folder.Write("client.yaml", Customers));
        var plan = ClientPlan.Build(loaded.Value!, includeInputs: false, new DiagnosticBag());

        var schema = plan.FindDataset("customers")!.Schema!;
        Assert.Equal(
            [ColumnType.Text, ColumnType.Date, ColumnType.Text, ColumnType.Text, ColumnType.Text, ColumnType.Number, ColumnType.Date],
            schema.Columns.Select(c => c.Type));
    }

    [Fact]
    public void Run_PlanAfterTrial_IsTheFirstPlanThatIsNotTheTrial()
    {
        // U1 trial (01-03) -> basic (01-17) -> pro (03-02): after the trial basic, now pro.
        // U2 trial (01-10) -> pro (02-09): after the trial pro.  U3 trial (02-01), nothing after: missing.
        // By month of the first change: January U1, U2: both converted (100 %), one to basic, one to pro;
        // February U3: 0 %.
        const string Changes = """
            customer_id,changed_at,plan
            U1,2026-01-03,trial
            U2,2026-01-10,trial
            U1,2026-01-17,basic
            U3,2026-02-01,trial
            U2,2026-02-09,pro
            U1,2026-03-02,pro
            """;
        const string Yaml = """
            client: c
            datasets:
              changes: { path: changes.csv, time: changed_at }
              subscribers:
                derived:
                  from: changes
                  by: customer_id
                  columns:
                    started_at: "Min([changed_at])"
                    plan_after_trial: "FirstBy([plan], [changed_at], [plan] != 'trial')"
                    current_plan: "LastBy([plan], [changed_at])"
                time: started_at
            inputs:
              trials: { dataset: subscribers, formula: "Count()" }
              converted: { dataset: subscribers, formula: "CountIf(!IsMissing([plan_after_trial]))" }
              now_pro: { dataset: subscribers, formula: "CountIf([current_plan] == 'pro')" }
            kpis:
              - { id: trial_conversion, unit: percent, direction: higher, formula: "[converted] / [trials] * 100" }
            """;
        using var folder = new ClientFolder();
        folder.Write("changes.csv", Changes);
        var path = folder.Write("client.yaml", Yaml);

        var result = new KpiEvaluator().Run(path, new EvaluationOptions { IncludeInputs = true });
        var byPlan = new KpiEvaluator().Run(path, new EvaluationOptions { IncludeInputs = true, Dimensions = ["plan_after_trial"] });

        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
        Assert.Equal(100, Result(result, "trial_conversion", "2026-01").Value);
        Assert.Equal(0, Result(result, "trial_conversion", "2026-02").Value);
        Assert.Equal(2, Result(result, "now_pro", "2026-01").Value);
        Assert.Equal(1, Result(byPlan, "trials", "2026-01", "basic").Value);
        Assert.Equal(1, Result(byPlan, "trials", "2026-01", "pro").Value);
        Assert.Equal(1, Result(byPlan, "trials", "2026-02", Missing).Value);
    }

    [Fact]
    public void Validate_TextFirstByInAnInput_IsATypeMismatchAtTheCall()
    {
        var diagnostics = Validate("""
            client: c
            datasets:
              orders: { path: orders.csv, time: ordered_at }
            inputs:
              region: { dataset: orders, formula: "FirstBy([region], [ordered_at])" }
            """);

        var error = Assert.Single(diagnostics, d => d.IsError);
        Assert.Equal(DiagnosticCatalog.TypeMismatch.Id, error.Id);
        Assert.Contains("only a derived column can hold text", error.Message, StringComparison.Ordinal);
        Assert.Equal((5, 40), (error.Span!.Value.Line, error.Span!.Value.Column));
    }

    [Fact]
    public void Validate_TextFirstByInsideArithmeticOfADerivedColumn_IsATypeMismatch()
    {
        var diagnostics = Validate("""
            client: c
            datasets:
              orders: { path: orders.csv, time: ordered_at }
              customers:
                derived: { from: orders, by: customer_id, columns: { region: "Len(FirstBy([region], [ordered_at]))" } }
            """);

        Assert.Contains(diagnostics, d => d.Id == DiagnosticCatalog.TypeMismatch.Id || d.Id == DiagnosticCatalog.UnknownFunction.Id);
        Assert.Contains(diagnostics, d => d.IsError && d.Span!.Value.Line == 5);
    }

    [Theory]
    [InlineData("FirstBy([total], [region])", "is text; FirstBy orders rows by a number or a date", 52)]
    [InlineData("LastBy([total], [ordered_at], [total])", "a condition (true/false) is needed", 65)]
    [InlineData("MaxIf([region], [total] > 0)", "is text; MaxIf needs a number", 41)]
    [InlineData("MinIf([total] > 1, [total] > 0)", "is a condition (true/false); MinIf needs a number", 41)]
    public void Validate_MisusedOrderedAggregate_IsATypeMismatchWhereItIsWritten(string formula, string message, int column)
    {
        var diagnostics = ValidateInput(formula);

        var error = Assert.Single(diagnostics, d => d.IsError);
        Assert.Equal(DiagnosticCatalog.TypeMismatch.Id, error.Id);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal((5, column), (error.Span!.Value.Line, error.Span!.Value.Column));
    }

    [Theory]
    [InlineData("MinIf([total])", "MinIf takes 2 arguments, but 1 was given")]
    [InlineData("FirstBy([total])", "FirstBy takes 2 to 3 arguments, but 1 was given")]
    public void Validate_OrderedAggregateWithWrongArgumentCount_SaysWhatItTakes(string formula, string message)
    {
        var diagnostics = ValidateInput(formula);

        var error = Assert.Single(diagnostics, d => d.IsError);
        Assert.Equal(DiagnosticCatalog.WrongArgumentCount.Id, error.Id);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(5, error.Span!.Value.Line);
    }
}
