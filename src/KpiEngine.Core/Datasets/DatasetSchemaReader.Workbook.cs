using System.Text;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;

namespace KpiEngine.Datasets;

/// <summary>The schema of a workbook sheet: its header row and the types its first cells show.</summary>
internal sealed partial class DatasetSchemaReader
{
    private static Sample? SampleWorkbook(DatasetDefinition definition, Stream stream, CellParser parser, DiagnosticBag diagnostics)
    {
        var header = SourceSpan.At(definition.Path, definition.HeaderRow, 0);
        try
        {
            using var sheet = WorkbookSheet.Open(stream, definition);
            var names = sheet.Header;
            if (!HeaderIsValid(definition, names, header, diagnostics))
            {
                return null;
            }

            var inferences = names.Select(_ => new ColumnInference()).ToArray();
            var records = 0;
            foreach (var (line, cells) in sheet.Rows().Take(SampleSize))
            {
                records++;
                for (var i = 0; i < names.Count; i++)
                {
                    if (CellText.Of(cells[i], ColumnType.Text)?.Trim() is { Length: > 0 } text)
                    {
                        var bytes = Encoding.UTF8.GetBytes(text);
                        inferences[i].Observe(ColumnInference.Classify(bytes, parser), bytes, line);
                    }
                }
            }

            if (records == 0)
            {
                diagnostics.Add(DiagnosticCatalog.NoRows, $"Dataset '{definition.Name}': {definition.Path} has a header but no rows; its KPIs have no values.",
                    header, "Check that the export is complete and the sheet is the right one.");
                return null;
            }

            return new Sample(names, names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => inferences[p.i], StringComparer.Ordinal));
        }
        catch (Exception e) when (WorkbookSheet.IsUnreadable(e))
        {
            // ExcelDataReader's messages end with a period of their own.
            diagnostics.Add(DiagnosticCatalog.MalformedData, $"Dataset '{definition.Name}': {definition.Path} cannot be read as an .xlsx workbook: {e.Message.TrimEnd('.')}.", header,
                e switch
                {
                    WorkbookException { Hint: { } hint } => hint,
                    WorkbookException => "Name the sheet with 'sheet:' (its name, or its number from 1) and its header row with 'header_row:'.",
                    _ => "Save the file as an Excel workbook (.xlsx).",
                });
            return null;
        }
    }
}
