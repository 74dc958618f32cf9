using System.Globalization;
using KpiEngine.Diagnostics;

namespace KpiEngine.Datasets;

/// <summary>Streams CSV records with <see cref="CsvRecordReader"/>; converts only the needed fields.</summary>
internal sealed class CsvRowSource : IRowSource
{
    /// <summary>The shared instance (the source keeps no state between scans).</summary>
    public static readonly CsvRowSource Instance = new();

    private CsvRowSource()
    {
    }

    /// <inheritdoc/>
    public long Scan(DatasetSchema schema, bool[] needed, Action<RowBuffer> onRow, DiagnosticBag diagnostics, CancellationToken cancellationToken) =>
        RowSources.ScanFile(schema, needed, onRow, diagnostics,
            (stream, scan) => Scan(new CsvRecordReader(stream, (byte)schema.Definition.Delimiter), scan, onRow, cancellationToken));

    private static long Scan(CsvRecordReader csv, RowScan scan, Action<RowBuffer> onRow, CancellationToken cancellationToken)
    {
        using var reader = csv;
        cancellationToken.ThrowIfCancellationRequested();
        var (name, problems, targets) = (scan.Name, scan.Problems, scan.Targets);
        if (!reader.Read())
        {
            return 0;
        }

        var width = reader.FieldCount;
        if (targets.Any(c => c.SourceIndex >= width))
        {
            problems.Report(DiagnosticCatalog.BadHeader, string.Create(CultureInfo.InvariantCulture,
                $"Dataset '{name}': the header now has {width} columns, fewer than when the schema was read; was the file replaced?"), problems.At(reader.Line));
            return 0;
        }

        long record = 0;
        long delivered = 0;
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            record++;
            if (reader.Malformation is { } malformation)
            {
                problems.Report(DiagnosticCatalog.MalformedData, string.Create(CultureInfo.InvariantCulture,
                        $"Dataset '{name}', record {record}: {malformation}: {reader.RawText(ScanProblems.MaxQuotedChars)}"),
                    problems.At(reader.Line), "Quote fields that contain the delimiter, quotes or line breaks, and double quotes inside them (\"\").");
                continue;
            }

            if (reader.FieldCount != width)
            {
                problems.Report(DiagnosticCatalog.RaggedRow, string.Create(CultureInfo.InvariantCulture,
                        $"Dataset '{name}', record {record} has {reader.FieldCount} fields but the header has {width}: {reader.RawText(ScanProblems.MaxQuotedChars)}"),
                    problems.At(reader.Line), "The record is skipped. A field containing the delimiter must be quoted; check the export.");
                continue;
            }

            var row = scan.Start(record, reader.Line);
            foreach (var column in targets)
            {
                scan.Cells.Write(row, column, reader.Field(column.SourceIndex));
            }

            delivered++;
            onRow(row);
        }

        if (reader.StoppedAtOversizedRecord)
        {
            problems.Report(DiagnosticCatalog.MalformedData, string.Create(CultureInfo.InvariantCulture,
                    $"Dataset '{name}': the record starting here is longer than {CsvRecordReader.MaxRecordBytes / (1024 * 1024)} MiB; reading stopped."),
                problems.At(reader.NextLine), "Look for a quote that is opened but never closed.");
        }

        return delivered;
    }
}
