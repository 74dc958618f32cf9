using System.Text;
using KpiEngine.Datasets;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using static KpiEngine.Core.Tests.Datasets.DatasetFixture;

namespace KpiEngine.Core.Tests.Datasets;

public sealed class CsvRowSourceTests : IDisposable
{
    private readonly DatasetFixture _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Scan_OrdersFile_ReadsEveryTypeWithLineNumbers()
    {
        var (_, rows, diagnostics) = ReadAll(Define(TestFile("orders.csv"), time: "ordered_at"));

        Assert.Empty(diagnostics.Items);
        Assert.Equal(4, rows.Count);
        Assert.Equal("Smith, John", rows[0].Text("customer"));
        Assert.Equal("O\"Brien", rows[1].Text("customer"));
        Assert.Equal("Multi\nline", rows[2].Text("customer"));
        Assert.Equal(Days(2024, 2, 1), rows[2].Number("ordered_at"));
        Assert.Equal(120.50, rows[0].Number("total"));
        Assert.Equal([1d, 0d, 1d], rows.Take(3).Select(r => r.Number("paid")));
        // Empty cells are missing.
        Assert.True(double.IsNaN(rows[3].Number("total")));
        Assert.True(double.IsNaN(rows[3].Number("paid")));
        // Record 3 spans lines 4-5, so record 4 starts on line 6.
        Assert.Equal([(1L, 2L), (2L, 3L), (3L, 4L), (4L, 6L)], rows.Select(r => (r.RecordNumber, r.Line)));
    }

    [Fact]
    public void Scan_CrLfBomWithoutFinalNewline_ReadsAllRecords()
    {
        var path = _files.WriteBytes("bom.csv", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("id,amount\r\n1,2.5\r\n2,3")]);

        var (schema, rows, diagnostics) = ReadAll(Define(path));

        Assert.Empty(diagnostics.Items);
        Assert.Equal("id", schema.Columns[0].Name);
        Assert.Equal([2.5, 3], rows.Select(r => r.Number("amount")));
    }

    [Fact]
    public void Scan_BlanksAroundCells_AreDroppedAndBlankCellsAreMissing()
    {
        var path = _files.Write("blanks.csv", "id,amount,note\n1, 2.5 ,\tpaid\n2,\t3, \n3,  ,x\n");

        var (_, rows, diagnostics) = ReadAll(Define(path, columns: [new ColumnDeclaration("note", ColumnType.Text, YamlSpan)]));

        Assert.Empty(diagnostics.Items);
        Assert.Equal([2.5, 3], rows.Take(2).Select(r => r.Number("amount")));
        Assert.True(double.IsNaN(rows[2].Number("amount")));
        Assert.Equal(["paid", null, "x"], rows.Select(r => r.Text("note")));
    }

    [Fact]
    public void Scan_RepeatedDates_AreReusedAndABadDateBetweenThemIsStillKpi3005()
    {
        var path = _files.Write("dates.csv", "day,amount\n2024-01-05,1\n2024-01-05,2\n2024-01-06,3\n2024-13-06,4\n2024-01-06,5\n2024-01-05,6\n");

        var (_, rows, diagnostics) = ReadAll(Define(path, columns: [new ColumnDeclaration("day", ColumnType.Date, YamlSpan)]));

        Assert.Equal(
            [Days(2024, 1, 5), Days(2024, 1, 5), Days(2024, 1, 6), double.NaN, Days(2024, 1, 6), Days(2024, 1, 5)],
            rows.Select(r => r.Number("day")));
        Assert.Contains("'2024-13-06' is not a date", Single(diagnostics, "KPI3005").Message);
    }

    [Fact]
    public void Scan_RaggedRecord_IsKpi3004WithRecordNumberAndRawTextAndOthersAreRead()
    {
        var path = _files.Write("ragged.csv", "id,amount\n1,2\n2,3,oops\n3,4\n");

        var (_, rows, diagnostics) = ReadAll(Define(path));

        Assert.Equal([2d, 4d], rows.Select(r => r.Number("amount")));
        var diagnostic = Single(diagnostics, "KPI3004");
        Assert.Equal($"{path}(3)", diagnostic.Span.ToString());
        Assert.Contains("record 2 has 3 fields but the header has 2: 2,3,oops", diagnostic.Message);
    }

    [Fact]
    public void Scan_BadNumericCell_IsKpi3005AndTheCellIsMissing()
    {
        var path = _files.Write("bad.csv", "id,amount\n1,2\n2,12abc\n");

        var (_, rows, diagnostics) = ReadAll(Define(path, columns: [Declare("amount", ColumnType.Number)]));

        Assert.Equal(2, rows.Count);
        Assert.True(double.IsNaN(rows[1].Number("amount")));
        var diagnostic = Single(diagnostics, "KPI3005");
        Assert.Equal($"{path}(3)", diagnostic.Span.ToString());
        Assert.Contains("column 'amount': '12abc' is not a number", diagnostic.Message);
    }

    [Fact]
    public void Scan_DecimalCommaInInvariantCulture_IsRejectedWithTheCultureHint()
    {
        var path = _files.Write("comma.csv", "id,amount\n1,2\n2,\"1,5\"\n");

        var (_, rows, diagnostics) = ReadAll(Define(path, columns: [Declare("amount", ColumnType.Number)]));

        Assert.True(double.IsNaN(rows[1].Number("amount")));
        Assert.Contains("set culture: de-DE", Single(diagnostics, "KPI3005").Suggestion, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Scan_GermanFile_ReadsDecimalCommasThousandsAndDates()
    {
        var (_, rows, diagnostics) = ReadAll(Define(TestFile("de-orders.csv"), time: "day", culture: "de-DE", dateFormats: ["dd.MM.yyyy"], delimiter: ';'));

        Assert.Empty(diagnostics.Items);
        Assert.Equal([1234.5, -0.75], rows.Select(r => r.Number("amount")));
        Assert.Equal([Days(2024, 1, 5), Days(2024, 1, 6)], rows.Select(r => r.Number("day")));
    }

    [Fact]
    public void Scan_TabDelimiter_SplitsOnTabs()
    {
        var (_, rows, _) = ReadAll(Define(TestFile("tabbed.tsv"), time: "day", delimiter: '\t'));

        Assert.Equal([3.5, 4], rows.Select(r => r.Number("amount")));
    }

    [Fact]
    public void Scan_DateTimeColumn_KeepsTimeAndDateColumnDropsIt()
    {
        var path = _files.Write("dt.csv", "at,day\n2024-01-05T06:00:00,2024-01-05T18:00\n");

        var (_, rows, diagnostics) = ReadAll(Define(path, columns: [Declare("at", ColumnType.DateTime), Declare("day", ColumnType.Date)]));

        Assert.Empty(diagnostics.Items);
        // 06:00 is a quarter of a day.
        Assert.Equal(Days(2024, 1, 5) + 0.25, rows[0].Number("at"), 9);
        Assert.Equal(Days(2024, 1, 5), rows[0].Number("day"));
    }

    [Fact]
    public void Scan_BadDateAndBoolean_AreKpi3005WithHints()
    {
        var path = _files.Write("dt.csv", "day,flag\n05/01/2024,maybe\n");

        var (_, _, diagnostics) = ReadAll(Define(path, columns: [Declare("day", ColumnType.Date), Declare("flag", ColumnType.Boolean)]));

        Assert.Equal(2, diagnostics.Items.Count(d => d.Id == "KPI3005"));
        Assert.Contains(diagnostics.Items, d => d.Suggestion!.Contains("date_format: [dd.MM.yyyy]", StringComparison.Ordinal));
        Assert.Contains(diagnostics.Items, d => d.Suggestion!.Contains("yes/no"));
    }

    [Fact]
    public void Scan_LaterRowOfInferredNumberColumn_IsKpi3005SuggestingDeclaration()
    {
        var csv = new StringBuilder("code\n");
        for (var i = 0; i < DatasetSchemaReader.SampleSize; i++)
        {
            csv.Append(i).Append('\n');
        }

        csv.Append("X-1\n");
        var (_, _, diagnostics) = ReadAll(Define(_files.Write("late.csv", csv.ToString())));

        var diagnostic = Single(diagnostics, "KPI3005");
        Assert.Contains("'X-1'", diagnostic.Message);
        Assert.Contains("columns: { code: text }", diagnostic.Suggestion);
    }

    [Fact]
    public void Scan_MalformedQuoting_IsKpi3006AndTheRecordIsSkipped()
    {
        var path = _files.Write("quote.csv", "id,name\n1,\"Ann\"x\n2,Bob\n");

        var (_, rows, diagnostics) = ReadAll(Define(path));

        Assert.Equal(["Bob"], rows.Select(r => r.Text("name")));
        var diagnostic = Single(diagnostics, "KPI3006");
        Assert.Equal($"{path}(2)", diagnostic.Span.ToString());
        Assert.Contains("closing quote", diagnostic.Message);
    }

    [Fact]
    public void Scan_ManyBadRecords_ReportsTenThenOneSummary()
    {
        var csv = new StringBuilder("id,amount\n");
        for (var i = 0; i < 25; i++)
        {
            csv.Append(i).Append(",x,y\n");
        }

        var (_, rows, diagnostics) = ReadAll(Define(_files.Write("many.csv", csv.ToString()), columns: [Declare("amount", ColumnType.Number)]));

        Assert.Empty(rows);
        var ragged = diagnostics.Items.Where(d => d.Id == "KPI3004").ToList();
        Assert.Equal(11, ragged.Count);
        Assert.Contains("and 15 more", ragged[^1].Message);
    }

    [Fact]
    public void Scan_OnlyNeededSlots_AreFilled()
    {
        var diagnostics = new DiagnosticBag();
        var schema = new DatasetSchemaReader().Read(Define(TestFile("orders.csv")), null, diagnostics)!;
        var needed = schema.Columns.Select(c => c.Name == "total").ToArray();

        var rows = Scan(schema, diagnostics, needed);

        Assert.Equal(120.50, rows[0].Number("total"));
        Assert.All(rows, r => Assert.Null(r.Text("order_id")));
        Assert.All(rows, r => Assert.True(double.IsNaN(r.Number("paid"))));
    }

    [Fact]
    public void Scan_RepeatedShortTexts_ShareOneString()
    {
        var (_, rows, _) = ReadAll(Define(TestFile("orders.csv")));

        Assert.Same(rows[0].Text("status"), rows[2].Text("status"));
    }

    [Fact]
    public void Scan_GeneratedLargeFile_CompletesWithBoundedMemoryAndCounts()
    {
        // 200,000 records, amount = i % 100: the sum is 2,000 cycles of 0..99 = 2,000 * 4,950 = 9,900,000.
        var path = Path.Combine(_files.Folder, "big.csv");
        using (var writer = new StreamWriter(path))
        {
            writer.Write("id,day,amount,status\n");
            for (var i = 0; i < 200_000; i++)
            {
                writer.Write($"{i},2024-01-{(i % 28) + 1:00},{i % 100},s{i % 3}\n");
            }
        }

        var diagnostics = new DiagnosticBag();
        var schema = new DatasetSchemaReader().Read(Define(path, time: "day"), null, diagnostics)!;
        var sum = 0.0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var count = RowSources.For(DatasetFormat.Csv).Scan(schema, [true, true, true, true], row => sum += row.Numbers[2], diagnostics, CancellationToken.None);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Empty(diagnostics.Items);
        Assert.Equal(200_000, count);
        Assert.Equal(9_900_000, sum);
        // Texts come from the pool and numbers are parsed from bytes: far below one allocation per cell.
        Assert.True(allocated < 16 * 1024 * 1024, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Scan_CancelledToken_Throws()
    {
        var diagnostics = new DiagnosticBag();
        var schema = new DatasetSchemaReader().Read(Define(TestFile("orders.csv")), null, diagnostics)!;
        using var cancellation = new CancellationTokenSource();
        var seen = 0;

        Assert.Throws<OperationCanceledException>(() => RowSources.For(DatasetFormat.Csv).Scan(schema, new bool[schema.Width],
            _ =>
            {
                seen++;
                cancellation.Cancel();
            }, diagnostics, cancellation.Token));
        Assert.Equal(1, seen);
    }

    [Fact]
    public void Scan_FileDeletedAfterSchema_IsKpi3001()
    {
        var path = _files.Write("gone.csv", "id\n1\n");
        var diagnostics = new DiagnosticBag();
        var schema = new DatasetSchemaReader().Read(Define(path), null, diagnostics)!;
        File.Delete(path);

        var rows = Scan(schema, diagnostics);

        Assert.Empty(rows);
        Single(diagnostics, "KPI3001");
    }
}
