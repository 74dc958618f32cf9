using System.Text;
using KpiEngine.Datasets;

namespace KpiEngine.Core.Tests.Datasets;

public sealed class CsvRecordReaderTests
{
    private static List<(long Line, string[] Fields, string? Malformation)> ReadAll(string csv, char delimiter = ',', int bufferSize = 64 * 1024, bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(csv);
        if (bom)
        {
            bytes = [0xEF, 0xBB, 0xBF, .. bytes];
        }

        using var reader = new CsvRecordReader(new MemoryStream(bytes), (byte)delimiter, bufferSize);
        var records = new List<(long, string[], string?)>();
        while (reader.Read())
        {
            records.Add((reader.Line, [.. Enumerable.Range(0, reader.FieldCount).Select(i => Encoding.UTF8.GetString(reader.Field(i)))], reader.Malformation));
        }

        return records;
    }

    [Fact]
    public void Read_QuotedFields_KeepDelimitersEscapedQuotesAndLineBreaks()
    {
        var records = ReadAll("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\nlast,row\n");

        Assert.Equal(["x,y", "say \"hi\""], records[1].Fields);
        Assert.Equal(["two\nlines", "z"], records[2].Fields);
        // The quoted line break makes the record after it start on physical line 5.
        Assert.Equal([1L, 2L, 3L, 5L], records.Select(r => r.Line));
    }

    [Fact]
    public void Read_CrLfBomAndNoTrailingNewline_AreHandled()
    {
        var records = ReadAll("id,name\r\n1,Ann\r\n2,Bob", bom: true);

        Assert.Equal(["id", "name"], records[0].Fields);
        Assert.Equal(["2", "Bob"], records[2].Fields);
        Assert.Equal(3L, records[2].Line);
    }

    [Fact]
    public void Read_BlankLines_AreSkippedButCounted()
    {
        var records = ReadAll("id\n1\n\n2\n\r\n\n");

        Assert.Equal(3, records.Count);
        Assert.Equal(4L, records[2].Line);
    }

    [Fact]
    public void Read_EmptyFieldsAndQuotedEmptyLine_AreFields()
    {
        var records = ReadAll("a,b,c\n,,\n\"\"\n");

        Assert.Equal(["", "", ""], records[1].Fields);
        Assert.Equal([""], records[2].Fields);
    }

    [Fact]
    public void Read_RecordsLongerThanTheBuffer_GrowTheBuffer()
    {
        var longText = new string('x', 5000);
        var records = ReadAll($"a,b\n\"{longText}\",1\n{longText},\"q\"\"\"\n", bufferSize: 64);

        Assert.Equal(longText, records[1].Fields[0]);
        Assert.Equal(["" + longText, "q\""], records[2].Fields);
    }

    [Fact]
    public void Read_SplitAcrossRefills_GivesTheSameRecords()
    {
        const string csv = "a;b\r\n\"1;2\";\"x\"\"y\"\r\n3;4\r\n";
        var expected = ReadAll(csv, ';');
        for (var size = 16; size < 40; size++)
        {
            Assert.Equal(expected.Select(r => string.Join("|", r.Fields)), ReadAll(csv, ';', size).Select(r => string.Join("|", r.Fields)));
        }
    }

    [Fact]
    public void Read_TextAfterClosingQuote_IsMalformed()
    {
        var records = ReadAll("a,b\n\"x\"y,1\n2,3\n");

        Assert.NotNull(records[1].Malformation);
        Assert.Null(records[2].Malformation);
        Assert.Equal(["2", "3"], records[2].Fields);
    }

    [Fact]
    public void Read_UnclosedQuote_IsMalformedAtTheEnd()
    {
        var records = ReadAll("a,b\n1,\"open\n2,3\n");

        Assert.Equal(2, records.Count);
        Assert.Contains("not closed", records[1].Malformation);
    }

    [Fact]
    public void Read_QuoteInsideUnquotedField_IsLiteral()
    {
        var records = ReadAll("size,name\n5\" screen,tv\n");

        Assert.Equal(["5\" screen", "tv"], records[1].Fields);
        Assert.Null(records[1].Malformation);
    }
}
