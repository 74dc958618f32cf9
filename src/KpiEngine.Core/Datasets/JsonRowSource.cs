using System.Globalization;
using System.Text.Json;
using KpiEngine.Diagnostics;

namespace KpiEngine.Datasets;

/// <summary>
/// Streams JSON arrays and JSON Lines records. Properties are matched to columns by exact name;
/// properties not in the schema are ignored, absent ones are missing.
/// </summary>
internal sealed class JsonRowSource : IRowSource
{
    /// <summary>The shared instance (the source keeps no state between scans).</summary>
    public static readonly JsonRowSource Instance = new();

    private JsonRowSource()
    {
    }

    /// <inheritdoc/>
    public long Scan(DatasetSchema schema, bool[] needed, Action<RowBuffer> onRow, DiagnosticBag diagnostics, CancellationToken cancellationToken) =>
        RowSources.ScanFile(schema, needed, onRow, diagnostics, (stream, problems) => Scan(stream, schema, needed, onRow, problems, cancellationToken));

    private static long Scan(Stream stream, DatasetSchema schema, bool[] needed, Action<RowBuffer> onRow, ScanProblems problems, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var name = schema.Name;
        var targets = schema.Columns.Where(c => c.SourceIndex >= 0 && needed[c.Slot]).ToArray();
        var cells = new CellWriter(schema, problems);
        var row = schema.CreateRow();
        long delivered = 0;
        void OnMalformed(string message, long line) =>
            problems.Report(DiagnosticCatalog.MalformedData, $"Dataset '{name}': {message}.", problems.At(line));

        foreach (var record in JsonRecords.Read(stream, schema.Definition.Format, OnMalformed, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (record.Value.ValueKind != JsonValueKind.Object)
            {
                problems.Report(DiagnosticCatalog.MalformedData, string.Create(CultureInfo.InvariantCulture,
                        $"Dataset '{name}', record {record.Number} is a JSON {record.Value.ValueKind.ToString().ToLowerInvariant()}, not an object: {ScanProblems.Quote(record.Value.GetRawText())}"),
                    problems.At(record.Line), "Every record must be a flat object of column names to values.");
                continue;
            }

            row.Clear();
            row.RecordNumber = record.Number;
            row.Line = record.Line;
            foreach (var column in targets)
            {
                if (record.Value.TryGetProperty(column.Name, out var value))
                {
                    cells.Write(row, column, value);
                }
            }

            delivered++;
            onRow(row);
        }

        return delivered;
    }
}
