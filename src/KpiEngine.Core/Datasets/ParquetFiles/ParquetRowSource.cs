using System.Globalization;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;

namespace KpiEngine.Datasets;

/// <summary>
/// Streams the rows of a Parquet file one row group at a time (see <see cref="ParquetColumns"/>),
/// numbered from 1 in file order; values go through <see cref="CellWriter"/> as invariant text, so a
/// Parquet dataset is checked and typed exactly as the same data in a CSV file is.
/// </summary>
internal sealed class ParquetRowSource : IRowSource
{
    /// <summary>The shared instance (the source keeps no state between scans).</summary>
    public static readonly ParquetRowSource Instance = new();

    private ParquetRowSource()
    {
    }

    /// <inheritdoc/>
    public long Scan(DatasetSchema schema, bool[] needed, Action<RowBuffer> onRow, DiagnosticBag diagnostics, CancellationToken cancellationToken) =>
        RowSources.ScanFile(schema, needed, onRow, diagnostics, (stream, scan) =>
        {
            long delivered = 0;
            var targets = scan.Targets;
            try
            {
                ParquetColumns.Rows(stream, [.. targets.Select(t => t.Name)], (number, values) =>
                {
                    var row = scan.Start(number, number);
                    for (var i = 0; i < targets.Length; i++)
                    {
                        if (CellText.Of(values[i], targets[i].Type) is { } text)
                        {
                            scan.WriteText(row, targets[i], text);
                        }
                    }

                    delivered++;
                    onRow(row);
                }, cancellationToken);
            }
            catch (Exception e) when (ParquetColumns.IsUnreadable(e))
            {
                scan.Report(string.Create(CultureInfo.InvariantCulture, $"the Parquet file cannot be read after {delivered} rows: {e.Message.TrimEnd('.')}"), delivered + 1);
            }

            return delivered;
        });
}
