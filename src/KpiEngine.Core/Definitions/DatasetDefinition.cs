using KpiEngine.Diagnostics;

namespace KpiEngine.Definitions;

/// <summary>The file format of a dataset.</summary>
public enum DatasetFormat
{
    /// <summary>RFC 4180 CSV with a header row.</summary>
    Csv,

    /// <summary>A JSON array of flat objects.</summary>
    Json,

    /// <summary>One flat JSON object per line.</summary>
    JsonLines,

    /// <summary>A table or query of a database connection (see <see cref="DatasetDefinition.Source"/>).</summary>
    Database,

    /// <summary>One sheet of an Excel workbook (see <see cref="DatasetDefinition.Sheet"/> and <see cref="DatasetDefinition.HeaderRow"/>).</summary>
    Xlsx,

    /// <summary>An Apache Parquet file, whose columns carry their types.</summary>
    Parquet,
}

/// <summary>Where a database dataset's rows come from: <c>source: { connection: SHOP_DB, table: orders }</c> or <c>query:</c>.</summary>
/// <param name="Connection">The connection's name: an environment variable or an entry of the connections file, never the connection string itself.</param>
/// <param name="Table">The table (or view) to read, possibly schema-qualified; null when <paramref name="Query"/> is given.</param>
/// <param name="Query">A SELECT whose rows are the dataset; null when <paramref name="Table"/> is given.</param>
/// <param name="Span">Where <c>source</c> is written.</param>
/// <param name="ConnectionSpan">Where the connection name is written.</param>
/// <param name="TargetSpan">Where the table or query is written.</param>
public sealed record DatabaseSource(string Connection, string? Table, string? Query, SourceSpan Span, SourceSpan ConnectionSpan, SourceSpan TargetSpan)
{
    /// <summary>How the dataset's rows are named in messages: <c>SHOP_DB:orders</c> or <c>SHOP_DB:query</c>.</summary>
    public string Location => $"{Connection}:{Table ?? "query"}";

    /// <summary>
    /// False (<c>pushdown: false</c>) to stream the rows and aggregate them in the engine even where a
    /// PostgreSQL database could compute the groups itself; true by default.
    /// </summary>
    public bool Pushdown { get; init; } = true;
}

/// <summary>The type of a dataset column. Dates are read as days (with fraction) so they subtract to durations.</summary>
public enum ColumnType
{
    /// <summary>Text, compared exactly.</summary>
    Text,

    /// <summary>A number (integer or decimal), read with the dataset's culture.</summary>
    Number,

    /// <summary>A calendar date.</summary>
    Date,

    /// <summary>A date and time.</summary>
    DateTime,

    /// <summary>true/false (also 1/0, yes/no in data files).</summary>
    Boolean,
}

/// <summary>A column type stated in the YAML.</summary>
public sealed record ColumnDeclaration(string Name, ColumnType Type, SourceSpan Span);

/// <summary>Columns one dataset takes from another by key (payments take the order's date from orders).</summary>
/// <param name="From">The lending dataset.</param>
/// <param name="Key">The key column, present in both datasets.</param>
/// <param name="LenderKey">The key column's name in the lender when it differs; null when the same.</param>
/// <param name="Columns">The lender's columns to borrow.</param>
/// <param name="Span">Where the borrow is written.</param>
public sealed record BorrowDefinition(string From, string Key, string? LenderKey, IReadOnlyList<string> Columns, SourceSpan Span);

/// <summary>One column of a derived dataset: an aggregate formula over the source rows of one key.</summary>
/// <param name="Name">The column's name in the derived dataset.</param>
/// <param name="Formula">The formula, e.g. <c>Min([ordered_at])</c>; aggregates read the source's columns.</param>
/// <param name="Span">Where the column is written.</param>
public sealed record DerivedColumnDefinition(string Name, FormulaSource Formula, SourceSpan Span);

/// <summary>A dataset computed from another by grouping its rows by a key (customers from orders by customer_id).</summary>
/// <param name="From">The source dataset.</param>
/// <param name="By">The source's key column; it becomes the derived dataset's first column.</param>
/// <param name="Columns">The computed columns, one aggregate formula each.</param>
/// <param name="Span">Where <c>derived</c> is written.</param>
/// <param name="FromSpan">Where <c>from</c> is written.</param>
public sealed record DerivedDatasetDefinition(string From, string By, IReadOnlyList<DerivedColumnDefinition> Columns, SourceSpan Span, SourceSpan FromSpan);

/// <summary>A table of rows a client's inputs aggregate.</summary>
/// <param name="Name">The dataset's name, used by inputs.</param>
/// <param name="Path">The absolute file path; for a derived dataset, the YAML file that declares it.</param>
/// <param name="Format">CSV, JSON or JSON Lines.</param>
/// <param name="TimeColumn">The column that places a row in a period; null for a dataset without time.</param>
/// <param name="Columns">Declared column types; others are inferred from the data.</param>
/// <param name="Culture">The culture numbers and dates are written in (invariant when empty).</param>
/// <param name="DateFormats">Exact date formats to accept, tried in order; empty accepts ISO 8601.</param>
/// <param name="Delimiter">The CSV field delimiter.</param>
/// <param name="Filter">A row condition; rows where it is false are left out.</param>
/// <param name="Borrow">Columns taken from another dataset by key; with several lenders, the first of <see cref="Borrows"/>.</param>
/// <param name="Span">Where the dataset is declared.</param>
public sealed record DatasetDefinition(
    string Name,
    string Path,
    DatasetFormat Format,
    string? TimeColumn,
    IReadOnlyList<ColumnDeclaration> Columns,
    string Culture,
    IReadOnlyList<string> DateFormats,
    char Delimiter,
    FormulaSource? Filter,
    BorrowDefinition? Borrow,
    SourceSpan Span)
{
    private readonly IReadOnlyList<BorrowDefinition>? _borrows;

    /// <summary>
    /// Every lender, in the order written (<c>borrow:</c> as a list): each row is completed by the first,
    /// then the second, and so on, so a later lender may be keyed by a column an earlier one lent. Without
    /// a list, <see cref="Borrow"/> alone (empty when the dataset borrows nothing).
    /// </summary>
    public IReadOnlyList<BorrowDefinition> Borrows
    {
        get => _borrows ?? (Borrow is null ? [] : [Borrow]);
        init => _borrows = value;
    }

    /// <summary>The sheet of an .xlsx dataset, by name or by number from 1; null for the first sheet.</summary>
    public string? Sheet { get; init; }

    /// <summary>The row of an .xlsx sheet that names the columns, from 1; the data starts below it.</summary>
    public int HeaderRow { get; init; } = 1;

    /// <summary>The database table or query the rows come from; null for a file (then <see cref="Path"/> is <see cref="DatabaseSource.Location"/>).</summary>
    public DatabaseSource? Source { get; init; }

    /// <summary>How the dataset is computed from another one; null for a dataset read from a file.</summary>
    public DerivedDatasetDefinition? Derived { get; init; }

    /// <summary>
    /// True when the file says <c>time: none</c>: a snapshot (a customer table, a survey, a price list)
    /// whose rows have no date, on purpose. Its values are the same in every period.
    /// </summary>
    public bool DeclaredTimeless { get; init; }

    /// <summary>The dates a time value may take; a record outside them is a placeholder or a typo and is left out (KPI3020).</summary>
    public DateWindow TimeWindow { get; init; } = DateWindow.Default;

    /// <summary>
    /// The dates the export covers (<c>coverage: { from, to }</c>), both included; null when not declared.
    /// A period inside them is a whole period even when nothing happened on its first or last day, and a
    /// period inside them without rows is a period with no activity (0 orders), not one without data.
    /// </summary>
    public DateWindow? Coverage { get; init; }

    /// <summary>True when the file lies outside the folders the client may read (KPI1021 at load): it is never opened.</summary>
    internal bool Refused { get; init; }

    /// <summary>Where the first <c>date_format</c> is written; null when none is declared.</summary>
    internal SourceSpan? DateFormatSpan { get; init; }
}

/// <summary>
/// The first and last date (both included) a dataset's time column may hold. Dates outside are
/// placeholders (0001-01-01, 1900-01-01, 9999-12-31) or typos that would stretch a report over
/// centuries of empty periods.
/// </summary>
/// <param name="First">The earliest plausible date.</param>
/// <param name="Last">The latest plausible date.</param>
public sealed record DateWindow(DateOnly First, DateOnly Last)
{
    /// <summary>1950-01-01 to 2098-12-31: business records, without the usual placeholders (1900-01-01, 2099-12-31, 9999-12-31).</summary>
    public static DateWindow Default { get; } = new(new DateOnly(1950, 1, 1), new DateOnly(2098, 12, 31));

    /// <summary>True when a time (days since 0001-01-01, with fraction) falls inside the window.</summary>
    public bool Contains(double days) => days >= First.DayNumber && days < Last.DayNumber + 1;

    /// <summary>The window as written in YAML.</summary>
    public override string ToString() =>
        $"{First.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)} to {Last.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}";
}
