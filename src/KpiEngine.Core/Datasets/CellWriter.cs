using System.Globalization;
using System.Text;
using System.Text.Json;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;

namespace KpiEngine.Datasets;

/// <summary>
/// Puts one cell into its <see cref="RowBuffer"/> slot as its column's type. A cell that does not
/// parse is reported (KPI3005, with a suggested fix) and left missing; it never throws.
/// Surrounding spaces and tabs are dropped; an empty cell is missing.
/// </summary>
internal sealed class CellWriter
{
    /// <summary>Longest date text remembered for the next row (ISO date-times with offset fit).</summary>
    private const int MaxRememberedDateBytes = 40;

    private readonly ScanProblems _problems;
    private readonly CellParser _parser;
    private readonly TextPool?[] _pools;
    private readonly HashSet<string> _declared;
    private readonly bool[] _plainNumbers;
    private readonly byte[]?[] _lastDateText;
    private readonly int[] _lastDateLength;
    private readonly double[] _lastDays;
    private readonly int _timeSlot;
    private readonly DateWindow _timeWindow;
    private byte[] _utf8 = new byte[256];

    public CellWriter(DatasetSchema schema, ScanProblems problems)
    {
        _problems = problems;
        _parser = new CellParser(schema.Definition);
        _pools = new TextPool?[schema.Width];
        _lastDateText = new byte[]?[schema.Width];
        _lastDateLength = new int[schema.Width];
        _lastDays = new double[schema.Width];
        _declared = [.. schema.Definition.Columns.Select(c => c.Name)];
        _timeSlot = schema.TimeColumn is { SourceIndex: >= 0 } time ? time.Slot : -1;
        _timeWindow = schema.Definition.TimeWindow;
        _plainNumbers = new bool[schema.Width];
        foreach (var column in schema.Columns)
        {
            _plainNumbers[column.Slot] = column.Type == ColumnType.Number && _parser.IsInvariant;
        }
    }

    /// <summary>Writes a CSV cell (or JSON string) given as UTF-8.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void Write(RowBuffer row, ColumnSchema column, ReadOnlySpan<byte> cell)
    {
        // The hot path of large exports, kept small so it inlines into the row loop: a plain
        // decimal without blanks around it, in a number column without culture.
        var slot = column.Slot;
        if (_plainNumbers[slot] && !cell.IsEmpty && !IsBlank(cell[0]) && !IsBlank(cell[^1]) && CellParser.TryPlainDecimal(cell, out var plain))
        {
            row.Numbers[slot] = plain;
            return;
        }

        WriteAnyCell(row, column, cell);
    }

    private void WriteAnyCell(RowBuffer row, ColumnSchema column, ReadOnlySpan<byte> cell)
    {
        if (cell.IsEmpty)
        {
            return;
        }

        // Most cells have no surrounding blanks: look at both ends before paying for a trim.
        var text = IsBlank(cell[0]) || IsBlank(cell[^1]) ? cell.Trim(" \t"u8) : cell;
        if (text.IsEmpty)
        {
            return;
        }

        var slot = column.Slot;
        switch (column.Type)
        {
            case ColumnType.Text:
                row.Texts[slot] = (_pools[slot] ??= new TextPool()).Get(text);
                return;
            case ColumnType.Number when _parser.TryNumber(text, out var number):
                row.Numbers[slot] = number;
                return;
            case ColumnType.Number:
                ReportBadCell(row, column, text, "is not a number", NumberSuggestion(column, text));
                return;
            case ColumnType.Date or ColumnType.DateTime when TryDate(slot, text, out var days):
                if (slot == _timeSlot && !_timeWindow.Contains(days))
                {
                    ReportImplausibleTime(row, column, text);
                    return;
                }

                // A date column keeps the day only, so a stray time never moves a row between periods.
                row.Numbers[slot] = column.Type == ColumnType.Date ? Math.Floor(days) : days;
                return;
            case ColumnType.Date or ColumnType.DateTime:
                ReportBadCell(row, column, text, column.Type == ColumnType.Date ? "is not a date" : "is not a date-time", _parser.DateHint(Encoding.UTF8.GetString(text)));
                return;
            default:
                if (CellParser.TryBoolean(text, out var flag))
                {
                    row.Numbers[slot] = flag;
                }
                else
                {
                    ReportBadCell(row, column, text, "is not a boolean", "Write true/false, yes/no or 1/0.");
                }

                return;
        }
    }

    /// <summary>Writes a JSON property value: numbers, strings, booleans; null is missing; nested values are errors.</summary>
    public void Write(RowBuffer row, ColumnSchema column, JsonElement value)
    {
        var slot = column.Slot;
        switch (value.ValueKind)
        {
            case JsonValueKind.String when column.Type == ColumnType.Text:
                var text = value.GetString()!.Trim(' ', '\t');
                row.Texts[slot] = text.Length == 0 ? null : text;
                return;
            case JsonValueKind.String:
                Write(row, column, Utf8(value.GetString()!));
                return;
            case JsonValueKind.Number when column.Type == ColumnType.Number:
                if (value.TryGetDouble(out var number) && double.IsFinite(number))
                {
                    row.Numbers[slot] = number;
                }
                else
                {
                    ReportBadCell(row, column, Utf8(value.GetRawText()), "is too large for a number", null);
                }

                return;
            case JsonValueKind.Number when column.Type == ColumnType.Text:
                row.Texts[slot] = value.GetRawText();
                return;
            case JsonValueKind.Number when column.Type == ColumnType.Boolean:
                Write(row, column, Utf8(value.GetRawText()));
                return;
            case JsonValueKind.True or JsonValueKind.False when column.Type is ColumnType.Boolean or ColumnType.Number:
                row.Numbers[slot] = value.ValueKind == JsonValueKind.True ? 1 : 0;
                return;
            case JsonValueKind.True or JsonValueKind.False when column.Type == ColumnType.Text:
                row.Texts[slot] = value.ValueKind == JsonValueKind.True ? "true" : "false";
                return;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return;
            case JsonValueKind.Object or JsonValueKind.Array:
                ReportBadCell(row, column, Utf8(value.GetRawText()), "is a nested JSON value",
                    "Records must be flat objects: flatten the export or leave this property out.");
                return;
            default:
                ReportBadCell(row, column, Utf8(value.GetRawText()), $"is not a {TypeName(column.Type)}",
                    column.Type is ColumnType.Date or ColumnType.DateTime ? "Write dates as JSON strings. " + _parser.DateHint(value.GetRawText()) : null);
                return;
        }
    }

    /// <summary>
    /// Parses a date cell, reusing the value of the column's previous cell when the text is the
    /// same: exports are usually sorted by time, so most rows repeat the date before them.
    /// </summary>
    private bool TryDate(int slot, ReadOnlySpan<byte> text, out double days)
    {
        if (_lastDateText[slot] is { } last && text.SequenceEqual(last.AsSpan(0, _lastDateLength[slot])))
        {
            days = _lastDays[slot];
            return true;
        }

        if (!_parser.TryDate(text, out days, out _))
        {
            return false;
        }

        if (text.Length <= MaxRememberedDateBytes)
        {
            text.CopyTo(_lastDateText[slot] ??= new byte[MaxRememberedDateBytes]);
            _lastDateLength[slot] = text.Length;
            _lastDays[slot] = days;
        }

        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool IsBlank(byte b) => b is (byte)' ' or (byte)'\t';

    private static string TypeName(ColumnType type) => type switch
    {
        ColumnType.DateTime => "date-time",
        _ => type.ToString().ToLowerInvariant(),
    };

    private ReadOnlySpan<byte> Utf8(string text)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_utf8.Length < max)
        {
            _utf8 = new byte[max];
        }

        return _utf8.AsSpan(0, Encoding.UTF8.GetBytes(text, _utf8));
    }

    private string NumberSuggestion(ColumnSchema column, ReadOnlySpan<byte> text)
    {
        var hint = _parser.NumberHint(text);
        return _declared.Contains(column.Name)
            ? hint
            : $"{hint} The column was inferred as a number from the first 1,000 records; "
                + $"declare its type (columns: {{ {column.Name}: text }}) if it is not numeric.";
    }

    /// <summary>A placeholder or mistyped time (0001-01-01, 9999-12-31): the row gets no time, so it is left out of every period.</summary>
    private void ReportImplausibleTime(RowBuffer row, ColumnSchema column, ReadOnlySpan<byte> text)
    {
        var value = ScanProblems.Quote(Encoding.UTF8.GetString(text));
        _problems.Report(DiagnosticCatalog.ImplausibleDate, string.Create(CultureInfo.InvariantCulture,
                $"Dataset '{_problems.Definition.Name}', record {row.RecordNumber}, time column '{column.Name}': '{value}' is outside the plausible dates {_timeWindow}, so the record is left out."),
            _problems.At(row.Line),
            $"If it is a placeholder, fix the export; if such dates are real, widen the window: time_window: [{_timeWindow.First.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, ...].");
    }

    private void ReportBadCell(RowBuffer row, ColumnSchema column, ReadOnlySpan<byte> text, string problem, string? suggestion)
    {
        var value = ScanProblems.Quote(Encoding.UTF8.GetString(text));
        _problems.Report(DiagnosticCatalog.BadCell, string.Create(CultureInfo.InvariantCulture,
                $"Dataset '{_problems.Definition.Name}', record {row.RecordNumber}, column '{column.Name}': '{value}' {problem}."),
            _problems.At(row.Line), suggestion);
    }
}
