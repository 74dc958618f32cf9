using System.Diagnostics;
using System.Text;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// Hostile and extreme inputs through the kpi command (issue 10, input classes): special files,
/// paths outside the project, placeholder dates, odd cells, text that is not UTF-8, YAML tags.
/// Each test works in its own project: <c>base/project/clients/c.yaml</c> with data in
/// <c>base/project/data/</c>; <c>base/</c> itself is outside the project tree.
/// </summary>
public sealed class HostileInputEndToEndTests : IDisposable
{
    private const string Secret = "hunter2-secret-line";

    private readonly DirectoryInfo _base = Directory.CreateTempSubdirectory("kpi-hostile-");

    public HostileInputEndToEndTests()
    {
        Directory.CreateDirectory(Project("clients"));
        Directory.CreateDirectory(Project("data"));
        Write("data/orders.csv", "day,amount\n2026-01-05,10\n2026-01-20,5\n2026-02-03,20\n");
        File.WriteAllText(Path.Combine(_base.FullName, "secret.txt"), $"password: {Secret}\napi_key: {Secret}\n");
    }

    public void Dispose() => _base.Delete(recursive: true);

    private string Project(string relative = "") => Path.Combine(_base.FullName, "project", relative);

    private void Write(string relative, string text) => File.WriteAllText(Project(relative), text.ReplaceLineEndings("\n"));

    private void WriteBytes(string relative, params string[] parts) =>
        File.WriteAllBytes(Project(relative), [.. parts.SelectMany(part => part.StartsWith("0x", StringComparison.Ordinal)
            ? [Convert.ToByte(part[2..], 16)]
            : Encoding.UTF8.GetBytes(part))]);

    /// <summary>A client with the good orders dataset (rev) and one more dataset and KPI (other) under test.</summary>
    private void Client(string otherDataset, string extra = "", string otherFormula = "Sum([amount])") => Write("clients/c.yaml", $$"""
        client: c
        {{extra}}
        datasets:
          orders: { path: ../data/orders.csv, time: day }
          other: {{otherDataset}}
        inputs:
          revenue: { dataset: orders, formula: "Sum([amount])" }
          others: { dataset: other, formula: "{{otherFormula}}" }
        kpis:
          - { id: rev, unit: number, direction: higher, formula: "[revenue]" }
          - { id: oth, unit: number, direction: higher, formula: "[others]" }
        """);

    private KpiRun Kpi(params string[] arguments) => KpiProcess.Run(Project(), arguments);

    /// <summary>The CSV result lines of a run, without the header.</summary>
    private static string[] Lines(KpiRun run) => run.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)[1..];

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    // ---- 3. Reading is bounded and never hangs ------------------------------------------

    [Fact]
    public void Run_DatasetThatIsAFifo_IsKPI1020WithoutWaitingAndTheOtherKpisAreComputed()
    {
        MakeFifo(Project("data/pipe.csv"));
        Client("{ path: ../data/pipe.csv, time: day }");

        // A FIFO opened for reading waits for a writer forever; KpiProcess fails the test after 60 s.
        var run = Kpi("run", "clients/c.yaml", "--format", "csv");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("c.yaml(5,3): error KPI1020: Dataset 'other': ", run.Error, StringComparison.Ordinal);
        Assert.Contains("pipe.csv' is a FIFO (named pipe), not a file", run.Error, StringComparison.Ordinal);
        // rev: 10 + 5 in January, 20 in February.
        Assert.Contains("c,rev,2026-01,15,,number,", run.Output, StringComparison.Ordinal);
        Assert.Contains("c,rev,2026-02,20,,number,", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Project("data/pipe.csv")));
    }

    [Fact]
    public void Validate_IncludeOfADeviceOrFifo_IsKPI1020AndNeverReadsIt()
    {
        MakeFifo(Project("clients/pipe.yaml"));
        Client("{ path: ../data/orders.csv, time: day }", "include: [/dev/zero, pipe.yaml]");

        // /dev/zero reports length 0 and never ends; the folder is allowed so that its kind is what refuses it.
        var run = Kpi("validate", "clients/c.yaml", "--allow-folder", "/dev");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("c.yaml(2,11): error KPI1020: '/dev/zero' is a character device, not a file", run.Output, StringComparison.Ordinal);
        Assert.Contains("c.yaml(2,22): error KPI1020:", run.Output, StringComparison.Ordinal);
        Assert.Contains("pipe.yaml' is a FIFO (named pipe), not a file", run.Output, StringComparison.Ordinal);
    }

    // ---- 4. A client file cannot exfiltrate other files ---------------------------------

    [Fact]
    public void Validate_IncludeOutsideTheProject_IsKPI1021AndItsContentNeverAppears()
    {
        Client("{ path: ../data/orders.csv, time: day }", "include: [../../secret.txt, /etc/passwd]");

        var run = Kpi("validate", "clients/c.yaml");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("c.yaml(2,11): error KPI1021: The file ", run.Output, StringComparison.Ordinal);
        Assert.Contains("secret.txt' is outside the folders this client may read (" + Project().TrimEnd('/') + ")", run.Output, StringComparison.Ordinal);
        Assert.Contains("c.yaml(2,29): error KPI1021: The file '/etc/passwd' is outside", run.Output, StringComparison.Ordinal);
        Assert.Contains("--allow-folder", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, run.Output + run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", run.Output + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AllowedFolderWithAFileThatIsNotOurs_IsKPI1022WithoutQuotingIt()
    {
        Client("{ path: ../data/orders.csv, time: day }", "include: [../../secret.txt]");

        var run = Kpi("validate", "clients/c.yaml", "--allow-folder", _base.FullName);

        // Allowed, so it is read, but none of its keys is a catalog's: one error, no line of it quoted.
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("secret.txt(1,1): error KPI1022: '", run.Output, StringComparison.Ordinal);
        Assert.Contains("is not a catalog file: none of its 2 top-level keys is one (its content is not shown).", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, run.Output + run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("password", run.Output + run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("KPI1003", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_DataPathOutsideTheProjectOrLinkedOutOfIt_IsKPI1021AndNeverOpened()
    {
        File.CreateSymbolicLink(Project("data/link.csv"), Path.Combine(_base.FullName, "secret.txt"));
        Write("clients/c.yaml", """
            client: c
            datasets:
              orders: { path: ../data/orders.csv, time: day }
              direct: { path: ../../secret.txt, format: csv }
              linked: { path: ../data/link.csv }
            inputs:
              revenue: { dataset: orders, formula: "Sum([amount])" }
              stolen: { dataset: direct, formula: "Count()" }
              linked_rows: { dataset: linked, formula: "Count()" }
            kpis:
              - { id: rev, unit: number, direction: higher, formula: "[revenue]" }
              - { id: s1, unit: number, direction: higher, formula: "[stolen]" }
              - { id: s2, unit: number, direction: higher, formula: "[linked_rows]" }
            """);

        var run = Kpi("run", "clients/c.yaml", "--format", "csv");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("c.yaml(4,3): error KPI1021: Dataset 'direct': the data file ", run.Error, StringComparison.Ordinal);
        Assert.Contains("c.yaml(5,3): error KPI1021: Dataset 'linked': the data file ", run.Error, StringComparison.Ordinal);
        Assert.Contains($"link.csv' (a link to '{Path.Combine(_base.FullName, "secret.txt")}') is outside", run.Error, StringComparison.Ordinal);
        Assert.Contains("c,rev,2026-01,15,,number,", run.Output, StringComparison.Ordinal);
        Assert.Contains("c,s1,2026-01,,\"depends on input 'stolen', which has errors\",number,", run.Output, StringComparison.Ordinal);
        Assert.Contains("c,s2,2026-01,,\"depends on input 'linked_rows', which has errors\",number,", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, run.Output + run.Error, StringComparison.Ordinal);

        // Named with --allow-folder, the same file is read (and its header is just a column name).
        var allowed = Kpi("run", "clients/c.yaml", "--format", "csv", "--allow-folder", _base.FullName);
        Assert.DoesNotContain("KPI1021", allowed.Error, StringComparison.Ordinal);
    }

    // ---- 6. Dates outside a sane range ---------------------------------------------------

    [Fact]
    public void Run_PlaceholderDatesInTheTimeColumn_AreKPI3020WithTheirLinesAndLeftOut()
    {
        Write("data/events.csv", "day,amount\n2026-01-05,1\n0001-01-01,1000\n2026-02-10,2\n9999-12-31,3000\n1900-01-01,500\n");
        Client("{ path: ../data/events.csv, time: day }");

        var run = Kpi("run", "clients/c.yaml", "--format", "csv", "--grain", "day");

        Assert.True(run.ExitCode == 1, run.ToString());
        foreach (var (line, date) in new[] { (3, "0001-01-01"), (5, "9999-12-31"), (6, "1900-01-01") })
        {
            Assert.Contains($"events.csv({line}): error KPI3020: Dataset 'other', record {line - 1}, time column 'day': '{date}' is outside the plausible dates 1950-01-01 to 2098-12-31, so the record is left out.", run.Error, StringComparison.Ordinal);
        }

        // Days from 2026-01-05 to 2026-02-10: 27 in January + 10 in February = 37 per KPI, not millions.
        Assert.Equal(37 * 2, Lines(run).Length);
        Assert.Contains("c,oth,2026-01-05,1,,number,", run.Output, StringComparison.Ordinal);
        Assert.Contains("c,oth,2026-02-10,2,,number,", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_TimeWindowWidened_KeepsTheOldRowAndStillLeavesOutTheFarFuture()
    {
        Write("data/events.csv", "day,amount\n2026-01-05,1\n1900-01-01,500\n9999-12-31,3000\n");
        Client("{ path: ../data/events.csv, time: day, time_window: [1900-01-01, 2100-12-31] }");

        var run = Kpi("run", "clients/c.yaml", "--format", "csv", "--grain", "year");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("'9999-12-31' is outside the plausible dates 1900-01-01 to 2100-12-31", run.Error, StringComparison.Ordinal);
        Assert.Contains("c,oth,1900,500,,number,", run.Output, StringComparison.Ordinal);
        Assert.Contains("c,oth,2026,1,,number,", run.Output, StringComparison.Ordinal);
        // 1900 to 2026 is 127 years, for rev and oth.
        Assert.Equal(127 * 2, Lines(run).Length);
    }

    [Fact]
    public void Run_WindowWidenedToThreeCenturiesAtDayGrain_IsKPI4003NamingTheRange()
    {
        Write("data/events.csv", "day,amount\n1700-01-01,1\n2026-01-05,1\n");
        Client("{ path: ../data/events.csv, time: day, time_window: [1700-01-01, 2098-12-31] }");

        var run = Kpi("run", "clients/c.yaml", "--format", "csv", "--grain", "day");

        // 1700-01-01 to 2026-02-03 (the last order), both included: 119,103 days, more than the 100,000 computed.
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("error KPI4003: Client 'c' would compute 119103 day periods, from 1700-01-01 to 2026-02-03; at most 100000 are computed.", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run", "--to", "9999-12-31")]
    [InlineData("run", "--from", "0001-01-01")]
    [InlineData("run", "--to", "9999-12")]
    [InlineData("run", "--from", "0001")]
    [InlineData("goals", "--as-of", "9999-12-31")]
    [InlineData("explain", "--period", "9999-12-31")]
    public void PeriodAtTheCalendarsEdge_IsAUsageErrorNotACrash(string command, string option, string period)
    {
        Client("{ path: ../data/orders.csv, time: day }");
        string[] arguments = command == "explain" ? [command, "clients/c.yaml", "rev", option, period] : [command, "clients/c.yaml", option, period];

        var run = Kpi(arguments);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"'{period}' is not a period.", run.Error, StringComparison.Ordinal);
        Assert.Contains("in the years 0002 to 9998", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    // ---- 8. One bad cell never turns a column into text silently --------------------------

    [Fact]
    public void Run_NumberColumnWithADecimalCommaAndNaN_ReportsThoseCellsAndSumsTheOthers()
    {
        Write("data/sales.csv", "day,amount\n2026-01-05,10\n2026-01-06,\"1,5\"\n2026-01-07,NaN\n2026-01-08,20\n");
        Client("{ path: ../data/sales.csv, time: day }");

        var run = Kpi("run", "clients/c.yaml", "--format", "csv");

        // Inferred as a number from 2 numbers and 2 failed numbers: 10 + 20, each bad cell named.
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("sales.csv(3): error KPI3005: Dataset 'other', record 2, column 'amount': '1,5' is not a number.", run.Error, StringComparison.Ordinal);
        Assert.Contains("sales.csv(4): error KPI3005: Dataset 'other', record 3, column 'amount': 'NaN' is not a number.", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("KPI2009", run.Error, StringComparison.Ordinal);
        Assert.Contains("c,oth,2026-01,30,,number,", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_JsonObjectInANumberColumn_IsReportedAndTheOthersAreSummed()
    {
        Write("data/sales.json", """[{"day":"2026-01-05","amount":10},{"day":"2026-01-06","amount":{"value":7}},{"day":"2026-01-07","amount":5}]""");
        Client("{ path: ../data/sales.json, time: day }");

        var run = Kpi("run", "clients/c.yaml", "--format", "csv");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("error KPI3005: Dataset 'other', record 2, column 'amount': '{\"value\":7}' is a nested JSON value.", run.Error, StringComparison.Ordinal);
        Assert.Contains("c,oth,2026-01,15,,number,", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_HeaderOnlyFile_IsKPI3021NamingTheFileAndTheOtherKpisAreComputed()
    {
        Write("data/empty.csv", "day,amount,status\n");
        Client("{ path: ../data/empty.csv, time: day }", otherFormula: "SumIf([amount], [status] = 'paid')");

        var run = Kpi("run", "clients/c.yaml", "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("empty.csv(1): warning KPI3021: Dataset 'other': ", run.Error, StringComparison.Ordinal);
        Assert.Contains("empty.csv has a header but no rows", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("KPI2009", run.Error, StringComparison.Ordinal);
        Assert.Contains("c,rev,2026-01,15,,number,", run.Output, StringComparison.Ordinal);
    }

    // ---- 9. Text is never silently altered -------------------------------------------------

    [Fact]
    public void Run_Latin1ByteInACsvRecord_IsReportedWithLineAndColumnAndOnlyThatRecordIsLeftOut()
    {
        // "Müller" written in Latin-1: ü is the single byte 0xFC.
        WriteBytes("data/names.csv", "day,name,amount\n2026-01-05,M", "0xFC", "ller,10\n2026-01-06,Meier,5\n");
        Client("{ path: ../data/names.csv, time: day }");

        var run = Kpi("run", "clients/c.yaml", "--format", "csv");

        Assert.True(run.ExitCode == 1, run.ToString());
        // "2026-01-05,M" is 12 characters, so the byte is in column 13.
        Assert.Contains("names.csv(2): error KPI3006: Dataset 'other', record 1: its text holds the byte 0xFC, which is not UTF-8 (the file looks Latin-1 or Windows-1252) at line 2, column 13, so it is left out rather than altered", run.Error, StringComparison.Ordinal);
        Assert.Contains("Save the file as UTF-8", run.Error, StringComparison.Ordinal);
        Assert.Contains("c,oth,2026-01,5,,number,", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', run.Output);
    }

    [Fact]
    public void Run_ByteOrderMarkInTheMiddleOfACsv_IsReportedAtItsLine()
    {
        WriteBytes("data/joined.csv", "0xEF", "0xBB", "0xBF", "day,amount\n2026-01-05,10\n", "0xEF", "0xBB", "0xBF", "2026-01-06,5\n");
        Client("{ path: ../data/joined.csv, time: day }");

        var run = Kpi("run", "clients/c.yaml", "--format", "csv");

        // The first mark is the file's own and dropped; the second, where two exports were joined, is reported.
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("joined.csv(3): error KPI3006: Dataset 'other', record 2: its text holds a byte-order mark (U+FEFF) inside the text at line 3, column 1", run.Error, StringComparison.Ordinal);
        Assert.Contains("c,oth,2026-01,10,,number,", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Latin1ByteInTheClientYaml_IsKPI1023AtItsLineAndColumn()
    {
        Client("{ path: ../data/orders.csv, time: day }");
        var text = File.ReadAllText(Project("clients/c.yaml")).Replace("client: c\n", "client: c\nname: M\u00fcller\n", StringComparison.Ordinal);
        File.WriteAllBytes(Project("clients/c.yaml"), Encoding.Latin1.GetBytes(text));

        var run = Kpi("validate", "clients/c.yaml");

        Assert.True(run.ExitCode == 2, run.ToString());
        // "name: M" is 7 characters: the byte is in column 8 of line 2.
        Assert.Contains("c.yaml(2,8): error KPI1023: ", run.Output, StringComparison.Ordinal);
        Assert.Contains("holds the byte 0xFC, which is not UTF-8", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_CodesThatLookLikeNumbers_KeepTheirTextAsDimensionValues()
    {
        Write("data/codes.csv", "day,code,amount\n2026-01-05,00001,1\n2026-01-05,1,2\n2026-01-05,3,4\n2026-01-05,003,8\n");
        Client("{ path: ../data/codes.csv, time: day }");

        var run = Kpi("run", "clients/c.yaml", "--format", "csv", "--by", "code");

        Assert.True(run.ExitCode == 0 || run.ExitCode == 1, run.ToString());
        // Four codes, four sums: 00001 and 1, 3 and 003 are not merged.
        Assert.Contains("c,oth,2026-01,00001,1,,number,", run.Output, StringComparison.Ordinal);
        Assert.Contains("c,oth,2026-01,1,2,,number,", run.Output, StringComparison.Ordinal);
        Assert.Contains("c,oth,2026-01,3,4,,number,", run.Output, StringComparison.Ordinal);
        Assert.Contains("c,oth,2026-01,003,8,,number,", run.Output, StringComparison.Ordinal);
    }

    // ---- 13. YAML tags -------------------------------------------------------------------

    [Fact]
    public void Validate_PythonObjectTag_IsKPI1011AndStandardTagsAreHonoured()
    {
        Client("{ path: ../data/orders.csv, time: day }", """
            name: !!str 12
            parameters:
              evil: !!python/object/apply:os.system ["echo pwned"]
              margin: !!str 12
              rate: !!float 0.5
            """);

        var run = Kpi("validate", "clients/c.yaml");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("c.yaml(4,9): error KPI1011: The tag '!!python/object/apply:os.system' is not supported", run.Output, StringComparison.Ordinal);
        Assert.Contains("c.yaml(5,11): error KPI1005: '12' is tagged as text, so it is not a number", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("c.yaml(2,", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("c.yaml(6,", run.Output, StringComparison.Ordinal);
    }
}
