using System.Globalization;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// Cohort KPIs as a user meets them: the demo shop's retention triangle in JSON, CSV, an 80-column
/// terminal, <c>kpi explain</c> and the HTML heatmap, and a bad <c>cohort:</c> caught by <c>kpi validate</c>.
/// </summary>
public sealed class CohortEndToEndTests : IDisposable
{
    private const string Shop = "kpi-definitions/clients/online-shop.yaml";

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("kpi-cohorts-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public void Run_DemoRetentionTriangle_JsonCarriesCohortAndAge()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "run", Shop, "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.Output);
        var cells = document.RootElement.GetProperty("clients")[0].GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("kpi").GetString() == "customer_retention").ToList();
        // Orders run from January to June 2026: six cohorts, ages 0 to 5, the cells after June undefined.
        Assert.Equal(36, cells.Count);
        Assert.All(cells.Where(c => c.GetProperty("age").GetInt32() == 0), c => Assert.Equal(100, c.GetProperty("value").GetDouble()));
        var corner = cells.Single(c => c.GetProperty("cohort").GetString() == "2026-06" && c.GetProperty("age").GetInt32() == 1);
        Assert.Equal(JsonValueKind.Null, corner.GetProperty("value").ValueKind);
        Assert.Equal("age 1 of cohort 2026-06 is 2026-07, after the data ends (2026-06)", corner.GetProperty("reason").GetString());
        Assert.Equal("2026-07", corner.GetProperty("period").GetString());
        // Every defined cell is a share of the cohort: 0 to 100.
        Assert.All(cells.Where(c => c.GetProperty("value").ValueKind == JsonValueKind.Number), c => Assert.InRange(c.GetProperty("value").GetDouble(), 0, 100));
    }

    [Fact]
    public void Run_Csv_HasCohortAndAgeColumnsEmptyForPeriodValues()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "run", Shop, "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("client,kpi,period,cohort,age,value,reason,unit,partial,status", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("online-shop,customer_retention,2026-02,2026-01,1,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("online-shop,aov,2026-01,,,", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_TriangleInAn80ColumnTerminal_FitsEveryLine()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, new Dictionary<string, string> { ["COLUMNS"] = "80" }, "run", Shop);

        Assert.True(run.ExitCode == 0, run.ToString());
        var triangle = run.Output[run.Output.IndexOf("Customer retention (customer_retention)", StringComparison.Ordinal)..].Split('\n');
        // The title may wrap at 80 columns (COLUMNS sets the console's width); its words are what matter.
        Assert.Contains("rows: cohorts, columns: months since the cohort", string.Join(' ', string.Join(' ', triangle.TakeWhile(l => !l.StartsWith('╭'))).Split(' ', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        var table = triangle.SkipWhile(l => !l.StartsWith('╭')).TakeWhile(l => !l.StartsWith("Blank", StringComparison.Ordinal)).ToList();
        Assert.All(table, line => Assert.True(line.TrimEnd().Length <= 80, $"{line.Length}: {line}"));
        // The first cohort's row has all six ages; the last cohort's only age 0, the rest blank (not 0).
        Assert.Contains(table, l => l.StartsWith("│ 2026-01 │ 100.0 │", StringComparison.Ordinal) && l.Count(c => c == '│') == 8);
        Assert.Contains(table, l => l.StartsWith("│ 2026-06 │ 100.0 │      │", StringComparison.Ordinal));
        Assert.Contains("Blank: ages after the data ends (not yet observed, not 0).", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_CohortKpi_SaysHowACellIsComputed()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "explain", Shop, "customer_retention");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("cohort: each customer_id belongs to the period of its start", run.Output, StringComparison.Ordinal);
        Assert.Contains("Cohort(x) is x at the cohort's age 0", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_CohortCell_TracesItsInputsAndTheCohortSize()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "explain", Shop, "customer_retention", "--cohort", "2026-01", "--age", "2");

        Assert.True(run.ExitCode == 0, run.ToString());
        // Worked from samples/online-shop/orders.csv: 119 customers place their first order in January; in March (age 2)
        // 43 orders come from 34 of them, so the cell is 34 / 119 * 100 = 28.5714...
        Assert.Contains("kpi customer_retention in cohort 2026-01, age 2 (2026-03) = 28.5714285714286", run.Output, StringComparison.Ordinal);
        Assert.Contains("[active_customers] input     = 34", run.Output, StringComparison.Ordinal);
        Assert.Contains("dataset: 'orders', 43 rows in 2026-03", run.Output, StringComparison.Ordinal);
        Assert.Contains("Cohort([active_customers]) in 2026-01 = 119", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("customer_retention --cohort 2025-12 --age 0", "error KPI7141: KPI 'customer_retention' has no cohort 2025-12: its cohorts run from 2026-01 to 2026-06, the periods in which a customer_id starts.")]
    [InlineData("customer_retention --cohort 2026-06 --age 2", "error KPI7142: Age 2 of cohort 2026-06 is 2026-08, after the data ends: the cell is blank (not yet observed, not 0), so there is nothing to trace. Cohort 2026-06 is observed at ages 0 to 0.")]
    [InlineData("customer_retention --cohort 2026-01 --age -1", "error KPI7142: Age -1 is not an age of cohort 2026-01")]
    [InlineData("aov --cohort 2026-01 --age 1", "error KPI7140: 'aov' is reported per period, not per cohort and age, so it has no cohort cell. Trace one of its periods instead: kpi explain CLIENT.yaml aov --period 2026-01.")]
    [InlineData("customer_retention --period 2026-02", "error KPI7140: KPI 'customer_retention' is a cohort KPI: its values are per cohort and age, not per period. Pick a cell of its triangle: kpi explain CLIENT.yaml customer_retention --cohort 2026-02 --age 0.")]
    [InlineData("customer_retention --cohort 2026-01", "error KPI5001: --cohort 2026-01 picks a row of the triangle; add --age to pick the cell")]
    [InlineData("customer_retention --age 1", "error KPI5001: --age picks a column of a cohort KPI's triangle; add --cohort to pick the row")]
    [InlineData("customer_retention --period 2026-01 --cohort 2026-01 --age 0", "error KPI5001: --period picks a value of a KPI reported per period, --cohort and --age a cell of a cohort KPI: give one or the other.")]
    public void Explain_CohortCellThatIsNotInTheTriangle_IsAClearError(string arguments, string error)
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, ["explain", Shop, .. arguments.Split(' ')]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(error, run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public void Run_TraceJson_CohortCellsCarryTheirTrace()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "run", Shop, "--format", "json", "--trace");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.Output);
        var cells = document.RootElement.GetProperty("clients")[0].GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("kpi").GetString() == "customer_retention").ToList();
        // As traced by explain: cohort 2026-01 at age 2 reads 34 active customers of the cohort in March.
        var cell = cells.Single(c => c.GetProperty("cohort").GetString() == "2026-01" && c.GetProperty("age").GetInt32() == 2);
        var name = cell.GetProperty("trace").GetProperty("names").EnumerateArray().Single();
        Assert.Equal(("active_customers", 34.0), (name.GetProperty("name").GetString(), name.GetProperty("value").GetDouble()));
        // A cell after the data ends was never computed: it has no trace.
        var future = cells.Single(c => c.GetProperty("cohort").GetString() == "2026-06" && c.GetProperty("age").GetInt32() == 1);
        Assert.False(future.TryGetProperty("trace", out var none) && none.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public void Report_CohortKpi_IsAHeatmapWithNumbersAndEscapedNames()
    {
        var folder = SmallShop("Retention <script>alert(1)</script>");
        var report = Path.Combine(folder, "c.html");

        var run = KpiProcess.Run(folder, "report", "c.yaml", "--out", report);

        Assert.True(run.ExitCode == 0, run.ToString());
        var html = File.ReadAllText(report);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("Retention &lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<table class=\"compact heatmap\">", html, StringComparison.Ordinal);
        // Cohort 2026-01 = a, b: age 0 100 (the deepest blue, white text), age 1 a: 50 (half way: #ee to #1f is 134.5, rounded to even 134 = #86), age 2 nobody: 0 (the palest).
        Assert.Contains("style=\"background:#1f4e9a;color:#fff\">100.0</td>", html, StringComparison.Ordinal);
        Assert.Contains("style=\"background:#86a0ca\">50.0</td>", html, StringComparison.Ordinal);
        Assert.Contains("style=\"background:#eef3fa\">0.0</td>", html, StringComparison.Ordinal);
        // Cohort 2026-03 (c) has no ages 1 and 2 yet: blank cells with the reason on hover.
        Assert.Contains("<td class=\"num future\" title=\"age 2 of cohort 2026-03 is 2026-05, after the data ends (2026-03)\"></td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_Markdown_DemoShopHasTheRetentionTriangle()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "report", Shop, "--format", "markdown");

        Assert.True(run.ExitCode == 0, run.ToString());
        var section = run.Output[run.Output.IndexOf("\n## Cohorts\n", StringComparison.Ordinal)..run.Output.IndexOf("\n## Notes\n", StringComparison.Ordinal)];
        Assert.Contains("### Customer retention\n\n`customer_retention` · percent\n", section, StringComparison.Ordinal);
        // Worked from samples/online-shop/orders.csv: a customer's cohort is the month of its first order (any status), a
        // cell is how many of the cohort have an order in the month `age` months later, over the cohort's size.
        // 2026-01: 119 first-time customers; 39, 34, 31, 29, 20 of them order in February to June (32.77, 28.57, 26.05, 24.37, 16.81 %).
        // 2026-04: 72 customers; 11 in May (15.28 %), 20 in June (27.78 %). 2026-06: 70, only age 0 observed.
        Assert.Contains("| Cohort | 0 | 1 | 2 | 3 | 4 | 5 |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n", section, StringComparison.Ordinal);
        Assert.Contains("| 2026-01 | 100.0 | 32.8 | 28.6 | 26.1 | 24.4 | 16.8 |\n", section, StringComparison.Ordinal);
        Assert.Contains("| 2026-04 | 100.0 | 15.3 | 27.8 | | | |\n", section, StringComparison.Ordinal);
        // Ages after June are blank, not 0 and not n/a.
        Assert.Contains("| 2026-06 | 100.0 | | | | | |\n", section, StringComparison.Ordinal);
        Assert.DoesNotContain("- n/a at", section, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_MarkdownWithAnEmptyCohort_SaysNaWithTheReasonAndEscapesTheName()
    {
        var folder = SmallShop("Retention | <i>x</i>");

        var run = KpiProcess.Run(folder, "report", "c.yaml", "--format", "markdown");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("### Retention \\| &lt;i&gt;x&lt;/i&gt;\n", run.Output, StringComparison.Ordinal);
        // Cohort 2026-01 = a, b: age 0 100, age 1 a: 50, age 2 nobody: 0. Nobody's first order is in February: n/a with the
        // reason; c's cohort (March) has no ages 1 and 2 yet: blank.
        Assert.Contains("| 2026-01 | 100.0 | 50.0 | 0.0 |\n| 2026-02 | n/a | n/a | |\n| 2026-03 | 100.0 | | |\n", run.Output, StringComparison.Ordinal);
        Assert.Contains("- n/a at 2026-02 age 0, 1: cohort 2026-02 is empty: no customer\\_id starts in it\n", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_Xlsx_DemoShopHasATriangleSheetOfNumbers()
    {
        var path = Path.Combine(_work.FullName, "shop.xlsx");

        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "report", Shop, "--format", "xlsx", "--out", path);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = SpreadsheetDocument.Open(path, false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == "Cohort customer_retention");
        var worksheet = ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet;
        var cells = worksheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!);
        Assert.Equal(["Cohort", "Age 0", "Age 1", "Age 2", "Age 3", "Age 4", "Age 5"], Enumerable.Range(0, 7).Select(c => cells[$"{(char)('A' + c)}1"].InnerText));
        Assert.Equal("2026-01", cells["A2"].InnerText);
        // As in the Markdown test: cohort 2026-01 has 119 customers, 39 order again in February; 2026-04 has 72, 20 in June.
        Assert.Equal(39.0 / 119 * 100, Number(cells["C2"]), 10);
        Assert.Equal(20.0 / 72 * 100, Number(cells["D5"]), 10);
        Assert.Equal(CellValues.Number, cells["C2"].DataType!.Value);
        // Ages after the data ends have no cell at all (blank, not 0): cohort 2026-06 (row 7) only has age 0.
        Assert.Equal(100, Number(cells["B7"]));
        Assert.False(cells.ContainsKey("C7"));
        // The number cells carry the percent format the other reports print (two decimals and " %").
        var formats = workbook.WorkbookStylesPart!.Stylesheet;
        var format = formats.CellFormats!.Elements<CellFormat>().ElementAt((int)cells["C2"].StyleIndex!.Value).NumberFormatId!.Value;
        Assert.Equal("#,##0.00\" %\"", formats.NumberingFormats!.Elements<NumberingFormat>().Single(f => f.NumberFormatId!.Value == format).FormatCode!.Value);
        // The header row and the cohort column stay in view; the columns are wide enough for their text.
        var pane = worksheet.Descendants<Pane>().Single();
        Assert.Equal((1.0, 1.0, "B2", PaneStateValues.Frozen), (pane.HorizontalSplit!.Value, pane.VerticalSplit!.Value, pane.TopLeftCell!.Value, pane.State!.Value));
        Assert.All(worksheet.Descendants<Column>(), c => Assert.InRange(c.Width!.Value, 8, 20));
        Assert.Contains("Blank: an age the data has not reached yet (not 0).", cells.Values.Select(c => c.InnerText));
    }

    [Fact]
    public void Report_XlsxWithAnEmptyCohort_SaysNaInTheCellAndTheReasonBelow()
    {
        var folder = SmallShop("Retention");
        var path = Path.Combine(folder, "c.xlsx");

        var run = KpiProcess.Run(folder, "report", "c.yaml", "--out", path);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = SpreadsheetDocument.Open(path, false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == "Cohort retention");
        var cells = ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!, c => c.InnerText);
        // Cohort 2026-01 (a, b): 100, 50 (a in February), 0 (nobody in March); February is empty; March (c) has only age 0.
        Assert.Equal(("100", "50", "0"), (cells["B2"], cells["C2"], cells["D2"]));
        Assert.Equal(("n/a", "n/a"), (cells["B3"], cells["C3"]));
        Assert.False(cells.ContainsKey("D3"));
        Assert.Equal("100", cells["B4"]);
        Assert.False(cells.ContainsKey("C4"));
        Assert.Contains("n/a at 2026-02 age 0, 1: cohort 2026-02 is empty: no customer_id starts in it", cells.Values);
    }

    private static double Number(Cell cell) => double.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture);

    /// <summary>Four orders: a and b start in January, a orders again in February, c starts in March; nobody starts in February.</summary>
    private string SmallShop(string kpiName)
    {
        var folder = _work.FullName;
        File.WriteAllText(Path.Combine(folder, "orders.csv"), "order_id,ordered_at,customer_id\n1,2026-01-01,a\n2,2026-01-09,b\n3,2026-02-03,a\n4,2026-03-31,c\n");
        File.WriteAllText(Path.Combine(folder, "c.yaml"), $$"""
            client: c
            name: "Shop <b>&</b>"
            datasets:
              orders: { path: orders.csv, time: ordered_at }
            inputs:
              active: { dataset: orders, formula: "DistinctCount([customer_id])" }
            kpis:
              - id: retention
                name: "{{kpiName}}"
                unit: percent
                direction: higher
                cohort: { entity: customer_id }
                formula: "[active] / Cohort([active]) * 100"
            """);
        return folder;
    }

    [Fact]
    public void Validate_CohortNamingAMissingColumn_IsAnErrorAtTheEntity()
    {
        var folder = _work.FullName;
        File.WriteAllText(Path.Combine(folder, "orders.csv"), "order_id,ordered_at,customer_id\n1,2026-01-01,a\n");
        File.WriteAllText(Path.Combine(folder, "c.yaml"), """
            client: c
            datasets:
              orders: { path: orders.csv, time: ordered_at }
            inputs:
              active: { dataset: orders, formula: "DistinctCount([customer_id])" }
            kpis:
              - { id: retention, unit: percent, direction: higher, cohort: { entity: customer }, formula: "[active] / Cohort([active]) * 100" }
            """);

        var run = KpiProcess.Run(folder, "validate", "c.yaml");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("c.yaml(7,74): error KPI7022: The cohort of KPI 'retention' follows 'customer', but dataset 'orders' has no such column.", run.Output + run.Error, StringComparison.Ordinal);
    }
}
