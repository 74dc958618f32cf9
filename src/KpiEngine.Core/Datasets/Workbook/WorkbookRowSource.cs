using System.Globalization;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;

namespace KpiEngine.Datasets;

/// <summary>
/// Streams the rows of one sheet of an <c>.xlsx</c> workbook (see <see cref="WorkbookSheet"/>). Each
/// record is placed at its Excel row number, so a bad cell is reported as <c>orders.xlsx(12,0)</c>
/// with the record, column and value. A number in a date column is an Excel serial date.
/// </summary>
internal sealed class WorkbookRowSource : IRowSource
{
    /// <summary>The shared instance (the source keeps no state between scans).</summary>
    public static readonly WorkbookRowSource Instance = new();

    private WorkbookRowSource()
    {
    }

    /// <inheritdoc/>
    public long Scan(DatasetSchema schema, bool[] needed, Action<RowBuffer> onRow, DiagnosticBag diagnostics, CancellationToken cancellationToken) =>
        RowSources.ScanFile(schema, needed, onRow, diagnostics, (stream, scan) =>
        {
            long delivered = 0;
            long line = schema.Definition.HeaderRow;
            try
            {
                using var sheet = WorkbookSheet.Open(stream, schema.Definition);
                foreach (var (excelRow, cells) in sheet.Rows())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    line = excelRow;
                    var row = scan.Start(delivered + 1, excelRow);
                    foreach (var column in scan.Targets)
                    {
                        if (CellText.Of(cells[column.SourceIndex], column.Type, serialDates: true) is { } text)
                        {
                            scan.WriteText(row, column, text);
                        }
                    }

                    delivered++;
                    onRow(row);
                }
            }
            catch (Exception e) when (WorkbookSheet.IsUnreadable(e))
            {
                scan.Report(string.Create(CultureInfo.InvariantCulture, $"the workbook cannot be read after {delivered} records: {e.Message.TrimEnd('.')}"), line + 1);
            }

            return delivered;
        });
}
