using System.Globalization;
using System.Runtime.CompilerServices;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;

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
            (stream, scan) => Scan(new CsvRecordReader(stream, (byte)schema.Definition.Delimiter), scan, onRow, null, cancellationToken));

    /// <summary>
    /// <see cref="Scan(DatasetSchema, bool[], Action{RowBuffer}, DiagnosticBag, CancellationToken)"/> with
    /// the column path: runs of plain records go to <paramref name="onBlock"/> a block at a time, any other
    /// record to <paramref name="onRow"/> as usual, all in file order. The sink's block comes from
    /// <see cref="ColumnBlock.For"/> for the same schema and needed slots.
    /// </summary>
    public static long ScanColumns(DatasetSchema schema, bool[] needed, Action<RowBuffer> onRow, ColumnBlockSink onBlock,
        DiagnosticBag diagnostics, CancellationToken cancellationToken) =>
        RowSources.ScanFile(schema, needed, onRow, diagnostics,
            (stream, scan) => Scan(new CsvRecordReader(stream, (byte)schema.Definition.Delimiter), scan, onRow, onBlock, cancellationToken));

    private static long Scan(CsvRecordReader csv, RowScan scan, Action<RowBuffer> onRow, ColumnBlockSink? onBlock, CancellationToken cancellationToken)
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

        return ScanRecords(reader, scan, width, onRow, onBlock, cancellationToken);
    }

    /// <summary>
    /// Reads the records of one range of a split file (<see cref="CsvPartitions"/>) into
    /// <paramref name="onRow"/>. Record numbers and lines count from the range's start, so they are
    /// only true in the first range: the result says whether the range was clean (it ended exactly
    /// at its end and reported no problem into <paramref name="diagnostics"/>). A range that was not
    /// clean is the caller's signal to discard the split results and scan the file in one pass,
    /// which reports every problem with its true line.
    /// </summary>
    /// <remarks>With <paramref name="onBlock"/>, plain records go there a block at a time (see <see cref="ScanColumns"/>).</remarks>
    public static CsvRangeResult ScanPartition(DatasetSchema schema, bool[] needed, CsvSplit split, CsvPartition partition,
        Action<RowBuffer> onRow, DiagnosticBag diagnostics, CancellationToken cancellationToken, ColumnBlockSink? onBlock = null)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.Columns.Any(c => c.SourceIndex >= split.HeaderWidth))
        {
            // The file changed since its schema was read; the one-pass scan reports it.
            return new CsvRangeResult(0, Clean: false);
        }

        var clean = true;
        var delivered = RowSources.ScanFile(schema, needed, onRow, diagnostics, (stream, scan) =>
        {
            stream.Position = partition.Start;
            using var reader = new CsvRecordReader(stream, (byte)schema.Definition.Delimiter, partition.Start, partition.End,
                partition.Index == 0 ? split.FirstLine : 1);
            var count = ScanRecords(reader, scan, split.HeaderWidth, onRow, onBlock, cancellationToken);
            clean = reader.Position == partition.End;
            return count;
        });
        return new CsvRangeResult(delivered, clean && diagnostics.Items.Count == 0);
    }

    [MethodImpl(HotPath.Options)]
    private static long ScanRecords(CsvRecordReader reader, RowScan scan, int width, Action<RowBuffer> onRow, ColumnBlockSink? onBlock, CancellationToken cancellationToken)
    {
        var (name, problems, targets, cells) = (scan.Name, scan.Problems, scan.Targets, scan.Cells);
        var block = onBlock?.Block;
        long record = 0;
        long delivered = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (block is not null && reader.TryReadInto(block, width))
            {
                record++;
                delivered++;
                if (block.IsFull)
                {
                    onBlock!.Flush();
                }

                continue;
            }

            if (!reader.Read())
            {
                break;
            }

            record++;
            if (block is not null)
            {
                if (reader.Malformation is null && reader.FieldCount == width && block.TryTake(reader))
                {
                    delivered++;
                    if (block.IsFull)
                    {
                        onBlock!.Flush();
                    }

                    continue;
                }

                // The records before this one are aggregated first, so every group sees the file's order.
                onBlock!.Flush();
            }

            if (reader.Malformation is { } malformation)
            {
                problems.Report(DiagnosticCatalog.MalformedData, string.Create(CultureInfo.InvariantCulture,
                        $"Dataset '{name}', record {record}: {malformation}: {reader.RawText(ScanProblems.MaxQuotedChars)}"),
                    problems.At(reader.Line), reader.MalformationSuggestion);
                continue;
            }

            if (reader.FieldCount != width)
            {
                problems.Report(DiagnosticCatalog.RaggedRow, string.Create(CultureInfo.InvariantCulture,
                        $"Dataset '{name}', record {record} has {reader.FieldCount} fields but the header has {width}: {reader.RawText(ScanProblems.MaxQuotedChars)}"),
                    problems.At(reader.Line), "The record is skipped. A field containing the delimiter must be quoted; check the export.");
                continue;
            }

            // Record numbers restart in every byte range; the offset where the record ends does not.
            var row = scan.Start(record, reader.Line, reader.Position);
            foreach (var column in targets)
            {
                cells.Write(row, column, reader.Field(column.SourceIndex));
            }

            delivered++;
            onRow(row);
        }

        onBlock?.Flush();

        if (reader.StoppedAtOversizedRecord)
        {
            problems.Report(DiagnosticCatalog.MalformedData, string.Create(CultureInfo.InvariantCulture,
                    $"Dataset '{name}': the record starting here is longer than {CsvRecordReader.MaxRecordBytes / (1024 * 1024)} MiB; reading stopped."),
                problems.At(reader.NextLine), "Look for a quote that is opened but never closed.");
        }

        return delivered;
    }
}

/// <summary>Where a column scan hands its blocks: <see cref="Flush"/> passes on the records held (if any) and empties the block.</summary>
/// <param name="Block">The block the scan fills.</param>
/// <param name="OnBlock">Takes a block of at least one record.</param>
internal sealed record ColumnBlockSink(ColumnBlock Block, Action<ColumnBlock> OnBlock)
{
    /// <summary>Hands on the records held, if any, and empties the block.</summary>
    public void Flush()
    {
        if (Block.Count > 0)
        {
            OnBlock(Block);
            Block.Clear();
        }
    }
}

/// <summary>What scanning one range of a split CSV file gave.</summary>
/// <param name="Delivered">Records passed to the callback.</param>
/// <param name="Clean">True when the range ended exactly at its end and had no data problem.</param>
internal readonly record struct CsvRangeResult(long Delivered, bool Clean);
