using System.Text;
using KpiEngine.Datasets;
using KpiEngine.Diagnostics;
using static KpiEngine.Core.Tests.Datasets.DatasetFixture;

namespace KpiEngine.Core.Tests.Datasets;

/// <summary>The one-pass line parse of the column path, which runs once per line of a big export.</summary>
public sealed class ColumnBlockTests : IDisposable
{
    private readonly DatasetFixture _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(",", "C0001,2024-01-05,paid,1,2.50\n", 28)] // taken whole: the line break is at byte 28
    [InlineData(";", "C0001;2024-01-05;paid;1;2.50\r\n", 28)] // another delimiter, a CR LF line end
    [InlineData(",", "C0001,2024-01-05,pa\"id,1,2.50\n", -1)] // a quote in a skipped text: the record path reads it
    [InlineData(",", "C0001,2024-01-05,paid;x,1,2.50\n", 30)] // another delimiter's byte is text like any other
    [InlineData(";", "C0001;2024-01-05;paid,x;1;2.50\n", 30)]
    [InlineData(",", "C0001,2024-01-05,paid\n", -1)] // too few fields
    [InlineData(",", "C0001,2024-01-05,paid,1,2.50,9\n", -1)] // too many
    [InlineData(",", "C0001,2024-01-05,paid,1,2.50", -1)] // the bytes end inside the line: nothing past them is read
    [InlineData(",", "C0001,2024-01-05,paid,1,2.50\rC0002,2024-01-05,paid,2,1.00\n", 28)] // a lone CR ends the line
    [InlineData(",", "C0001,2024-01-05,paid,1,\n", -1)] // the last number missing: the line feed is no digit
    public void TryTakeLine_TextFieldsEndOnlyAtTheDelimiterALineBreakOrAQuote(string delimiter, string line, int lineEnd)
    {
        // The file (for the schema) holds one good line; the line under test goes to the block directly.
        var path = _files.Write("export.csv", "client_id,date,channel,visits,revenue\nC0001,2024-01-05,paid,1,2.50\n".Replace(",", delimiter, StringComparison.Ordinal));
        var diagnostics = new DiagnosticBag();
        var schema = new DatasetSchemaReader().Read(Define(path, time: "date", delimiter: delimiter[0]), null, diagnostics);
        Assert.True(schema is not null, string.Join(Environment.NewLine, diagnostics.Items));
        var needed = schema.Columns.Select(c => c.Name is "client_id" or "date" or "visits" or "revenue").ToArray();
        var block = ColumnBlock.For(schema, needed, schema.Find("client_id"))!;

        Assert.Equal(lineEnd, block.TryTakeLine(Encoding.UTF8.GetBytes(line), (byte)delimiter[0], 5));
    }

    [Fact]
    public void TryTakeLine_LineFeedAsDelimiter_TakesNothing()
    {
        // The parse reads up to the line feed that ends its bytes; a line feed passed as the delimiter would lead it past
        // that one (the reader never passes it, as a line feed cannot split fields). The line is left to the record path.
        var path = _files.Write("export.csv", "client_id,date,channel,visits,revenue\nC0001,2024-01-05,paid,1,2.50\n");
        var diagnostics = new DiagnosticBag();
        var schema = new DatasetSchemaReader().Read(Define(path, time: "date"), null, diagnostics)!;
        var block = ColumnBlock.For(schema, schema.Columns.Select(c => c.Name is "client_id" or "date" or "visits").ToArray(), schema.Find("client_id"))!;

        Assert.Equal(-1, block.TryTakeLine("C0001\n2024-01-05\npaid\n1\n2.50\n"u8, (byte)'\n', 5));
    }

    [Fact]
    public void TryTakeLine_PlainLinesWithTimeAndDimension_TakeTheirValuesWithoutAllocating()
    {
        // Client, date, a skipped text, two numbers: the shape of an export of many clients.
        var path = _files.Write("export.csv", "client_id,date,channel,visits,revenue\nC0001,2024-01-05,paid,1,2.50\n");
        var diagnostics = new DiagnosticBag();
        var schema = new DatasetSchemaReader().Read(Define(path, time: "date"), null, diagnostics);
        Assert.True(schema is not null, string.Join(Environment.NewLine, diagnostics.Items));
        var client = schema.Find("client_id")!;
        var needed = schema.Columns.Select(c => c.Name is "client_id" or "date" or "visits" or "revenue").ToArray();
        var block = ColumnBlock.For(schema, needed, client)!;
        Assert.NotNull(block);

        // 2,048 different lines (dates in no order, 512 clients), so no value is taken from the one remembered before it.
        var lines = Enumerable.Range(0, 2048)
            .Select(i => Encoding.UTF8.GetBytes($"C{i % 512:D4},2024-{1 + (i % 12):D2}-{1 + (i * 7 % 28):D2},paid,{i},{i}.25\n"))
            .ToArray();
        var lineEnds = new int[lines.Length];
        void TakeAll()
        {
            for (var i = 0; i < lines.Length; i++)
            {
                if (block.IsFull)
                {
                    block.Clear();
                }

                lineEnds[i] = block.TryTakeLine(lines[i], (byte)',', 5);
                block.CommitLine();
            }
        }

        TakeAll(); // every client text numbered, every method compiled
        var before = GC.GetAllocatedBytesForCurrentThread();
        TakeAll();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Each line was taken whole: its break is where the line's last byte is.
        Assert.Equal(lines.Select(l => l.Length - 1), lineEnds);

        // A line once cost an object (a lambda's captured width, 32 bytes): 64 KiB over these lines.
        // Nothing per line now; the bound leaves room for the runtime's own bookkeeping, not for one object per line.
        Assert.True(allocated < lines.Length, $"taking {lines.Length} lines allocated {allocated} bytes");

        // The last line taken (2,047: client 2047 mod 512 = 511, month 1 + 2047 mod 12 = 8, day 1 + 14,329 mod 28 = 22, 2047 visits, 2047.25) is in row 1,023 of the block.
        var row = block.Count - 1;
        Assert.Equal("C0511", block.DimensionTexts!.Text(block.DimensionIds![row]));
        Assert.Equal(Days(2024, 8, 22), block.Columns[schema.TimeColumn!.Slot]![row]);
        Assert.Equal(2047, block.Columns[schema.Find("visits")!.Slot]![row]);
        Assert.Equal(2047.25, block.Columns[schema.Find("revenue")!.Slot]![row]);
    }
}
