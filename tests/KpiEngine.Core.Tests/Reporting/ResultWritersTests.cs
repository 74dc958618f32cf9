using System.Text;
using KpiEngine.Definitions;
using KpiEngine.Evaluation;
using KpiEngine.Reporting;
using KpiEngine.Time;

namespace KpiEngine.Core.Tests.Reporting;

public sealed class ResultWritersTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("plain", "plain")]
    public void CsvText_DefusesSpreadsheetFormulasAndQuotesSeparators(string text, string expected)
    {
        Assert.Equal(expected, ResultWriters.CsvText(text));
    }

    [Theory]
    [InlineData(0.1 + 0.2, "0.3")]
    [InlineData(-0.0, "0")]
    [InlineData(65.0, "65")]
    [InlineData(1.0 / 3, "0.333333333333333")]
    [InlineData(-12.5, "-12.5")]
    public void Machine_PrintsAtMostFifteenSignificantDigitsInvariantly(double value, string expected)
    {
        Assert.Equal(expected, NumberFormat.Machine(value));
    }

    [Fact]
    public void WriteCsv_RunsTableOfResults_WritesTheBytesOfItsRecords()
    {
        // A run's results come as a table, written from shared pieces (a row's start, its level's cells, the end of a
        // row without reasons); the same results as records take the general path. Over the demo clients (a client
        // with cohort KPIs has records already) there are undefined values with reasons, partial periods, rated and
        // unrated statuses with and without reasons, and a run split by a dimension.
        (string Client, string[] Dimensions)[] runs =
        [
            ("online-shop.yaml", []), ("online-shop.yaml", ["channel"]), ("consulting-agency.yaml", []), ("saas.yaml", []),
            ("coaching-program.yaml", []), ("factory.yaml", []), ("factory-shifts.yaml", []), ("telecom.yaml", []),
        ];
        var tables = new StringBuilder();
        foreach (var (client, dimensions) in runs)
        {
            var file = Path.Combine(RepositoryFolder.Root(), "kpi-definitions", "clients", client);
            var result = new KpiEvaluator().Run(file, new EvaluationOptions { Dimensions = dimensions });
            if (result.Results is not ResultTable)
            {
                continue;
            }

            var fromTable = Csv(result);
            Assert.Equal(Csv(result with { Results = [.. result.Results] }), fromTable);
            tables.Append(fromTable);
        }

        var written = tables.ToString();
        Assert.Contains(",true,", written, StringComparison.Ordinal); // a partial period
        Assert.Contains(",false,good", written, StringComparison.Ordinal);
        Assert.Contains(",false,insufficient_data,", written, StringComparison.Ordinal); // a status with its reason
        Assert.Contains(",,division by zero: ", written, StringComparison.Ordinal); // an undefined value with its reason
    }

    private static string Csv(ClientResult result)
    {
        using var csv = new MemoryStream();
        ResultWriters.WriteCsv(csv, [result]);
        return Encoding.UTF8.GetString(csv.ToArray());
    }

    [Fact]
    public void WriteCsv_NumbersAreNotDefusedButTextCellsAre()
    {
        var client = Client(new KpiResult("c", "=kpi", "n", "2026-01", -3.5, null, KpiUnit.Number));
        using var stream = new MemoryStream();

        ResultWriters.WriteCsv(stream, [client]);

        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split("\r\n");
        Assert.Equal("client,kpi,period,value,reason,unit,partial,status", lines[0]);
        Assert.Equal("c,'=kpi,2026-01,-3.5,,number,false,", lines[1]);
    }

    [Fact]
    public void WriteCsvAndJson_UnderGermanCurrentCulture_PrintInvariantNumbers()
    {
        var client = Client(new KpiResult("c", "k", "n", "2026-01", 1234.5, null, KpiUnit.Number));
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        using var csv = new MemoryStream();
        using var json = new MemoryStream();
        try
        {
            // de-DE would print 1234,5 (and a CSV cell split in two).
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            ResultWriters.WriteCsv(csv, [client]);
            ResultWriters.WriteJson(json, [client]);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }

        Assert.Equal("c,k,2026-01,1234.5,,number,false,", Encoding.UTF8.GetString(csv.ToArray()).Split("\r\n")[1]);
        Assert.Contains("\"value\": 1234.5,", Encoding.UTF8.GetString(json.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void WriteJson_UndefinedValueIsNullWithItsReason()
    {
        var client = Client(new KpiResult("c", "k", "n", "2026-01", null, "division by zero: [visits] is 0", KpiUnit.Percent));
        using var stream = new MemoryStream();

        ResultWriters.WriteJson(stream, [client]);

        var json = Encoding.UTF8.GetString(stream.ToArray());
        Assert.Contains("\"value\": null", json, StringComparison.Ordinal);
        Assert.Contains("\"reason\": \"division by zero: [visits] is 0\"", json, StringComparison.Ordinal);
        Assert.Contains("\"unit\": \"percent\"", json, StringComparison.Ordinal);
        Assert.Contains("\"status\": \"succeeded\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void AtomicFile_WriterThatFailsMidway_LeavesTheOldFileAndNoTemporaryFile()
    {
        var folder = Directory.CreateTempSubdirectory("kpi-atomic-").FullName;
        var target = Path.Combine(folder, "out.json");
        File.WriteAllText(target, "old");

        var failure = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(target, stream =>
        {
            stream.Write("half of the new"u8);
            throw new InvalidOperationException("crash during write");
        }));

        Assert.Equal("crash during write", failure.Message);
        Assert.Equal("old", File.ReadAllText(target));
        Assert.Equal(["out.json"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void AtomicFile_CreatesTheFolderAndReplacesTheFile()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("kpi-atomic-").FullName, "nested");
        var target = Path.Combine(folder, "out.csv");

        AtomicFile.Write(target, stream => stream.Write("first"u8));
        AtomicFile.Write(target, stream => stream.Write("second"u8));

        Assert.Equal("second", File.ReadAllText(target));
    }

    private static ClientResult Client(KpiResult result) =>
        new("c", "C", "c.yaml", Grain.Month, ["2026-01"], [result], [], ClientStatus.Succeeded);
}
