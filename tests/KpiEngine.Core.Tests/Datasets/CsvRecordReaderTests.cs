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

    [Fact]
    public void Read_LongUnquotedRecords_SplitAtEveryDelimiterAcrossVectorWidths()
    {
        // 45 fields of 0-3 characters: over 64 bytes, so delimiters fall in whole 32-byte blocks and in the tail.
        var fields = Enumerable.Range(0, 45).Select(i => i % 7 == 3 ? string.Empty : i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "x").ToArray();
        var line = string.Join('\t', fields);
        var csv = $"{line}\r{line}\r\n\"q\"\t{line}\n{line}";

        foreach (var size in new[] { 16, 50, 64 * 1024 })
        {
            var records = ReadAll(csv, '\t', size);

            Assert.Equal(4, records.Count);
            Assert.Equal(fields, records[0].Fields);
            Assert.Equal(fields, records[1].Fields);
            Assert.Equal(["q", .. fields], records[2].Fields);
            Assert.Equal(fields, records[3].Fields);
            Assert.Equal([1L, 2L, 3L, 4L], records.Select(r => r.Line));
        }
    }

    [Fact]
    public void Read_QuoteLateInALongUnquotedLine_IsLiteralAndTheNextLineIsWhole()
    {
        // The quote sits past the first 32-byte block, so the vectorised pass gives up on the line and the general parser reads it.
        var first = new[] { "aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc", "5\" screen", "d" };
        var second = new[] { "1", "2", "3", "4", "5" };
        var records = ReadAll($"{string.Join(',', first)}\n{string.Join(',', second)}\n");

        Assert.Equal(first, records[0].Fields);
        Assert.Null(records[0].Malformation);
        Assert.Equal(second, records[1].Fields);
        Assert.Equal([1L, 2L], records.Select(r => r.Line));
    }
}
