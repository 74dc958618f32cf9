using System.Text;
using KpiEngine.Datasets;
using KpiEngine.Definitions;

namespace KpiEngine.Core.Tests.Datasets;

/// <summary>
/// Text is never silently altered (issue 10, class 9) and odd cells never turn a number column into
/// text (class 8), at the level of the CSV reader and of type inference.
/// </summary>
public sealed class HostileTextTests
{
    private static List<(long Line, string? Malformation)> Read(byte[] bytes, int bufferSize = 64 * 1024)
    {
        using var reader = new CsvRecordReader(new MemoryStream(bytes), (byte)',', bufferSize);
        var records = new List<(long, string?)>();
        while (reader.Read())
        {
            records.Add((reader.Line, reader.Malformation));
        }

        return records;
    }

    private static byte[] Bytes(params object[] parts) =>
        [.. parts.SelectMany(part => part is string text ? Encoding.UTF8.GetBytes(text) : [(byte)(int)part])];

    [Theory]
    [InlineData(64 * 1024)]
    [InlineData(16)]
    [InlineData(7)]
    public void Read_InvalidUtf8InPlainOrQuotedRecords_MakesOnlyThoseMalformedWithLineAndColumn(int bufferSize)
    {
        // Line 2: Latin-1 ü (0xFC) after "a,M" (column 4); line 4: a quoted field over two lines with
        // 0xE9 (é) on its second line, column 2; line 3 and 6 are clean UTF-8 (ü as 0xC3 0xBC).
        var bytes = Bytes("h,name\na,M", 0xFC, "ller\nb,M\u00fcller\nc,\"x\ny", 0xE9, "\"\nd,ok\n");

        var records = Read(bytes, bufferSize);

        Assert.Equal([1L, 2, 3, 4, 6], records.Select(r => r.Line));
        Assert.Null(records[0].Malformation);
        Assert.Equal("its text holds the byte 0xFC, which is not UTF-8 (the file looks Latin-1 or Windows-1252) at line 2, column 4, so it is left out rather than altered", records[1].Malformation);
        Assert.Null(records[2].Malformation);
        Assert.Equal("its text holds the byte 0xE9, which is not UTF-8 (the file looks Latin-1 or Windows-1252) at line 5, column 2, so it is left out rather than altered", records[3].Malformation);
        Assert.Null(records[4].Malformation);
    }

    [Fact]
    public void Read_ByteOrderMarkAtTheStartIsDroppedButInsideIsMalformed()
    {
        var bom = new object[] { 0xEF, 0xBB, 0xBF };
        var bytes = Bytes([.. bom, "h\n1\n", .. bom, "2\n3\n"]);

        var records = Read(bytes);

        Assert.Equal([null, null, "its text holds a byte-order mark (U+FEFF) inside the text at line 3, column 1, so it is left out rather than altered", null], records.Select(r => r.Malformation));
    }

    private static ColumnType Infer(params string[] cells)
    {
        var parser = new CellParser(new DatasetDefinition("d", "d.csv", DatasetFormat.Csv, null, [], "", [], ',', null, null, default));
        var inference = new ColumnInference();
        var line = 2;
        foreach (var cell in cells)
        {
            var text = Encoding.UTF8.GetBytes(cell);
            inference.Observe(ColumnInference.Classify(text, parser), text, line++);
        }

        return inference.Type;
    }

    [Theory]
    [InlineData(ColumnType.Number, "10", "1,5", "20")]
    [InlineData(ColumnType.Number, "10", "NaN", "-inf", "n/a", "20")]
    [InlineData(ColumnType.Number, "1", "1 234", "2")]
    [InlineData(ColumnType.Text, "10", "abc", "20")] // a word is text, not a failed number
    [InlineData(ColumnType.Text, "1,5", "NaN")] // no number at all
    [InlineData(ColumnType.Text, "00001", "2", "3")] // a leading zero makes a code
    [InlineData(ColumnType.Text, "3", "003")]
    [InlineData(ColumnType.Number, "0", "0.5", "-0.25", "10")] // zero itself and 0.x are numbers
    [InlineData(ColumnType.Date, "2026-01-05", "2026-02-01")] // dates are not failed numbers
    public void Infer_OddCellsAmongNumbersAndCodes(ColumnType expected, params string[] cells) =>
        Assert.Equal(expected, Infer(cells));
}
