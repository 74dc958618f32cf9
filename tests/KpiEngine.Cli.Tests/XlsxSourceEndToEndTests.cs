using System.Globalization;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// Excel workbooks as datasets, end to end: the online-shop demo with every CSV file saved as an .xlsx
/// sheet with typed cells gives the CSV run's numbers, and the mistakes a consultant meets with a
/// workbook (wrong sheet, header row, text in a number column, a file that is not a workbook).
/// Each test works on a copy of kpi-definitions and samples/online-shop in a temporary folder.
/// </summary>
public sealed class XlsxSourceEndToEndTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("kpi-xlsx-e2e-");

    public XlsxSourceEndToEndTests()
    {
        DatabaseDemo.Copy(Work);
        Traffic = [.. File.ReadLines(Path.Combine(Samples, "traffic.csv")).Skip(1).Select(l => l.Split(','))];
    }

    private string Work => _work.FullName;

    private string Samples => Path.Combine(Work, "samples", "online-shop");

    private string Clients => Path.Combine(Work, "kpi-definitions", "clients");

    /// <summary>traffic.csv's records: day, channel, sessions, bounced_sessions.</summary>
    private List<string[]> Traffic { get; }

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public void OnlineShop_FromWorkbooksSavedFromItsCsvFiles_GivesTheCsvRunsNumbers()
    {
        foreach (var file in Directory.EnumerateFiles(Samples, "*.csv"))
        {
            XlsxFile.Write(Path.ChangeExtension(file, ".xlsx"), ("Sheet1", TypedRows(File.ReadAllLines(file))));
        }

        var yaml = DatabaseDemo.FromFiles(File.ReadAllText(Path.Combine(Clients, "online-shop.yaml")), ".xlsx");
        var xlsx = Path.Combine(Clients, "online-shop-xlsx.yaml");
        File.WriteAllText(xlsx, yaml);

        var csv = KpiProcess.Run(Work, "run", Path.Combine(Clients, "online-shop.yaml"), "--format", "json", "--include-inputs");
        var workbook = KpiProcess.Run(Work, "run", xlsx, "--format", "json", "--include-inputs");

        DatabaseDemo.AssertSameNumbers(csv, workbook);
    }

    [Fact]
    public void Xlsx_SheetByNameWithHeaderOnRow2_GivesTheCsvVisits()
    {
        XlsxFile.Write(Path.Combine(Samples, "traffic.xlsx"),
            ("Notes", [["exported for the test"]]),
            ("Traffic", [["Traffic by day and channel"], ["day", "channel", "sessions"], .. Traffic.Select(f => new object?[] { Day(f[0]), f[1], Number(f[2]) })]));
        var client = Client("xlsx.yaml", "path: ../../samples/online-shop/traffic.xlsx\n    sheet: Traffic\n    header_row: 2");

        var run = KpiProcess.Run(Work, "run", client, "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        // traffic.csv, January 2026: the sessions of every channel and day, summed from the CSV file.
        Assert.Equal(DatabaseDemo.JanuaryVisits(Work), ResultJson.Read(run.Output)[("visits_total", "2026-01")].Value);
    }

    [Fact]
    public void Xlsx_SerialDatesInAPlainNumberColumnDeclaredDate_AreExcelDates()
    {
        // The days written as Excel's serial numbers without a date format: days since 1899-12-30.
        XlsxFile.Write(Path.Combine(Samples, "traffic.xlsx"),
            ("Sheet1", [["day", "sessions"], .. Traffic.Select(f => new object?[] { (Day(f[0]) - new DateTime(1899, 12, 30)).TotalDays, Number(f[2]) })]));
        var client = Client("serial.yaml", "path: ../../samples/online-shop/traffic.xlsx\n    sheet: 1\n    columns: { day: date }");

        var run = KpiProcess.Run(Work, "run", client, "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(DatabaseDemo.JanuaryVisits(Work), ResultJson.Read(run.Output)[("visits_total", "2026-01")].Value);
    }

    [Fact]
    public void Xlsx_SerialDateOf46023_Is1January2026()
    {
        // Worked by hand: 1899-12-30 + 46023 days. 1900-01-01 is serial 2; 2026-01-01 is 126 years
        // later, 126 * 365 + 31 leap days (1904..2024) = 46021 days, so serial 2 + 46021 = 46023.
        XlsxFile.Write(Path.Combine(Samples, "traffic.xlsx"),
            ("Sheet1", [["day", "sessions"], [46023.0, 5.0], [46053.0, 7.0], [46054.0, 11.0]]));
        var client = Client("serial.yaml", "path: ../../samples/online-shop/traffic.xlsx\n    columns: { day: date }");

        var run = KpiProcess.Run(Work, "run", client, "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var results = ResultJson.Read(run.Output);
        // 46023 is 2026-01-01 and 46053 is 30 days later, 2026-01-31: 5 + 7 = 12 in January; 46054 is 2026-02-01: 11.
        Assert.Equal(12, results[("visits_total", "2026-01")].Value);
        Assert.Equal(11, results[("visits_total", "2026-02")].Value);
    }

    [Fact]
    public void Xlsx_TextInANumberColumn_IsKpi3005AtItsExcelRowAndTheOtherRowsCount()
    {
        XlsxFile.Write(Path.Combine(Samples, "traffic.xlsx"),
            ("Sheet1", [["day", "sessions"], [new DateTime(2026, 1, 1), 10.0], [null, null], [new DateTime(2026, 1, 2), 12.0], [new DateTime(2026, 1, 3), "n/a"]]));
        var client = Client("bad.yaml", "path: ../../samples/online-shop/traffic.xlsx\n    columns: { sessions: number }");

        var run = KpiProcess.Run(Work, "run", client, "--format", "json");

        Assert.True(run.ExitCode == 1, run.ToString());
        // Excel row 5: the empty row 3 is skipped but keeps the numbering, so 'n/a' is the third record on row 5.
        AssertSays(run, "traffic.xlsx(5): error KPI3005: Dataset 'traffic', record 3, column 'sessions': 'n/a' is not a number.");
        // 10 + 12: the good rows still count.
        Assert.Equal(22, ResultJson.Read(run.Output)[("visits_total", "2026-01")].Value);
    }

    [Fact]
    public void Xlsx_UnknownSheet_IsKpi3006ListingTheSheetsWithDidYouMean()
    {
        XlsxFile.Write(Path.Combine(Samples, "traffic.xlsx"), ("Notes", [["x"]]), ("Traffic", [["day", "sessions"], [new DateTime(2026, 1, 1), 1.0]]));
        var client = Client("sheet.yaml", "path: ../../samples/online-shop/traffic.xlsx\n    sheet: Trafic");

        var run = KpiProcess.Run(Work, "run", client);

        Assert.True(run.ExitCode == 2, run.ToString());
        AssertSays(run, "traffic.xlsx(1): error KPI3006: Dataset 'traffic': ");
        AssertSays(run, "has no sheet 'Trafic'; its sheets are 'Notes', 'Traffic'");
        AssertSays(run, "(by name, or by number from 1). Did you mean 'Traffic'?");
    }

    [Fact]
    public void Xlsx_HeaderRowPastTheEnd_IsKpi3006SayingHowManyRowsTheSheetHas()
    {
        XlsxFile.Write(Path.Combine(Samples, "traffic.xlsx"), ("Sheet1", [["day", "sessions"], [new DateTime(2026, 1, 1), 1.0]]));
        var client = Client("header.yaml", "path: ../../samples/online-shop/traffic.xlsx\n    header_row: 5");

        var run = KpiProcess.Run(Work, "run", client);

        Assert.True(run.ExitCode == 2, run.ToString());
        AssertSays(run, "traffic.xlsx(5): error KPI3006: ");
        AssertSays(run, "sheet 'Sheet1' has 2 rows, so no header on row 5");
    }

    [Fact]
    public void Xlsx_RepeatedHeaderName_IsKpi3003()
    {
        XlsxFile.Write(Path.Combine(Samples, "traffic.xlsx"), ("Sheet1", [["day", "sessions", "sessions"], [new DateTime(2026, 1, 1), 1.0, 2.0]]));
        var client = Client("dup.yaml", "path: ../../samples/online-shop/traffic.xlsx");

        var run = KpiProcess.Run(Work, "run", client);

        Assert.True(run.ExitCode == 2, run.ToString());
        AssertSays(run, "traffic.xlsx(1): error KPI3003: ");
    }

    [Fact]
    public void Xlsx_FileThatIsNotAWorkbook_IsKpi3006SayingToSaveAsXlsx()
    {
        File.WriteAllText(Path.Combine(Samples, "traffic.xlsx"), "day,sessions\n2026-01-01,3\n");
        var client = Client("broken.yaml", "path: ../../samples/online-shop/traffic.xlsx");

        var run = KpiProcess.Run(Work, "run", client);

        Assert.True(run.ExitCode == 2, run.ToString());
        AssertSays(run, "traffic.xlsx(1): error KPI3006: Dataset 'traffic': ");
        AssertSays(run, "cannot be read as an .xlsx workbook");
        AssertSays(run, "Save the file as an Excel workbook (.xlsx).");
    }

    [Fact]
    public void Xlsx_SheetWhoseXmlBreaksOffAfterTheSampledRows_IsKpi3006BeforeAnyRowIsCounted()
    {
        // 1,100 rows (rows 2 to 1101), then the sheet's XML breaks off past the 1,000 rows the type
        // sample reads: ExcelDataReader passes over the whole sheet when it opens it, so the break is
        // found there and no partial sum of the first rows is reported as the month's visits.
        var path = Path.Combine(Samples, "traffic.xlsx");
        XlsxFile.Write(path, ("Sheet1", [["day", "sessions"], .. Enumerable.Repeat(new object?[] { new DateTime(2026, 1, 1), 1.0 }, 1100)]));
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = reader.ReadToEnd();
            }

            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open());
            writer.Write(xml.Replace("</sheetData></worksheet>", "<row r=\"1102\"><c r=\"A1102\"", StringComparison.Ordinal));
        }

        var client = Client("cut.yaml", "path: ../../samples/online-shop/traffic.xlsx");

        var run = KpiProcess.Run(Work, "run", client, "--format", "json");

        Assert.True(run.ExitCode == 2, run.ToString());
        AssertSays(run, "traffic.xlsx(1): error KPI3006: Dataset 'traffic': ");
        AssertSays(run, "cannot be read as an .xlsx workbook: Unexpected end of file has occurred.");
        Assert.Empty(ResultJson.Read(run.Output));
    }

    [Fact]
    public void Xlsx_WithCulture_IsRefusedAsCellsAreTyped()
    {
        XlsxFile.Write(Path.Combine(Samples, "traffic.xlsx"), ("Sheet1", [["day", "sessions"], [new DateTime(2026, 1, 1), 1234.5]]));
        var client = Client("culture.yaml", "path: ../../samples/online-shop/traffic.xlsx\n    culture: de-DE");

        var run = KpiProcess.Run(Work, "run", client);

        Assert.True(run.ExitCode == 2, run.ToString());
        AssertSays(run, "'culture' applies to text files; dataset 'traffic' is an .xlsx workbook, whose cells are typed.");
    }

    [Fact]
    public void Csv_WithSheet_IsRefused()
    {
        var client = Client("sheet-on-csv.yaml", "path: ../../samples/online-shop/traffic.csv\n    sheet: Traffic");

        var run = KpiProcess.Run(Work, "run", client);

        // The key is left out and the run goes on, as for any misplaced key.
        Assert.True(run.ExitCode == 1, run.ToString());
        AssertSays(run, "sheet-on-csv.yaml(5,5): error KPI1005: 'sheet' applies to .xlsx workbooks; dataset 'traffic' is not one.");
    }

    /// <summary>Fails with the whole run shown when its errors do not contain <paramref name="text"/>.</summary>
    private static void AssertSays(KpiRun run, string text) =>
        Assert.True(run.Error.Contains(text, StringComparison.Ordinal), $"expected '{text}' in\n{run}");

    /// <summary>
    /// A CSV file's lines as typed sheet rows, each column typed as a workbook's author would:
    /// all numbers as numbers, ISO dates and date-times as date cells, anything else as text; empty cells left empty.
    /// </summary>
    private static List<object?[]> TypedRows(string[] lines)
    {
        var names = lines[0].Split(',');
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        var kinds = names.Select((_, i) => KindOf(rows.Select(r => r[i]).Where(v => v.Length > 0).ToList())).ToArray();
        return [names, .. rows.Select(r => r.Select((v, i) => v.Length == 0 ? null : kinds[i] switch
        {
            'n' => Number(v),
            'd' => DateTime.ParseExact(v, DateForms, CultureInfo.InvariantCulture, DateTimeStyles.None),
            _ => (object)v,
        }).ToArray())];
    }

    private static readonly string[] DateForms = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"];

    private static char KindOf(List<string> values) =>
        values.Count > 0 && values.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) ? 'n'
        : values.Count > 0 && values.All(v => DateTime.TryParseExact(v, DateForms, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) ? 'd'
        : 't';

    private static DateTime Day(string text) => DateTime.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private string Client(string name, string source)
    {
        var path = Path.Combine(Clients, name);
        File.WriteAllText(path, DatabaseDemo.TrafficClient(source));
        return path;
    }
}
