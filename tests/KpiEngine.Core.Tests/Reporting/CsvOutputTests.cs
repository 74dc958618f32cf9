using System.Text;
using KpiEngine.Core.Tests.Evaluation;
using KpiEngine.Evaluation;
using KpiEngine.Reporting;

namespace KpiEngine.Core.Tests.Reporting;

/// <summary>
/// The CSV output is written as UTF-8 bytes, not through a <see cref="StreamWriter"/>: its bytes must be those the
/// writer gave for the same cells, and a run's table of results must print as its records do, in CSV and JSON.
/// </summary>
public sealed class CsvOutputTests
{
    public static TheoryData<string> TextCells => new()
    {
        "plain",
        "a,b",
        "say \"hi\"",
        "two\nlines",
        "carriage\rreturn",
        "=HYPERLINK(\"x\")",
        "-3",
        "café ∑ 😀",
        "lone \ud800 surrogate",
        "ends with a lone \udc00",
        string.Empty,
        new string('x', 100_000) + ",", // larger than the buffer
    };

    [Theory]
    [MemberData(nameof(TextCells))]
    public void TextAndCell_WriteTheBytesOfAStreamWriterForCsvText(string text)
    {
        using var expected = new MemoryStream();
        using (var writer = new StreamWriter(expected, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true))
        {
            writer.Write(ResultWriters.CsvText(text));
            writer.Write(',');
            writer.Write(ResultWriters.CsvText(text));
            writer.Write("\r\n");
        }

        using var actual = new MemoryStream();
        using (var csv = new CsvOutput(actual))
        {
            csv.Text(text);
            csv.Raw((byte)',');
            csv.Cell(text);
            csv.EndRow();
        }

        Assert.Equal(expected.ToArray(), actual.ToArray());
    }

    [Fact]
    public void Raw_ManyRowsPastTheBuffer_AreAllWrittenInOrder()
    {
        using var actual = new MemoryStream();
        var expected = new StringBuilder();
        using (var csv = new CsvOutput(actual))
        {
            for (var row = 0; row < 20_000; row++)
            {
                csv.Cell("client");
                csv.Raw((byte)',');
                csv.Number(row / 7.0);
                csv.EndRow();
                expected.Append("client,").Append(NumberFormat.Machine(row / 7.0)).Append("\r\n");
            }
        }

        Assert.Equal(expected.ToString(), Encoding.UTF8.GetString(actual.ToArray()));
    }

    [Fact]
    public void WriteCsv_RunByDimension_TableAndItsRecordsPrintTheSameRows()
    {
        var result = RunByChannel();
        Assert.IsType<ResultTable>(result.Results);

        var fromTable = Write(ResultWriters.WriteCsv, result);
        var fromRecords = Write(ResultWriters.WriteCsv, result with { Results = [.. result.Results] });

        Assert.Equal(fromRecords, fromTable);
        var lines = Encoding.UTF8.GetString(fromTable).Split("\r\n");
        Assert.Equal("client,kpi,period,channel,value,reason,unit,partial,status", lines[0]);
        Assert.Contains("c,revenue_kpi,2026-01,,97.5500001,,currency,false,", lines);
        Assert.Contains("c,revenue_kpi,2026-01,\"web, mobile\",100.25,,currency,false,", lines);
        Assert.Contains("c,revenue_kpi,2026-01,\"say \"\"hi\"\"\",0.1,,currency,false,", lines);
        Assert.Contains("c,revenue_kpi,2026-01,'=cmd,0.2,,currency,false,", lines);
        Assert.Contains("c,revenue_kpi,2026-01,café,-3,,currency,false,", lines);
        Assert.Contains("c,revenue_kpi,2026-01,(missing),1E-07,,currency,false,", lines);
    }

    [Fact]
    public void WriteJson_RunByDimension_TableAndItsRecordsWriteTheSameResults()
    {
        var result = RunByChannel();

        var fromTable = Write(ResultWriters.WriteJson, result);
        var fromRecords = Write(ResultWriters.WriteJson, result with { Results = [.. result.Results] });

        Assert.Equal(fromRecords, fromTable);
        var json = Encoding.UTF8.GetString(fromTable);
        Assert.Contains("\"channel\": \"say \\\"hi\\\"\"", json, StringComparison.Ordinal); // quotes escaped, as before
        Assert.Contains("\"channel\": \"café\"", json, StringComparison.Ordinal); // not escaped: the relaxed encoder
        Assert.Contains("\"channel\": null", json, StringComparison.Ordinal); // the rows without a channel
        Assert.Contains("\"value\": 97.5500001,", json, StringComparison.Ordinal);
        Assert.Contains("\"value\": 1E-07,", json, StringComparison.Ordinal);
    }

    /// <summary>
    /// January 2026 is covered from its first to its last day, so no value is partial.
    /// revenue by channel, by hand: "web, mobile" 100.25; say "hi" 0.1; =cmd 0.2; café -3; (missing) 1e-7;
    /// the total 100.25 + 0.1 + 0.2 - 3 + 1e-7 = 97.5500001.
    /// </summary>
    private static ClientResult RunByChannel()
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", """"
            ordered_at,channel,total
            2026-01-01,"web, mobile",100.25
            2026-01-15,"say ""hi""",0.1
            2026-01-20,=cmd,0.2
            2026-01-31,café,-3
            2026-01-31,,1e-7
            """");
        var file = folder.Write("client.yaml", """
            client: c
            use: [revenue_kpi]
            datasets:
              orders: { path: orders.csv, time: ordered_at }
            inputs:
              revenue: { dataset: orders, formula: "Sum([total])" }
            kpis:
              - { id: revenue_kpi, unit: currency, direction: higher, formula: "[revenue]" }
            """);
        return new KpiEvaluator().Run(file, new EvaluationOptions { Dimensions = ["channel"] });
    }

    private static byte[] Write(Action<Stream, IEnumerable<ClientResult>> writer, ClientResult result)
    {
        using var stream = new MemoryStream();
        writer(stream, [result]);
        return stream.ToArray();
    }
}
