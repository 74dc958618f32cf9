using KpiEngine.Definitions;
using static KpiEngine.Core.Tests.Datasets.DatasetFixture;

namespace KpiEngine.Core.Tests.Datasets;

public sealed class JsonRowSourceTests : IDisposable
{
    private readonly DatasetFixture _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Scan_JsonArray_ReadsNumbersStringsBooleansAndNulls()
    {
        var (_, rows, diagnostics) = ReadAll(Define(TestFile("orders.json"), DatasetFormat.Json, time: "ordered_at"));

        Assert.Empty(diagnostics.Items);
        Assert.Equal([120.5, 80, 42.25], rows.Select(r => r.Number("total")));
        Assert.Equal([1d, 0d, 1d], rows.Select(r => r.Number("paid")));
        Assert.Null(rows[0].Text("note"));
        // Keys absent from a record are missing; the offset of record 3 is dropped (clock time as written).
        Assert.True(double.IsNaN(rows[0].Number("extra")));
        Assert.Equal(Days(2024, 2, 1, 23, 15), rows[2].Number("ordered_at"), 9);
        Assert.Equal([1L, 2L, 3L], rows.Select(r => r.RecordNumber));
    }

    [Fact]
    public void Scan_JsonLines_SkipsBlankLinesAndReportsNestedValuesAsKpi3005()
    {
        var (_, rows, diagnostics) = ReadAll(Define(TestFile("orders.jsonl"), DatasetFormat.JsonLines, time: "ordered_at"));

        Assert.Equal(3, rows.Count);
        Assert.Equal([1L, 3L, 4L], rows.Select(r => r.Line));
        Assert.True(double.IsNaN(rows[2].Number("total")));
        var diagnostic = Single(diagnostics, "KPI3005");
        Assert.Contains("nested JSON value", diagnostic.Message);
        Assert.EndsWith("orders.jsonl(4)", diagnostic.Span.ToString());
    }

    [Fact]
    public void Scan_MalformedJsonLine_IsKpi3006AndOtherLinesAreRead()
    {
        var path = _files.Write("bad.jsonl", "{\"a\": 1}\n{\"a\": 2\n{\"a\": 3}\n");

        var (_, rows, diagnostics) = ReadAll(Define(path, DatasetFormat.JsonLines));

        Assert.Equal([1d, 3d], rows.Select(r => r.Number("a")));
        Assert.Equal($"{path}(2)", Single(diagnostics, "KPI3006").Span.ToString());
    }

    // The error sits far past the sample (and past the serializer's read-ahead buffer), so the
    // schema is usable and the scan meets it. Records in the same read-ahead block as the error are
    // lost with it (System.Text.Json parses a block before handing elements out); earlier ones are kept.
    [Fact]
    public void Scan_MalformedJsonArrayAfterTheSample_IsKpi3006AndEarlierRecordsAreKept()
    {
        var items = string.Join(",", Enumerable.Range(0, 20_000).Select(i => $"{{\"a\": {i}}}"));
        var path = _files.Write("late.json", $"[{items},\n{{\"a\": }}]");

        var (_, rows, diagnostics) = ReadAll(Define(path, DatasetFormat.Json));

        Assert.InRange(rows.Count, 19_000, 19_999);
        Assert.Equal(2, Single(diagnostics, "KPI3006").Span!.Value.Line);
    }

    [Fact]
    public void Scan_NonObjectRecord_IsKpi3006()
    {
        var path = _files.Write("mixed.json", "[{\"a\": 1}, 5, {\"a\": 2}]");

        var (_, rows, diagnostics) = ReadAll(Define(path, DatasetFormat.Json));

        Assert.Equal(2, rows.Count);
        Assert.Contains("record 2 is a JSON number", Single(diagnostics, "KPI3006").Message);
    }
}
