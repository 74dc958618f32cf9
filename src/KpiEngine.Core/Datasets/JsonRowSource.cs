using System.Globalization;
using System.Text.Json;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;

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
        RowSources.ScanFile(schema, needed, onRow, diagnostics,
            (stream, scan) => Scan(JsonRecords.Read(stream, schema.Definition.Format, scan.Report, cancellationToken), scan, onRow, cancellationToken));

    private static long Scan(IEnumerable<JsonRecord> records, RowScan scan, Action<RowBuffer> onRow, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (name, problems) = (scan.Name, scan.Problems);
        long delivered = 0;
        foreach (var record in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (record.Value.ValueKind != JsonValueKind.Object)
            {
                problems.Report(DiagnosticCatalog.MalformedData, string.Create(CultureInfo.InvariantCulture,
                        $"Dataset '{name}', record {record.Number} is a JSON {record.Value.ValueKind.ToString().ToLowerInvariant()}, not an object: {ScanProblems.Quote(record.Value.GetRawText())}"),
                    problems.At(record.Line), "Every record must be a flat object of column names to values.");
                continue;
            }

            var row = scan.Start(record.Number, record.Line);
            foreach (var column in scan.Targets)
            {
                if (record.Value.TryGetProperty(column.Name, out var value))
                {
                    scan.Cells.Write(row, column, value);
                }
            }

            delivered++;
            onRow(row);
        }

        return delivered;
    }
}
