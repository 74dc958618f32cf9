using System.Globalization;
using System.Text;
using KpiEngine.Datasets;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;
using static KpiEngine.Core.Tests.Datasets.DatasetFixture;

namespace KpiEngine.Core.Tests.Datasets;

public sealed class CsvPartitionsTests : IDisposable
{
    private const int SmallPartition = 100;
    private readonly DatasetFixture _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>Records of varying length (so cuts land mid-record), with a quoted comma every seventh.</summary>
    private static string Orders(int count, string newline)
    {
        var text = new StringBuilder("id,day,note,amount").Append(newline);
        for (var i = 1; i <= count; i++)
        {
            var note = i % 7 == 0 ? "\"late, \"\"really\"\"\"" : new string('n', i % 23);
            text.Append(CultureInfo.InvariantCulture, $"{i},2026-{1 + (i % 12):D2}-{1 + (i % 28):D2},{note},{i * 1.25m:F2}").Append(newline);
        }

        return text.ToString();
    }

    private static (DatasetSchema Schema, DiagnosticBag Diagnostics) Schema(string path)
    {
        var diagnostics = new DiagnosticBag();
        var schema = new DatasetSchemaReader().Read(Define(path, time: "day"), null, diagnostics);
        Assert.NotNull(schema);
        return (schema, diagnostics);
    }

    private static List<ScannedRow> ScanRanges(DatasetSchema schema, CsvSplit split, out List<CsvRangeResult> results)
    {
        var rows = new List<ScannedRow>();
        results = [];
        var needed = schema.Columns.Select(_ => true).ToArray();
        foreach (var partition in split.Partitions)
        {
            results.Add(CsvRowSource.ScanPartition(schema, needed, split, partition,
                row => rows.Add(new ScannedRow(schema, [.. row.Numbers], [.. row.Texts], row.RecordNumber, row.Line)), new DiagnosticBag(), CancellationToken.None));
        }

        return rows;
    }

    private static void AssertSameRows(List<ScannedRow> expected, List<ScannedRow> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Numbers, actual[i].Numbers);
            Assert.Equal(expected[i].Texts, actual[i].Texts);
        }
    }

    [Fact]
    public void TrySplit_FileSmallerThanTwoPartitions_IsNotSplit()
    {
        var path = _files.Write("small.csv", Orders(3, "\n"));
        Assert.Null(CsvPartitions.TrySplit(Define(path), partitionBytes: 1024 * 1024));
    }

    [Fact]
    public void TrySplit_Ranges_CoverEveryByteAfterTheHeaderAndStartAfterALineFeed()
    {
        var path = _files.Write("orders.csv", Orders(200, "\n"));
        var bytes = File.ReadAllBytes(path);
        var split = CsvPartitions.TrySplit(Define(path), SmallPartition)!;

        Assert.Equal(4, split.HeaderWidth);
        Assert.True(split.Partitions.Count > 10);
        Assert.Equal("id,day,note,amount\n".Length, split.Partitions[0].Start);
        Assert.Equal(bytes.Length, split.Partitions[^1].End);
        for (var k = 0; k < split.Partitions.Count; k++)
        {
            Assert.Equal(k, split.Partitions[k].Index);
            Assert.Equal((byte)'\n', bytes[split.Partitions[k].Start - 1]);
            Assert.True(split.Partitions[k].Start < split.Partitions[k].End);
            if (k > 0)
            {
                Assert.Equal(split.Partitions[k - 1].End, split.Partitions[k].Start);
            }
        }
    }

    [Theory]
    [InlineData("\n", false)]
    [InlineData("\r\n", false)]
    [InlineData("\r\n", true)]
    public void ScanPartition_AllRanges_GiveTheRowsOfOnePassInOrder(string newline, bool byteOrderMark)
    {
        var content = Encoding.UTF8.GetBytes(Orders(500, newline));
        var path = _files.WriteBytes("orders.csv", byteOrderMark ? [0xEF, 0xBB, 0xBF, .. content] : content);
        var (schema, diagnostics) = Schema(path);
        var onePass = Scan(schema, diagnostics);
        var split = CsvPartitions.TrySplit(schema.Definition, SmallPartition)!;

        var ranged = ScanRanges(schema, split, out var results);

        Assert.All(results, r => Assert.True(r.Clean));
        Assert.Equal(500, results.Sum(r => r.Delivered));
        AssertSameRows(onePass, ranged);
        Assert.Empty(diagnostics.Items);
    }

    [Fact]
    public void ScanPartition_FirstRange_KeepsTrueLinesAndRecordNumbers()
    {
        var path = _files.Write("orders.csv", Orders(100, "\n"));
        var (schema, _) = Schema(path);
        var split = CsvPartitions.TrySplit(schema.Definition, SmallPartition)!;
        var rows = new List<ScannedRow>();

        CsvRowSource.ScanPartition(schema, [.. schema.Columns.Select(_ => true)], split, split.Partitions[0],
            row => rows.Add(new ScannedRow(schema, [], [], row.RecordNumber, row.Line)), new DiagnosticBag(), CancellationToken.None);

        // Header is line 1, so record n is on line n + 1.
        Assert.Equal(Enumerable.Range(1, rows.Count).Select(n => (long)n), rows.Select(r => r.RecordNumber));
        Assert.Equal(Enumerable.Range(2, rows.Count).Select(n => (long)n), rows.Select(r => r.Line));
    }

    [Fact]
    public void ScanPartition_CutAfterALineFeedInsideQuotes_RangeBeforeItIsNotClean()
    {
        // Each record's quoted note holds a line break 40 bytes in, 3 bytes before the record ends:
        // most cuts land inside a quoted field, and the range before such a cut must say so.
        var text = new StringBuilder("id,day,note,amount\n");
        for (var i = 1; i <= 60; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i},2026-01-{1 + (i % 28):D2},\"{new string('x', 40)}\ny\",{i}\n");
        }

        var path = _files.Write("notes.csv", text.ToString());
        var (schema, _) = Schema(path);
        var split = CsvPartitions.TrySplit(schema.Definition, SmallPartition)!;

        ScanRanges(schema, split, out var results);

        Assert.Contains(results, r => !r.Clean);
    }

    [Fact]
    public void ScanPartition_RaggedRecordInALaterRange_IsNotCleanSoTheCallerRescansForTrueLines()
    {
        var lines = Orders(300, "\n").Split('\n');
        lines[250] += ",extra";
        var path = _files.Write("ragged.csv", string.Join('\n', lines));
        var (schema, _) = Schema(path);
        var split = CsvPartitions.TrySplit(schema.Definition, SmallPartition)!;

        ScanRanges(schema, split, out var results);

        Assert.Single(results, r => !r.Clean);
    }

    [Fact]
    public void ScanPartition_LastLineWithoutLineFeed_IsRead()
    {
        var path = _files.Write("orders.csv", Orders(200, "\n").TrimEnd('\n'));
        var (schema, diagnostics) = Schema(path);
        var split = CsvPartitions.TrySplit(schema.Definition, SmallPartition)!;

        var ranged = ScanRanges(schema, split, out var results);

        Assert.All(results, r => Assert.True(r.Clean));
        AssertSameRows(Scan(schema, diagnostics), ranged);
        Assert.Equal(200, ranged.Count);
    }
}
