namespace KpiEngine.Cli.Tests;

/// <summary>
/// Errors that point at the cause, all in one run (issue 11 item 7): plugin parameters checked by
/// <c>validate</c>, an empty column inferred as text, a declared date_format that fails, one stage's
/// error not hiding another's, and no "Did you mean" that repeats the name. Each test checks the
/// message, the file, the line and the column, as a user reads them.
/// </summary>
public sealed class CauseDiagnosticsEndToEndTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("kpi-cause-");

    public void Dispose() => _folder.Delete(recursive: true);

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_folder.FullName, name), text.ReplaceLineEndings("\n"));

    private KpiRun Kpi(params string[] arguments) => KpiProcess.Run(_folder.FullName, arguments);

    /// <summary>The end of a client file whose dataset 'orders' has a column 'amount': one input and one KPI over it.</summary>
    private const string RevenueOfOrders = """
        inputs:
          revenue: { dataset: orders, formula: "Sum([amount])" }
        kpis:
          - { id: rev, name: Revenue, unit: currency, direction: higher, formula: "[revenue]" }
        """;

    // ---- plugin parameters ------------------------------------------------------------------

    private const string PluginClient = """
        client: p
        datasets:
          subs: { path: subs.csv, time: month }
        kpis:
          - id: churn
            name: Cohort retention
            unit: ratio
            direction: higher
            dataset: subs
            plugin: cohort/retention
            output: cohort_retention
            parameters:
              offset: 0
              ofset: 2
          - id: oee
            name: OEE
            unit: ratio
            direction: higher
            dataset: subs
            plugin: oee/oee
            parameters:
              ideal_cycle_time: -1.5
              column.state: customer
              column.duration: amount
        """;

    private void WritePluginClient()
    {
        Write("subs.csv", "month,customer,amount\n2026-01-01,a,10\n2026-02-01,a,10\n2026-02-01,b,5\n");
        Write("p.yaml", PluginClient);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Validate_PluginParameterOutOfRangeOrUnknown_IsAnErrorOnTheYamlValue(bool isolated)
    {
        WritePluginClient();

        var run = isolated ? Kpi("validate", "p.yaml", "--isolate-plugins") : Kpi("validate", "p.yaml");

        Assert.True(run.ExitCode == 2, run.ToString());

        // offset: 0 is on line 13, its value at column 15; the metric declares offset >= 1, whole.
        Assert.Contains(
            "p.yaml(13,15): error KPI7062: KPI 'churn': parameter 'offset' of plugin metric 'cohort/retention' must be 1 or more, but is 0. "
            + "'offset' is the number of periods after a cohort's first period at which its retention is measured (default 1). Write a whole number 1 or more, e.g. 'offset: 1'.",
            run.Output,
            StringComparison.Ordinal);
        Assert.Contains(
            "p.yaml(14,14): error KPI7063: KPI 'churn': plugin metric 'cohort/retention' has no parameter 'ofset' (it has offset). Did you mean 'offset'?",
            run.Output,
            StringComparison.Ordinal);

        // ideal_cycle_time must be more than 0 (an exclusive minimum); -1.5 at line 22, column 25.
        Assert.Contains(
            "p.yaml(22,25): error KPI7062: KPI 'oee': parameter 'ideal_cycle_time' of plugin metric 'oee/oee' must be more than 0, but is -1.5.",
            run.Output,
            StringComparison.Ordinal);
        Assert.Contains("3 errors", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_PluginParameterOutOfRange_FailsOnlyThatKpiBeforeThePluginRuns()
    {
        Write("subs.csv", "month,customer,amount\n2026-01-01,a,10\n2026-02-01,a,10\n2026-02-01,b,5\n");
        Write("p.yaml", """
            client: p
            datasets:
              subs: { path: subs.csv, time: month }
            inputs:
              revenue: { dataset: subs, formula: "Sum([amount])" }
            kpis:
              - { id: rev, name: Revenue, unit: currency, direction: higher, formula: "[revenue]" }
              - id: churn
                name: Cohort retention
                unit: ratio
                direction: higher
                dataset: subs
                plugin: cohort/retention
                output: cohort_retention
                parameters: { offset: 2.5 }
            """);

        var run = Kpi("run", "p.yaml", "--format", "csv");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("p.yaml(15,27): error KPI7062: KPI 'churn': parameter 'offset' of plugin metric 'cohort/retention' must be a whole number, but is 2.5.", run.Error, StringComparison.Ordinal);

        // The other KPI is computed: 10 in January, 10 + 5 in February.
        Assert.Contains("p,rev,2026-01,10,", run.Output, StringComparison.Ordinal);
        Assert.Contains("p,rev,2026-02,15,", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PluginParameterWithinRange_IsAccepted()
    {
        WritePluginClient();
        Write("p.yaml", PluginClient.Replace("offset: 0", "offset: 2", StringComparison.Ordinal)
            .Replace("      ofset: 2\n", string.Empty, StringComparison.Ordinal)
            .Replace("ideal_cycle_time: -1.5", "ideal_cycle_time: 0.5", StringComparison.Ordinal));

        var run = Kpi("validate", "p.yaml");

        Assert.DoesNotContain("KPI706", run.Output, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    // ---- an empty column ---------------------------------------------------------------------

    [Fact]
    public void Validate_ColumnEmptyInEveryRowSummed_SaysItIsTextBecauseEmptyAndShowsTheColumnsLine()
    {
        Write("orders.csv", "day,amount,discount\n2026-01-05,10,\n2026-01-20,5,\n");
        Write("c.yaml", """
            client: c
            datasets:
              orders: { path: orders.csv, time: day }
            inputs:
              discounts: { dataset: orders, formula: "Sum([discount])" }
              big: { dataset: orders, formula: "CountIf([discount] > 0)" }
            kpis:
              - { id: d, name: Discounts, unit: currency, direction: lower, formula: "[discounts] + [big]" }
            """);

        var run = Kpi("validate", "c.yaml");

        Assert.True(run.ExitCode == 2, run.ToString());

        // "Sum([discount])" starts at column 43 of line 5; [discount], its argument, at column 47.
        Assert.Contains(
            "c.yaml(5,47): error KPI7061: input 'discounts': column 'discount' of dataset 'orders' was inferred as text because it is empty in every row read to infer types "
            + "(the first 1000 records of orders.csv); Sum needs numbers. If it holds numbers, declare its type on the dataset: columns: { discount: number }",
            run.Output,
            StringComparison.Ordinal);

        // In a comparison with a number the same cause is named, at [discount] (line 6, column 45).
        Assert.Contains("c.yaml(6,45): error KPI7061: input 'big': column 'discount' of dataset 'orders' was inferred as text because it is empty in every row read to infer types (the first 1000 records of orders.csv); the comparison with 0 needs numbers.", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("KPI2009", run.Output, StringComparison.Ordinal);
    }

    // ---- a declared date_format that fails ---------------------------------------------------

    [Fact]
    public void Validate_DeclaredDateFormatThatFails_QuotesFormatAndValueAndSuggestsTheOneThatMatches()
    {
        Write("orders.csv", "day,amount\n2026/01/05,10\n2026/01/20,5\n");
        Write("c.yaml", $$"""
            client: c
            datasets:
              orders:
                path: orders.csv
                time: day
                date_format: dd.MM.yyyy
            {{RevenueOfOrders}}
            """);

        var run = Kpi("validate", "c.yaml");

        Assert.True(run.ExitCode == 2, run.ToString());

        // Positioned on the declared format (line 6, column 18), not on the dataset.
        Assert.Contains(
            "c.yaml(6,18): error KPI7060: Dataset 'orders': the declared date_format 'dd.MM.yyyy' does not match '2026/01/05' in time column 'day' (line 2 of orders.csv). "
            + "The value matches date_format: [yyyy/MM/dd].",
            run.Output,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DeclaredDateFormatAndDayMonthAmbiguousValue_SuggestsBothOrders()
    {
        Write("orders.csv", "day,amount\n03/04/2026,10\n");
        Write("c.yaml", $$"""
            client: c
            datasets:
              orders: { path: orders.csv, time: day, date_format: [yyyy-MM-dd] }
            {{RevenueOfOrders}}
            """);

        var run = Kpi("validate", "c.yaml");

        // 03/04/2026 reads as 3 April (dd/MM) or 4 March (MM/dd): both are offered, day first.
        Assert.Contains(
            "c.yaml(3,56): error KPI7060: Dataset 'orders': the declared date_format 'yyyy-MM-dd' does not match '03/04/2026' in time column 'day' (line 2 of orders.csv). "
            + "The value matches date_format: [dd/MM/yyyy] (or [MM/dd/yyyy] if the month comes first: check a date after the 12th).",
            run.Output,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Run_DeclaredDateColumnCellTheFormatDoesNotRead_NamesTheFailedFormatAndTheOneThatMatches()
    {
        Write("orders.csv", "day,shipped,amount\n2026-01-05,06.01.2026,10\n2026-01-20,2026/01/21,5\n");
        Write("c.yaml", """
            client: c
            datasets:
              orders: { path: orders.csv, time: day, date_format: dd.MM.yyyy, columns: { shipped: date } }
            inputs:
              late_count: { dataset: orders, formula: "CountIf([shipped] - [day] > 0)" }
            kpis:
              - { id: late, name: Late, unit: count, direction: lower, formula: "[late_count]" }
            """);

        var run = Kpi("run", "c.yaml", "--format", "csv");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains(
            "orders.csv(3): error KPI3005: Dataset 'orders', record 2, column 'shipped': '2026/01/21' is not a date. "
            + "The declared date_format [dd.MM.yyyy] (and ISO 8601) does not read it. The value matches date_format: [yyyy/MM/dd].",
            run.Error,
            StringComparison.Ordinal);

        // Record 1 shipped a day late (06.01 after 05.01); record 2's date is missing, so it is not counted.
        Assert.Contains("c,late,2026-01,1,", run.Output, StringComparison.Ordinal);
    }

    // ---- one stage's error does not hide another's -------------------------------------------

    [Fact]
    public void Validate_BadTimeColumn_StillReportsUnknownColumnsFormulaSyntaxAndPluginErrorsOfTheSameFile()
    {
        Write("orders.csv", "day,amount\nsoon,10\nlater,5\n");
        Write("c.yaml", """
            client: c
            datasets:
              orders: { path: orders.csv, time: day }
              lines: { path: orders.csv, time: dya }
            inputs:
              revenue: { dataset: orders, formula: "Sum([amout])" }
              count: { dataset: lines, formula: "Count() +" }
            kpis:
              - { id: rev, name: Revenue, unit: currency, direction: higher, formula: "[revenue] / [count]" }
              - { id: ret, name: Retention, unit: ratio, direction: higher, dataset: orders, plugin: cohort/retention, parameters: { offset: 0, column.customer: amount } }
            """);

        var run = Kpi("validate", "c.yaml");

        Assert.True(run.ExitCode == 2, run.ToString());

        // The time column's own errors (line 3: no dates; line 4: no such column) ...
        Assert.Contains("c.yaml(3,3): error KPI3005: Dataset 'orders': time column 'day' has values that are not dates, e.g. 'soon' (line 2)", run.Output, StringComparison.Ordinal);
        Assert.Contains("c.yaml(4,3): error KPI3002: Dataset 'lines': time column 'dya' is not in orders.csv. Did you mean 'day'?", run.Output, StringComparison.Ordinal);

        // ... and, in the same run, the formulas' errors over those datasets ...
        Assert.Contains("c.yaml(6,45): error KPI3002: input 'revenue': dataset 'orders' has no column 'amout'. Did you mean 'amount'?", run.Output, StringComparison.Ordinal);
        Assert.Contains("c.yaml(7,47): error KPI2001: input 'count': unexpected end of formula.", run.Output, StringComparison.Ordinal);

        // ... and the plugin KPI's parameter (offset at line 10, column 130).
        Assert.Contains("c.yaml(10,130): error KPI7062: KPI 'ret': parameter 'offset' of plugin metric 'cohort/retention' must be 1 or more, but is 0.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LenderWithBadTimeColumn_StillChecksTheBorrowersFormulasWithoutBlamingTheBorrowedTime()
    {
        Write("orders.csv", "day,order_id\nsoon,1\n");
        Write("payments.csv", "order_id,paid\n1,10\n");
        Write("c.yaml", """
            client: c
            datasets:
              orders: { path: orders.csv, time: day }
              payments: { path: payments.csv, time: day, borrow: { from: orders, key: order_id, columns: [day] } }
            inputs:
              paid: { dataset: payments, formula: "Sum([payd])" }
            kpis:
              - { id: paid_total, name: Paid, unit: currency, direction: higher, formula: "[paid]" }
            """);

        var run = Kpi("validate", "c.yaml");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("c.yaml(3,3): error KPI3005: Dataset 'orders': time column 'day' has values that are not dates, e.g. 'soon' (line 2)", run.Output, StringComparison.Ordinal);
        Assert.Contains("c.yaml(6,44): error KPI3002: input 'paid': dataset 'payments' has no column 'payd'. Did you mean 'paid'?", run.Output, StringComparison.Ordinal);

        // The borrowed time column is text only because the lender's is broken: that is reported once, at the lender.
        Assert.DoesNotContain("is borrowed from", run.Output, StringComparison.Ordinal);
    }

    // ---- no suggestion that repeats the name ---------------------------------------------------

    [Fact]
    public void Validate_DerivedTimeColumnThatIsANumber_DoesNotSuggestTheSameName()
    {
        Write("orders.csv", "day,customer,amount\n2026-01-05,a,10\n2026-01-20,b,5\n");
        Write("c.yaml", $$"""
            client: c
            datasets:
              orders: { path: orders.csv, time: day }
              customers:
                derived: { from: orders, by: customer, columns: { first_amount: "Min([amount])" } }
                time: first_amount
            {{RevenueOfOrders}}
            """);

        var run = Kpi("validate", "c.yaml");

        Assert.Contains(
            "c.yaml(4,3): error KPI2009: Dataset 'customers': time column 'first_amount' is a number; it must be a date. Use a column computed as Min or Max of a date column",
            run.Output,
            StringComparison.Ordinal);
        Assert.DoesNotContain("Did you mean 'first_amount'", run.Output, StringComparison.Ordinal);
    }
}
