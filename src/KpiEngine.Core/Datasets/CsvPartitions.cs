using KpiEngine.Definitions;

namespace KpiEngine.Datasets;

/// <summary>A byte range of a CSV file holding whole records: it starts at a record start.</summary>
/// <param name="Index">The range's place in the file (0 first): results are merged in this order.</param>
/// <param name="Start">File offset of the first record.</param>
/// <param name="End">File offset where the next range starts (the file length for the last).</param>
internal readonly record struct CsvPartition(int Index, long Start, long End);

/// <summary>A CSV file cut into ranges that can be scanned at the same time.</summary>
/// <param name="HeaderWidth">The number of fields in the header.</param>
/// <param name="FirstLine">The line the first record starts on (after the header); later ranges do not know theirs.</param>
/// <param name="Partitions">The ranges in file order; together they cover every byte after the header.</param>
internal sealed record CsvSplit(int HeaderWidth, long FirstLine, IReadOnlyList<CsvPartition> Partitions);

/// <summary>
/// Cuts a large CSV file into byte ranges of about <see cref="PartitionBytes"/> so that its records
/// can be read on all cores. Each cut is moved forward to just after the next line feed. A line
/// feed inside a quoted field would make that a wrong cut; it is not looked for here but found
/// by the scan: the range before a cut must end exactly there (<see cref="CsvRecordReader.Position"/>),
/// and if it does not, the caller scans the file again in one pass. The ranges depend only on the
/// file, never on the number of cores, so results merged in range order are the same on every machine.
/// </summary>
internal static class CsvPartitions
{
    /// <summary>About this many bytes per range: large enough that setting up a range costs nothing.</summary>
    internal const long PartitionBytes = 32L * 1024 * 1024;

    /// <summary>
    /// The ranges of <paramref name="definition"/>'s file, or null when it is not worth splitting
    /// (one range or less) or its header cannot be read: the one-pass scan handles and reports those.
    /// </summary>
    public static CsvSplit? TrySplit(DatasetDefinition definition, long partitionBytes = PartitionBytes)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Format != DatasetFormat.Csv || partitionBytes <= 0)
        {
            return null;
        }

        try
        {
            using var stream = DatasetSchemaReader.OpenRead(definition.Path);
            var length = stream.Length;
            if (length < 2 * partitionBytes)
            {
                return null;
            }

            using var header = new CsvRecordReader(stream, (byte)definition.Delimiter);
            if (!header.Read() || header.Malformation is not null || header.StoppedAtOversizedRecord)
            {
                return null;
            }

            var dataStart = header.Position;
            var count = (int)Math.Max(1, (length - dataStart) / partitionBytes);
            var starts = new List<long> { dataStart };
            for (var k = 1; k < count; k++)
            {
                var cut = AfterNextLineFeed(stream, dataStart + ((length - dataStart) * k / count));
                if (cut > starts[^1] && cut < length)
                {
                    starts.Add(cut);
                }
            }

            var partitions = new CsvPartition[starts.Count];
            for (var k = 0; k < starts.Count; k++)
            {
                partitions[k] = new CsvPartition(k, starts[k], k + 1 < starts.Count ? starts[k + 1] : length);
            }

            return partitions.Length < 2 ? null : new CsvSplit(header.FieldCount, header.NextLine, partitions);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long AfterNextLineFeed(FileStream stream, long position)
    {
        Span<byte> buffer = stackalloc byte[4096];
        while (true)
        {
            stream.Position = position;
            var read = stream.Read(buffer);
            if (read == 0)
            {
                return position;
            }

            var lineFeed = buffer[..read].IndexOf((byte)'\n');
            if (lineFeed >= 0)
            {
                return position + lineFeed + 1;
            }

            position += read;
        }
    }
}
