using System.Globalization;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;

namespace KpiEngine.Datasets;

/// <summary>
/// The lookup behind a borrow: filled from the lender's scan (key -> lent values), then applied to
/// each borrower row. Keys are matched by their text as written, trimmed and case-sensitive; when a
/// key column is not text (a lender key inferred as a number), both sides are compared by value in
/// invariant form ("1001" matches 1001). The first lender row with a key wins.
/// </summary>
internal sealed class BorrowTable
{
    private const int KeysShown = 5;

    private readonly DatasetSchema _lender;
    private readonly DatasetSchema _borrower;
    private readonly BorrowDefinition _borrow;
    private readonly ColumnSchema _lenderKey;
    private readonly ColumnSchema _borrowerKey;
    private readonly (ColumnSchema From, ColumnSchema To)[] _lent;
    private readonly bool _compareAsText;
    private readonly Dictionary<string, int> _rowOfKey = new(StringComparer.Ordinal);
    private readonly List<double> _numbers = [];
    private readonly List<string?> _texts = [];
    private readonly List<string> _unknownKeys = [];
    private long _unknownKeyRows;
    private long _emptyKeyRows;
    private long _duplicates;

    /// <summary>
    /// Prepares the join described by <paramref name="borrower"/>'s borrow definition. Both schemas
    /// must come from <see cref="DatasetSchemaReader"/> without borrow errors.
    /// </summary>
    public BorrowTable(DatasetSchema lender, DatasetSchema borrower)
        : this(lender, borrower, borrower?.Definition.Borrow ?? throw new ArgumentException("The borrower borrows nothing.", nameof(borrower)))
    {
    }

    /// <summary>
    /// Prepares the join of one lender of <paramref name="borrower"/>'s <see cref="DatasetDefinition.Borrows"/>:
    /// <paramref name="borrow"/> names the key and the columns <paramref name="lender"/> lends.
    /// </summary>
    public BorrowTable(DatasetSchema lender, DatasetSchema borrower, BorrowDefinition borrow)
    {
        ArgumentNullException.ThrowIfNull(lender);
        ArgumentNullException.ThrowIfNull(borrower);
        ArgumentNullException.ThrowIfNull(borrow);
        _lender = lender;
        _borrower = borrower;
        _borrow = borrow;
        var lenderKeyName = _borrow.LenderKey ?? _borrow.Key;
        _lenderKey = lender.Find(lenderKeyName)
            ?? throw new InvalidOperationException($"Dataset '{lender.Name}' has no key column '{lenderKeyName}'; the schema reader reports this first.");
        _borrowerKey = borrower.Find(_borrow.Key)
            ?? throw new InvalidOperationException($"Dataset '{borrower.Name}' has no key column '{_borrow.Key}'; the schema reader reports this first.");
        _lent = [.. _borrow.Columns
            .Select(name => (From: lender.Find(name), To: borrower.Find(name)))
            .Where(p => p.From is not null && p.To is { SourceIndex: < 0 })
            .Select(p => (p.From!, p.To!))];
        _compareAsText = _lenderKey.Type == ColumnType.Text && _borrowerKey.Type == ColumnType.Text;
        LenderColumnsNeeded = [_lenderKey, .. _lent.Select(p => p.From).Where(c => c != _lenderKey)];
        BorrowerColumnsNeeded = [_borrowerKey];
    }

    /// <summary>The lender's key and lent columns: mark them needed in the lender's scan.</summary>
    public IReadOnlyList<ColumnSchema> LenderColumnsNeeded { get; }

    /// <summary>The borrower's key column: mark it needed in the borrower's scan.</summary>
    public IReadOnlyList<ColumnSchema> BorrowerColumnsNeeded { get; }

    /// <summary>The number of distinct keys stored.</summary>
    public int Count => _rowOfKey.Count;

    /// <summary>Stores one lender row; a repeated key is a KPI3010 warning and the first row is kept.</summary>
    public void Add(RowBuffer lenderRow, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(lenderRow);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (KeyOf(lenderRow, _lenderKey) is not { } key)
        {
            return;
        }

        if (!_rowOfKey.TryAdd(key, _rowOfKey.Count))
        {
            if (++_duplicates <= ScanProblems.Limit)
            {
                diagnostics.Add(DiagnosticCatalog.DuplicateBorrowKey, string.Create(CultureInfo.InvariantCulture,
                        $"Dataset '{_lender.Name}', record {lenderRow.RecordNumber}: key '{key}' of column '{_lenderKey.Name}' appeared before; "
                        + $"'{_borrower.Name}' borrows from the first row with this key."),
                    SourceSpan.At(_lender.Definition.Path, (int)Math.Min(lenderRow.Line, int.MaxValue), 0),
                    $"Make '{_lenderKey.Name}' unique in '{_lender.Name}', or filter the duplicates out.");
            }

            return;
        }

        foreach (var (from, _) in _lent)
        {
            _numbers.Add(lenderRow.Numbers[from.Slot]);
            _texts.Add(lenderRow.Texts[from.Slot]);
        }
    }

    /// <summary>Fills the borrowed slots of a borrower row; false (slots stay missing) when its key is empty or unknown.</summary>
    public bool Apply(RowBuffer borrowerRow)
    {
        ArgumentNullException.ThrowIfNull(borrowerRow);
        if (KeyOf(borrowerRow, _borrowerKey) is not { } key)
        {
            _emptyKeyRows++;
            return false;
        }

        if (!_rowOfKey.TryGetValue(key, out var row))
        {
            if (++_unknownKeyRows <= 1_000 && _unknownKeys.Count < KeysShown && !_unknownKeys.Contains(key))
            {
                _unknownKeys.Add(key);
            }

            return false;
        }

        var offset = row * _lent.Length;
        for (var i = 0; i < _lent.Length; i++)
        {
            var to = _lent[i].To.Slot;
            borrowerRow.Numbers[to] = _numbers[offset + i];
            borrowerRow.Texts[to] = _texts[offset + i];
        }

        return true;
    }

    /// <summary>
    /// Ends the join: one KPI3008 warning with the count of borrower rows whose key the lender lacks
    /// (and of rows without a key) and the first few keys; also the "... and N more" of KPI3010.
    /// </summary>
    public void ReportMissingKeys(DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (_duplicates > ScanProblems.Limit)
        {
            diagnostics.Add(DiagnosticCatalog.DuplicateBorrowKey, string.Create(CultureInfo.InvariantCulture,
                $"Dataset '{_lender.Name}': ... and {_duplicates - ScanProblems.Limit} more duplicate keys in column '{_lenderKey.Name}'."), _borrow.Span);
        }

        if (_unknownKeyRows == 0 && _emptyKeyRows == 0)
        {
            return;
        }

        var parts = new List<string>();
        if (_unknownKeyRows > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"{_unknownKeyRows} rows have a '{_borrowerKey.Name}' that '{_lender.Name}' does not have (first: {string.Join(", ", _unknownKeys.Select(k => $"'{k}'"))})"));
        }

        if (_emptyKeyRows > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{_emptyKeyRows} rows have no '{_borrowerKey.Name}'"));
        }

        diagnostics.Add(DiagnosticCatalog.BorrowKeyNotFound,
            $"Dataset '{_borrower.Name}' borrows {string.Join(", ", _borrow.Columns)} from '{_lender.Name}': {string.Join("; ", parts)}. Their borrowed columns are missing.",
            _borrow.Span, "Check that both exports cover the same period and that the keys are written the same way.");
    }

    private string? KeyOf(RowBuffer row, ColumnSchema column)
    {
        if (!column.IsNumeric)
        {
            var text = row.Texts[column.Slot]?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            return _compareAsText || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                ? text
                : parsed.ToString("R", CultureInfo.InvariantCulture);
        }

        var number = row.Numbers[column.Slot];
        return double.IsNaN(number) ? null : number.ToString("R", CultureInfo.InvariantCulture);
    }
}
