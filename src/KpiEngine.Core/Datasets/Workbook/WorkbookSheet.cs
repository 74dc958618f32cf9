using System.Globalization;
using System.Text;
using System.Xml;
using ExcelDataReader;
using ExcelDataReader.Exceptions;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;

namespace KpiEngine.Datasets;

/// <summary>
/// One sheet of an <c>.xlsx</c> workbook read through ExcelDataReader, streaming: the sheet by name or
/// by number from 1 (<c>sheet:</c>, the first by default), the header on <c>header_row</c> (1 by
/// default), each later row with its row number as Excel shows it. Cells come typed (numbers, text,
/// booleans, and date-formatted cells as dates); rows without any value are skipped.
/// </summary>
internal sealed class WorkbookSheet : IDisposable
{
    private readonly IExcelDataReader _reader;
    private readonly int _headerRow;

    static WorkbookSheet()
    {
        // ExcelDataReader asks for code page 1252 when it opens a workbook; .NET has it only through this provider.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    private WorkbookSheet(IExcelDataReader reader, int headerRow, List<string> header)
    {
        _reader = reader;
        _headerRow = headerRow;
        Header = header;
    }

    /// <summary>The column names on the header row, without the empty cells right of the last name.</summary>
    public List<string> Header { get; }

    /// <summary>True for the exceptions a workbook that is not .xlsx, is cut short or lacks the named sheet or header row throws.</summary>
    public static bool IsUnreadable(Exception e) =>
        e is ExcelReaderException or WorkbookException or XmlException or InvalidDataException or FormatException;

    /// <summary>
    /// Opens the dataset's sheet and reads its header; throws <see cref="WorkbookException"/> when the
    /// sheet or the header row is not there, and ExcelDataReader's exceptions for a file that is not a workbook.
    /// </summary>
    public static WorkbookSheet Open(Stream stream, DatasetDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var reader = ExcelReaderFactory.CreateOpenXmlReader(stream);
        try
        {
            SelectSheet(reader, definition.Sheet);
            var headerRow = definition.HeaderRow;
            for (var row = 1; row <= headerRow; row++)
            {
                if (!reader.Read())
                {
                    throw new WorkbookException(row == 1
                        ? $"sheet '{reader.Name}' is empty; row {headerRow.ToString(CultureInfo.InvariantCulture)} must name the columns"
                        : string.Create(CultureInfo.InvariantCulture, $"sheet '{reader.Name}' has {row - 1} rows, so no header on row {headerRow}"));
                }
            }

            var header = new List<string>(reader.FieldCount);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                header.Add(CellText.Of(reader.GetValue(i), ColumnType.Text)?.Trim() ?? string.Empty);
            }

            // Formatted but empty cells right of the header are not columns.
            while (header.Count > 0 && header[^1].Length == 0)
            {
                header.RemoveAt(header.Count - 1);
            }

            return new WorkbookSheet(reader, headerRow, header);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>The data rows below the header that hold any value, each with its Excel row number; read once.</summary>
    public IEnumerable<(long Row, object?[] Cells)> Rows()
    {
        long row = _headerRow;
        var width = Header.Count;
        while (_reader.Read())
        {
            row++;
            var cells = new object?[width];
            var any = false;
            for (var i = 0; i < width && i < _reader.FieldCount; i++)
            {
                cells[i] = _reader.GetValue(i);
                any |= cells[i] is not null;
            }

            if (any)
            {
                yield return (row, cells);
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _reader.Dispose();

    private static void SelectSheet(IExcelDataReader reader, string? sheet)
    {
        if (sheet is null)
        {
            return;
        }

        var names = new List<string>();
        var number = int.TryParse(sheet, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        do
        {
            names.Add(reader.Name);
            if (string.Equals(reader.Name, sheet, StringComparison.Ordinal) || names.Count == number)
            {
                return;
            }
        }
        while (reader.NextResult());

        throw new WorkbookException(
            $"the workbook has no sheet '{sheet}'; its sheets are {string.Join(", ", names.Select(s => $"'{s}'"))} (by name, or by number from 1)",
            NameSuggestions.DidYouMean(sheet, names));
    }
}

/// <summary>A workbook without the sheet or header row a dataset names; the message says which, <see cref="Hint"/> the nearest sheet name.</summary>
internal sealed class WorkbookException(string message, string? hint = null) : Exception(message)
{
    /// <summary>"Did you mean ...?" for a sheet name close to the one asked for; null otherwise.</summary>
    public string? Hint { get; } = hint;
}
