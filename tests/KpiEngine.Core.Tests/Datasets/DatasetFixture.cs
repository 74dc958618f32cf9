using KpiEngine.Datasets;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;

namespace KpiEngine.Core.Tests.Datasets;

/// <summary>One scanned row, copied out of the reused buffer.</summary>
internal sealed record ScannedRow(DatasetSchema Schema, double[] Numbers, string?[] Texts, long RecordNumber, long Line)
{
    public double Number(string column) => Numbers[Schema.Find(column)!.Slot];

    public string? Text(string column) => Texts[Schema.Find(column)!.Slot];
}

/// <summary>Builds dataset definitions, temporary files and full scans for the dataset tests.</summary>
internal sealed class DatasetFixture : IDisposable
{
    public static readonly SourceSpan YamlSpan = new("client.yaml", 7, 3, 7, 10);

    public DatasetFixture() => Directory.CreateDirectory(Folder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "kpi-datasets-" + Guid.NewGuid().ToString("N"));

    public static string TestFile(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Datasets", name);

    public static ColumnDeclaration Declare(string name, ColumnType type, int line = 9) => new(name, type, new SourceSpan("client.yaml", line, 7, line, 7 + name.Length));

    public static DatasetDefinition Define(
        string path,
        DatasetFormat format = DatasetFormat.Csv,
        string? time = null,
        IReadOnlyList<ColumnDeclaration>? columns = null,
        string culture = "",
        IReadOnlyList<string>? dateFormats = null,
        char delimiter = ',',
        BorrowDefinition? borrow = null,
        string name = "orders") =>
        new(name, path, format, time, columns ?? [], culture, dateFormats ?? [], delimiter, null, borrow, YamlSpan);

    public string Write(string fileName, string content)
    {
        var path = Path.Combine(Folder, fileName);
        File.WriteAllText(path, content);
        return path;
    }

    public string WriteBytes(string fileName, byte[] content)
    {
        var path = Path.Combine(Folder, fileName);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Reads the schema and scans every column; the schema must be usable.</summary>
    public static (DatasetSchema Schema, List<ScannedRow> Rows, DiagnosticBag Diagnostics) ReadAll(DatasetDefinition definition, DatasetSchema? lender = null)
    {
        var diagnostics = new DiagnosticBag();
        var schema = new DatasetSchemaReader().Read(definition, lender, diagnostics);
        Assert.True(schema is not null, string.Join(Environment.NewLine, diagnostics.Items));
        return (schema, Scan(schema, diagnostics), diagnostics);
    }

    public static List<ScannedRow> Scan(DatasetSchema schema, DiagnosticBag diagnostics, bool[]? needed = null)
    {
        var rows = new List<ScannedRow>();
        var count = RowSources.For(schema.Definition.Format).Scan(schema, needed ?? [.. schema.Columns.Select(_ => true)],
            row => rows.Add(new ScannedRow(schema, [.. row.Numbers], [.. row.Texts], row.RecordNumber, row.Line)), diagnostics, CancellationToken.None);
        Assert.Equal(rows.Count, count);
        return rows;
    }

    /// <summary>Days since 0001-01-01, as dates are stored.</summary>
    public static double Days(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks / (double)TimeSpan.TicksPerDay;

    public static Diagnostic Single(DiagnosticBag diagnostics, string id) =>
        Assert.Single(diagnostics.Items, d => d.Id == id);

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
