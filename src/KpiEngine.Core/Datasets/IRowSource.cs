using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;

namespace KpiEngine.Datasets;

/// <summary>Streams the records of one dataset file into a reused <see cref="RowBuffer"/>.</summary>
internal interface IRowSource
{
    /// <summary>
    /// Reads every record once: clears the row, fills only the file columns whose slot is set in
    /// <paramref name="needed"/>, sets <see cref="RowBuffer.RecordNumber"/> and <see cref="RowBuffer.Line"/>
    /// (for JSON arrays the record number, as lines are not tracked there), and calls <paramref name="onRow"/>.
    /// Bad data never throws: ragged records (KPI3004) and malformed ones (KPI3006) are reported and
    /// skipped, bad cells (KPI3005) reported and left missing, the first 10 of each kind one by one,
    /// then one "... and N more". An unreadable file is KPI3001.
    /// Returns the number of records passed to <paramref name="onRow"/>; throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    long Scan(DatasetSchema schema, bool[] needed, Action<RowBuffer> onRow, DiagnosticBag diagnostics, CancellationToken cancellationToken);
}

/// <summary>Picks the row source for a file format.</summary>
internal static class RowSources
{
    /// <summary>The row source that reads <paramref name="format"/>.</summary>
    public static IRowSource For(DatasetFormat format) => format switch
    {
        DatasetFormat.Csv => CsvRowSource.Instance,
        DatasetFormat.Json or DatasetFormat.JsonLines => JsonRowSource.Instance,
        DatasetFormat.Database => DatabaseRowSource.Instance,
        DatasetFormat.Xlsx => WorkbookRowSource.Instance,
        DatasetFormat.Parquet => ParquetRowSource.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown dataset format."),
    };

    /// <summary>Checks the arguments every row source takes and reports an unreadable file.</summary>
    internal static long ScanFile(DatasetSchema schema, bool[] needed, Action<RowBuffer> onRow, DiagnosticBag diagnostics,
        Func<Stream, RowScan, long> scan)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(needed);
        ArgumentNullException.ThrowIfNull(onRow);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (needed.Length != schema.Width)
        {
            throw new ArgumentException($"needed has {needed.Length} entries but dataset '{schema.Name}' has {schema.Width} slots.", nameof(needed));
        }

        var problems = new ScanProblems(schema.Definition, diagnostics);
        try
        {
            using var stream = DatasetSchemaReader.OpenRead(schema.Definition.Path);
            return scan(stream, new RowScan(schema, needed, problems));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(DiagnosticCatalog.DatasetFileMissing, $"Dataset '{schema.Name}': file cannot be read: {ex.Message}",
                schema.Definition.Span, $"The path resolves to '{schema.Definition.Path}'.");
            return 0;
        }
        finally
        {
            problems.Flush();
        }
    }
}

/// <summary>What one scan works with: the problems it reports, the columns it fills, the reused row.</summary>
internal sealed class RowScan(DatasetSchema schema, bool[] needed, ScanProblems problems)
{
    /// <summary>The dataset's name, for messages.</summary>
    public string Name => schema.Name;

    /// <summary>Where data problems go.</summary>
    public ScanProblems Problems => problems;

    /// <summary>The needed columns read from the file (borrowed ones are filled later).</summary>
    public ColumnSchema[] Targets { get; } = [.. schema.Columns.Where(c => c.SourceIndex >= 0 && needed[c.Slot])];

    /// <summary>Converts cells into the row.</summary>
    public CellWriter Cells { get; } = new(schema, problems);

    /// <summary>The row passed to every callback.</summary>
    public RowBuffer Row { get; } = schema.CreateRow();

    /// <summary>Reports malformed data at a line (the callback <see cref="JsonRecords"/> takes).</summary>
    public void Report(string message, long line) =>
        problems.Report(DiagnosticCatalog.MalformedData, $"Dataset '{schema.Name}': {message}.", problems.At(line));

    /// <summary>Writes a typed source's value, given as invariant text (see <see cref="CellText"/>), the way a CSV cell is written.</summary>
    public void WriteText(RowBuffer row, ColumnSchema column, string text)
    {
        var max = System.Text.Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_utf8.Length < max)
        {
            _utf8 = new byte[max];
        }

        Cells.Write(row, column, _utf8.AsSpan(0, System.Text.Encoding.UTF8.GetBytes(text, _utf8)));
    }

    private byte[] _utf8 = new byte[256];

    /// <summary>Clears the row and stamps the record's position before its cells are written.</summary>
    /// <param name="recordNumber">The 1-based record number.</param>
    /// <param name="line">The line (or row) the record starts at.</param>
    /// <param name="position">Orders the file's records (see <see cref="RowBuffer.Position"/>); the record number when not given.</param>
    public RowBuffer Start(long recordNumber, long line, long? position = null)
    {
        Row.Clear();
        Row.RecordNumber = recordNumber;
        Row.Line = line;
        Row.Position = position ?? recordNumber;
        return Row;
    }
}
