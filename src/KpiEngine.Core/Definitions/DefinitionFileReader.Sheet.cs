namespace KpiEngine.Definitions;

/// <summary>A workbook dataset's <c>sheet:</c> and <c>header_row:</c>.</summary>
internal sealed partial class DefinitionFileReader
{
    /// <summary>The most rows an .xlsx sheet has.</summary>
    private const int MaxSheetRows = 1_048_576;

    /// <summary>Reads <c>sheet</c> (a name, or a number from 1) and <c>header_row</c> (from 1); both only for .xlsx datasets; .xlsx and Parquet take no culture or delimiter.</summary>
    private (string? Sheet, int HeaderRow) ReadSheet(YamlMapping map, string owner, DatasetFormat? format)
    {
        var sheet = _schema.Scalar(map["sheet"], "sheet", owner);
        var headerRow = 1;
        if (_schema.Scalar(map["header_row"], "header_row", owner) is { } rowNode && _schema.Number(rowNode, $"'header_row' of {owner}") is { } row)
        {
            if (row >= 1 && row <= MaxSheetRows && row == Math.Floor(row))
            {
                headerRow = (int)row;
            }
            else
            {
                _schema.Invalid(rowNode, $"'header_row' of {owner} must be a row number from 1 to {MaxSheetRows}.",
                    "Write the number of the row that names the columns, as Excel shows it.");
            }
        }

        if (format is not null && format != DatasetFormat.Xlsx)
        {
            foreach (var key in new[] { "sheet", "header_row" })
            {
                if (map.Find(key) is { } entry)
                {
                    _schema.Invalid(entry.Key, $"'{key}' applies to .xlsx workbooks; {owner} is not one.", $"Remove '{key}'.");
                }
            }
        }

        if (format is DatasetFormat.Xlsx or DatasetFormat.Parquet)
        {
            // Workbook cells and Parquet columns are typed: a number is written invariant, so a
            // culture would misread it (1234.5 as 12345 in de-DE); and there is nothing to split on.
            foreach (var key in new[] { "culture", "delimiter" })
            {
                if (map.Find(key) is { } entry)
                {
                    _schema.Invalid(entry.Key, $"'{key}' applies to text files; {owner} is {(format == DatasetFormat.Xlsx ? "an .xlsx workbook, whose cells are typed" : "a Parquet file, whose columns are typed")}.", $"Remove '{key}'.");
                }
            }
        }

        return (sheet?.Value, headerRow);
    }
}
