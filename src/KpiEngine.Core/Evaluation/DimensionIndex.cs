using System.Globalization;
using KpiEngine.Datasets;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;

namespace KpiEngine.Evaluation;

/// <summary>
/// The dimension combinations of one run (<c>--by channel --by region</c>): every distinct tuple
/// of dimension values seen in any scanned dataset gets a small number, shared by all datasets so
/// that the values of one combination line up across them. Number 0 is the total over all rows.
/// A missing value (an empty cell) is a value of its own, shown as <c>(missing)</c>.
/// </summary>
internal sealed partial class DimensionIndex
{
    /// <summary>The combination that stands for all rows.</summary>
    public const int Total = 0;

    public DimensionIndex(IReadOnlyList<string> columns)
    {
        Columns = columns;
    }

    /// <summary>The run's numbering of combinations, shared by every dataset of the run.</summary>
    public CombinationTable Combinations { get; } = new();

    /// <summary>The dimension column names, in the order given.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>True when results are not split by any dimension.</summary>
    public bool IsEmpty => Columns.Count == 0;

    /// <summary>
    /// For a cohort split: turns the one column's value (an entity) into the value grouped by (the
    /// label of its cohort; null when it has no start). Pure, so byte ranges may call it on any thread.
    /// </summary>
    public Func<string?, string?>? Translate { get; init; }

    /// <summary>
    /// Checks the requested dimensions against the plan's datasets: a name no dataset has is an
    /// error with "did you mean" (null is returned: the run cannot go on); a scanned dataset that
    /// lacks one is a warning, once per dataset and column. While a dataset could not be read (its file
    /// is missing or refused; its own error is reported), no name is called unknown: it may be that
    /// dataset's column, and the run goes on with the datasets that were read. Names from the client file's <c>by:</c>
    /// (<paramref name="declaredAt"/> says where each is written) are reported there; names from <c>--by</c> as usage errors.
    /// </summary>
    public static DimensionIndex? Create(ClientPlan plan, IReadOnlyList<string> names, IReadOnlyList<SourceSpan>? declaredAt, DiagnosticBag diagnostics)
    {
        var option = declaredAt is null ? "--by" : "by:";
        var kind = declaredAt is null ? DiagnosticCatalog.Usage : DiagnosticCatalog.InvalidValue;
        SourceSpan? At(string name) => declaredAt?[names.ToList().LastIndexOf(name)];
        var valid = true;
        var distinct = new List<string>();
        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name) || distinct.Contains(name, StringComparer.Ordinal))
            {
                diagnostics.Add(kind, string.IsNullOrWhiteSpace(name) ? $"{option} needs a column name." : $"{option} names column '{name}' twice.", At(name),
                    declaredAt is null ? "Write --by channel or --by channel,region." : "Write by: [channel] or by: [channel, region].");
                valid = false;
                continue;
            }

            distinct.Add(name);
        }

        var readable = plan.Datasets.Where(d => d.Schema is not null).ToList();

        // The columns of a dataset that was not read are known only when its file was read but its time
        // column is unusable; one not read at all (missing, refused) may well have the column. Its own
        // error is what the user must fix first, so the column is not called unknown beside it: the run
        // goes on, and a dataset read without the column says so (KPI5002).
        var known = plan.Datasets.Select(d => d.Schema ?? d.CheckSchema).ToList();
        var someUnread = known.Contains(null);
        foreach (var name in distinct.Where(n => !known.Any(s => s?.Find(n) is not null) && !someUnread))
        {
            var columns = known.SelectMany(s => s!.Columns.Select(c => c.Name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            diagnostics.Add(
                kind,
                $"{option} {name}: no dataset of client '{plan.Set.ClientId}' has a column '{name}'.",
                At(name),
                NameSuggestions.DidYouMean(name, columns)
                    ?? (columns.Count > 0 ? $"The columns are: {string.Join(", ", columns)}." : $"Declare a dataset with a column '{name}', or leave {name} out of {option}."));
            valid = false;
        }

        if (!valid)
        {
            return null;
        }

        foreach (var dataset in readable.Where(d => !d.Invalid && (d.Aggregates.Count > 0 || d.PluginBindings.Count > 0)))
        {
            foreach (var name in distinct.Where(n => dataset.Schema!.Find(n) is null))
            {
                diagnostics.Add(
                    DiagnosticCatalog.DimensionMissing,
                    $"Dataset '{dataset.Name}' has no column '{name}': its inputs are undefined for each {name}; totals are computed as usual.",
                    dataset.Definition.Span,
                    $"Borrow '{name}' from a dataset that has it, or leave {name} out of {option}.");
            }
        }

        return new DimensionIndex(distinct);
    }

    /// <summary>The number of a combination of values (one per column, null for missing), adding it when new.</summary>
    public int Intern(string?[] values) => Combinations.Intern(values);

    /// <summary>
    /// The run's numbers of the combinations one scan pass numbered on its own
    /// (<see cref="DimensionReader.Combinations"/>), interned in the pass's order: entry i is the
    /// run's number of the pass's combination i (0, the total, stays 0). Passes are absorbed one
    /// at a time in file order, so the numbers never depend on which thread saw a value first.
    /// </summary>
    public int[] Absorb(IReadOnlyList<string?[]> passCombinations)
    {
        ArgumentNullException.ThrowIfNull(passCombinations);
        var numbers = new int[passCombinations.Count];
        for (var i = 1; i < numbers.Length; i++)
        {
            numbers[i] = Combinations.Intern(passCombinations[i]);
        }

        return numbers;
    }

    /// <summary>
    /// The total first, then every combination by its values in ordinal order, missing values last; a
    /// subtotal (see <see cref="SubtotalOf"/>) just before the combinations it sums.
    /// </summary>
    public IReadOnlyList<int> Ordered()
    {
        var ordered = Enumerable.Range(1, Combinations.Count - 1).ToList();
        ordered.Sort((a, b) => Compare(Combinations.Values(a), Combinations.Values(b)));
        ordered.Insert(0, Total);
        return ordered;
    }

    /// <summary>The column/value pairs of a combination; empty for the total.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Describe(int combination) =>
        combination == Total ? [] : [.. Columns.Take(Combinations.Values(combination).Length).Select((c, i) => new KeyValuePair<string, string?>(c, Combinations.Values(combination)[i]))];

    /// <summary>
    /// A combination as text for plugins and reasons: its values joined by <c> / </c>, a missing
    /// value as <c>(missing)</c>; null for the total. Not unique when values contain the separator.
    /// </summary>
    public string? KeyOf(int combination) =>
        combination == Total ? null : string.Join(" / ", Combinations.Values(combination).Select(v => v ?? DimensionCombination.MissingValue));

    private static int Compare(string?[] a, string?[] b)
    {
        // A subtotal's values are a prefix of its combinations': it sorts before them, as a pivot table's group heading.
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var order = (a[i], b[i]) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                var (x, y) => string.CompareOrdinal(x, y),
            };
            if (order != 0)
            {
                return order;
            }
        }

        return a.Length.CompareTo(b.Length);
    }
}

/// <summary>
/// Reads a row's dimension values as text, for one dataset that has every dimension column, and
/// numbers their combinations for one scan pass (the whole file, or one byte range of it). Every
/// pass has its own reader, so passes on several threads share nothing; the run's
/// <see cref="DimensionIndex"/> takes each pass's numbers over when the pass is merged.
/// </summary>
internal sealed class DimensionReader
{
    private readonly ColumnSchema[] _columns;
    private readonly string?[] _values;
    private readonly Dictionary<double, string> _numberTexts = [];
    private readonly CombinationTable _combinations;

    /// <summary>
    /// A reader numbering combinations in <paramref name="combinations"/>: a table of its own for a
    /// byte range read beside others, the run's (<see cref="DimensionIndex.Combinations"/>) for a
    /// one-pass scan, whose numbers plugin metrics receive as they are.
    /// </summary>
    public DimensionReader(ColumnSchema[] columns, CombinationTable combinations, Func<string?, string?>? translate = null)
    {
        _columns = columns;
        _values = new string?[columns.Length];
        _combinations = combinations;
        _translate = translate;
    }

    /// <summary>See <see cref="DimensionIndex.Translate"/>; applied to the one column's value before it is numbered.</summary>
    private readonly Func<string?, string?>? _translate;

    /// <summary>The dimension columns: a scan must fill them.</summary>
    public IReadOnlyList<ColumnSchema> Columns => _columns;

    /// <summary>The values of each combination this pass numbered, by number (0, the total, has none).</summary>
    public IReadOnlyList<string?[]> Combinations => _combinations.All;

    /// <summary>The pass's number of the row's combination of dimension values.</summary>
    public int CombinationOf(RowBuffer row)
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            var column = _columns[i];
            _values[i] = column.IsNumeric ? NumberText(row.Numbers[column.Slot], column.Type) : NullIfEmpty(row.Texts[column.Slot]);
        }

        if (_translate is not null)
        {
            _values[0] = _translate(_values[0]);
        }

        return _combinations.Intern(_values);
    }

    /// <summary>The pass's number of a combination of one dimension (the reader has exactly one column) whose value is <paramref name="text"/>.</summary>
    public int CombinationOf(string text)
    {
        _values[0] = _translate is null ? text : _translate(text);
        return _combinations.Intern(_values);
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private string? NumberText(double number, ColumnType type)
    {
        if (double.IsNaN(number))
        {
            return null;
        }

        if (!_numberTexts.TryGetValue(number, out var text))
        {
            text = type switch
            {
                ColumnType.Boolean => number != 0 ? "true" : "false",
                ColumnType.Date => ToDateTime(number).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ColumnType.DateTime => ToDateTime(number).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
                _ => number.ToString("R", CultureInfo.InvariantCulture),
            };
            _numberTexts[number] = text;
        }

        return text;
    }

    // Days since 0001-01-01 with the time as fraction, rounded to the second the file can hold.
    private static DateTime ToDateTime(double days) =>
        new(Math.Clamp((long)Math.Round(days * 86_400) * TimeSpan.TicksPerSecond, DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks));
}

/// <summary>
/// Numbers combinations of dimension values in the order they are first interned; number 0 is the
/// total (no values). Not thread-safe: one table per scan pass, and one for the run.
/// </summary>
internal sealed partial class CombinationTable
{
    private const string MissingKey = "\0";
    private const char Separator = '\u001F';

    private readonly Dictionary<string, int> _byKey = new(StringComparer.Ordinal);
    private readonly List<string?[]> _combinations = [[]];

    /// <summary>How many numbers are given, the total included.</summary>
    public int Count => _combinations.Count;

    /// <summary>The values of every combination, by number.</summary>
    public IReadOnlyList<string?[]> All => _combinations;

    /// <summary>The values of combination <paramref name="number"/>.</summary>
    public string?[] Values(int number) => _combinations[number];

    /// <summary>The number of a combination of values (one per column, null for missing), adding a copy when new.</summary>
    public int Intern(string?[] values)
    {
        var key = values.Length == 1 ? values[0] ?? MissingKey : string.Join(Separator, values.Select(v => v ?? MissingKey));
        if (!_byKey.TryGetValue(key, out var number))
        {
            number = _combinations.Count;
            _combinations.Add([.. values]);
            _byKey[key] = number;
        }

        return number;
    }
}
