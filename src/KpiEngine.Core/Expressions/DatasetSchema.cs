using KpiEngine.Definitions;

namespace KpiEngine.Expressions;

/// <summary>One column as the engine sees it: its name, type and slot in a <see cref="RowBuffer"/>.</summary>
/// <param name="Name">The column name as in the file header (case-sensitive).</param>
/// <param name="Type">The declared or inferred type.</param>
/// <param name="Slot">The index into <see cref="RowBuffer.Numbers"/> or <see cref="RowBuffer.Texts"/>.</param>
/// <param name="SourceIndex">The field index in the file, or -1 for a column borrowed from another dataset.</param>
public sealed record ColumnSchema(string Name, ColumnType Type, int Slot, int SourceIndex)
{
    /// <summary>True when the value lives in <see cref="RowBuffer.Numbers"/> (numbers, dates, booleans).</summary>
    public bool IsNumeric => Type != ColumnType.Text;
}

/// <summary>
/// The columns of one dataset: those in its file plus those it borrows. Built once per run
/// from the file header, declarations and inference; formulas are compiled against it.
/// </summary>
public sealed class DatasetSchema
{
    private readonly Dictionary<string, ColumnSchema> _byName;

    /// <summary>Creates a schema; slots must be 0..n-1.</summary>
    public DatasetSchema(DatasetDefinition definition, IReadOnlyList<ColumnSchema> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Definition = definition;
        Columns = columns;
        _byName = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    /// <summary>The dataset's definition.</summary>
    public DatasetDefinition Definition { get; }

    /// <summary>The dataset's name.</summary>
    public string Name => Definition.Name;

    /// <summary>All columns, by slot.</summary>
    public IReadOnlyList<ColumnSchema> Columns { get; }

    /// <summary>The number of slots a <see cref="RowBuffer"/> for this dataset needs.</summary>
    public int Width => Columns.Count;

    /// <summary>The time column, if the dataset has one.</summary>
    public ColumnSchema? TimeColumn => Definition.TimeColumn is { } time ? Find(time) : null;

    /// <summary>What the sampled records said about the time column; null without one in the file (none, or borrowed).</summary>
    internal TimeSample? TimeSample { get; init; }

    /// <summary>Inferred number columns where some sampled values did not parse in the dataset's culture (<c>12,50</c> in invariant data).</summary>
    internal IReadOnlyList<string> UnreadNumberColumns { get; init; } = [];

    /// <summary>
    /// Undeclared columns inferred as text only because every sampled value was empty: where a
    /// formula needs numbers from one, the error says so and shows the <c>columns:</c> line that fixes it.
    /// </summary>
    internal IReadOnlySet<string> EmptyColumns { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// True for the columns of a dataset that cannot be scanned because of its time column: formulas
    /// are checked against them, nothing is read with them.
    /// </summary>
    internal bool ColumnsOnly { get; init; }

    /// <summary>Finds a column by exact name.</summary>
    public ColumnSchema? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// For a column in <see cref="EmptyColumns"/> that <paramref name="user"/> needs as numbers, the
    /// KPI7061 message (what happened and why) and its suggestion; null for any other column.
    /// </summary>
    internal (string Message, string Suggestion)? EmptyColumnProblem(string column, string user)
    {
        if (!EmptyColumns.Contains(column))
        {
            return null;
        }

        var file = Definition.Path is { Length: > 0 } path ? $" of {Path.GetFileName(path)}" : string.Empty;
        return (
            $"column '{column}' of dataset '{Name}' was inferred as text because it is empty in every row read to infer types (the first {DatasetSampleSize} records{file}); {user} needs numbers.",
            $"If it holds numbers, declare its type on the dataset: columns: {{ {column}: number }}");
    }

    /// <summary>Records sampled to infer column types (the reader's sample size, named here for messages).</summary>
    internal const int DatasetSampleSize = 1000;

    /// <summary>Makes an empty row buffer of the right width.</summary>
    public RowBuffer CreateRow() => new(Width);
}

/// <summary>
/// The time column as the schema sample saw it, so <c>kpi validate</c> can tell a file that has no
/// dated row at all (every run would have no period) without scanning the data.
/// </summary>
/// <param name="Records">Records sampled.</param>
/// <param name="WholeFile">True when the sample is the whole file, so the counts are the file's.</param>
/// <param name="Dated">Records whose time value is a date.</param>
/// <param name="InWindow">Of those, the records whose date lies inside the dataset's time_window.</param>
internal sealed record TimeSample(int Records, bool WholeFile, int Dated, int InWindow);
