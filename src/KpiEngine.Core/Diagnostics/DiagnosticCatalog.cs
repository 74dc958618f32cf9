namespace KpiEngine.Diagnostics;

/// <summary>
/// Every diagnostic id KpiEngine reports, in one place, so ids stay stable and documented.
/// Ranges: KPI1xxx YAML and definitions, KPI2xxx formulas, KPI3xxx datasets,
/// KPI4xxx evaluation, KPI5xxx command line, KPI6xxx plugins.
/// The class is partial only so each feature folder can list its own range next to its code;
/// <see cref="All"/> gathers them.
/// </summary>
public static partial class DiagnosticCatalog
{
    private static readonly Lazy<IReadOnlyList<DiagnosticDescriptor>> AllDescriptors = new(() =>
        [.. typeof(DiagnosticCatalog)
            .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .OrderBy(d => d.Id, StringComparer.Ordinal)]);

    /// <summary>All descriptors, ordered by id.</summary>
    public static IReadOnlyList<DiagnosticDescriptor> All => AllDescriptors.Value;

    // ---- KPI1xxx: YAML and definitions -------------------------------------------------

    /// <summary>The YAML text cannot be parsed.</summary>
    public static readonly DiagnosticDescriptor YamlSyntax = new("KPI1001", "YAML syntax error", DiagnosticSeverity.Error);

    /// <summary>A key appears twice in one mapping.</summary>
    public static readonly DiagnosticDescriptor DuplicateKey = new("KPI1002", "Duplicate key", DiagnosticSeverity.Error);

    /// <summary>A key the format does not know (a typo, usually).</summary>
    public static readonly DiagnosticDescriptor UnknownKey = new("KPI1003", "Unknown key", DiagnosticSeverity.Error);

    /// <summary>A required key is missing or empty.</summary>
    public static readonly DiagnosticDescriptor MissingKey = new("KPI1004", "Missing required key", DiagnosticSeverity.Error);

    /// <summary>A scalar that is not a valid value for its key (number, boolean, enum, date, culture ...).</summary>
    public static readonly DiagnosticDescriptor InvalidValue = new("KPI1005", "Invalid value", DiagnosticSeverity.Error);

    /// <summary>A formula written without quotes that YAML read as a list or mapping, or cut at a comment.</summary>
    public static readonly DiagnosticDescriptor UnquotedFormula = new("KPI1006", "Formula must be quoted", DiagnosticSeverity.Error);

    /// <summary>A node of the wrong shape (a list where a mapping is expected ...).</summary>
    public static readonly DiagnosticDescriptor WrongNodeType = new("KPI1007", "Wrong kind of YAML node", DiagnosticSeverity.Error);

    /// <summary>A file (client, include) cannot be found or read.</summary>
    public static readonly DiagnosticDescriptor FileNotFound = new("KPI1008", "File not found", DiagnosticSeverity.Error);

    /// <summary>Two definitions share one id or name.</summary>
    public static readonly DiagnosticDescriptor DuplicateId = new("KPI1009", "Duplicate id", DiagnosticSeverity.Error);

    /// <summary>Nesting, alias expansion or size past the safe limits.</summary>
    public static readonly DiagnosticDescriptor YamlLimitExceeded = new("KPI1010", "YAML too deep or too large", DiagnosticSeverity.Error);

    /// <summary>A YAML feature KpiEngine does not accept (several documents, merge keys, custom tags).</summary>
    public static readonly DiagnosticDescriptor UnsupportedYaml = new("KPI1011", "Unsupported YAML feature", DiagnosticSeverity.Error);

    /// <summary>A reference to a KPI, dataset or include that does not exist.</summary>
    public static readonly DiagnosticDescriptor UnknownReference = new("KPI1012", "Unknown reference", DiagnosticSeverity.Error);

    /// <summary>An identifier that is not a valid KPI/input/parameter/dataset name.</summary>
    public static readonly DiagnosticDescriptor InvalidIdentifier = new("KPI1013", "Invalid identifier", DiagnosticSeverity.Error);

    /// <summary>Includes that include each other.</summary>
    public static readonly DiagnosticDescriptor IncludeCycle = new("KPI1014", "Include cycle", DiagnosticSeverity.Error);

    // ---- KPI2xxx: formulas ------------------------------------------------------------

    /// <summary>The formula does not parse, or has text after a complete expression.</summary>
    public static readonly DiagnosticDescriptor FormulaSyntax = new("KPI2001", "Formula syntax error", DiagnosticSeverity.Error);

    /// <summary>A name in a formula is not a KPI, input, parameter or (inside an aggregate) column.</summary>
    public static readonly DiagnosticDescriptor UnknownName = new("KPI2002", "Unknown name in formula", DiagnosticSeverity.Error);

    /// <summary>A function that does not exist.</summary>
    public static readonly DiagnosticDescriptor UnknownFunction = new("KPI2003", "Unknown function", DiagnosticSeverity.Error);

    /// <summary>A function called with the wrong number of arguments.</summary>
    public static readonly DiagnosticDescriptor WrongArgumentCount = new("KPI2004", "Wrong number of arguments", DiagnosticSeverity.Error);

    /// <summary>An aggregate where no dataset is in scope (a KPI without dataset, a row filter).</summary>
    public static readonly DiagnosticDescriptor AggregateNotAllowed = new("KPI2005", "Aggregate not allowed here", DiagnosticSeverity.Error);

    /// <summary>An aggregate inside another aggregate.</summary>
    public static readonly DiagnosticDescriptor NestedAggregate = new("KPI2006", "Nested aggregate", DiagnosticSeverity.Error);

    /// <summary>KPIs or inputs that depend on each other in a cycle.</summary>
    public static readonly DiagnosticDescriptor DependencyCycle = new("KPI2007", "Dependency cycle", DiagnosticSeverity.Error);

    /// <summary>A formula too long or too deeply nested to evaluate safely.</summary>
    public static readonly DiagnosticDescriptor FormulaTooComplex = new("KPI2008", "Formula too complex", DiagnosticSeverity.Error);

    /// <summary>Operands of the wrong type (text in arithmetic, a number as a condition ...).</summary>
    public static readonly DiagnosticDescriptor TypeMismatch = new("KPI2009", "Type mismatch", DiagnosticSeverity.Error);

    /// <summary>A catalog KPI needs an input the client file does not bind.</summary>
    public static readonly DiagnosticDescriptor UnboundInput = new("KPI2010", "Unbound input", DiagnosticSeverity.Error);

    /// <summary>A column reference outside an aggregate in a dataset formula, or a KPI reference inside one.</summary>
    public static readonly DiagnosticDescriptor NameOutOfScope = new("KPI2011", "Name used outside its scope", DiagnosticSeverity.Error);

    // ---- KPI3xxx: datasets -------------------------------------------------------------

    /// <summary>The dataset file does not exist or cannot be opened.</summary>
    public static readonly DiagnosticDescriptor DatasetFileMissing = new("KPI3001", "Dataset file missing", DiagnosticSeverity.Error);

    /// <summary>A column a formula, the time setting or a declaration needs is not in the file.</summary>
    public static readonly DiagnosticDescriptor ColumnMissing = new("KPI3002", "Column missing", DiagnosticSeverity.Error);

    /// <summary>The header is empty, has a blank name or the same name twice.</summary>
    public static readonly DiagnosticDescriptor BadHeader = new("KPI3003", "Bad header", DiagnosticSeverity.Error);

    /// <summary>A record with more or fewer fields than the header (often a quoting mistake).</summary>
    public static readonly DiagnosticDescriptor RaggedRow = new("KPI3004", "Wrong number of fields", DiagnosticSeverity.Error);

    /// <summary>A cell that does not parse as its column's type.</summary>
    public static readonly DiagnosticDescriptor BadCell = new("KPI3005", "Value does not match column type", DiagnosticSeverity.Error);

    /// <summary>Malformed CSV quoting or JSON.</summary>
    public static readonly DiagnosticDescriptor MalformedData = new("KPI3006", "Malformed data file", DiagnosticSeverity.Error);

    /// <summary>A borrow that names an unknown dataset, key or column, or borrows in a cycle.</summary>
    public static readonly DiagnosticDescriptor BadBorrow = new("KPI3007", "Invalid borrow", DiagnosticSeverity.Error);

    /// <summary>A borrower row whose key the lender does not have.</summary>
    public static readonly DiagnosticDescriptor BorrowKeyNotFound = new("KPI3008", "Borrow key not found", DiagnosticSeverity.Warning);

    /// <summary>A row whose time column is empty; it belongs to no period and is skipped.</summary>
    public static readonly DiagnosticDescriptor MissingTime = new("KPI3009", "Row without time", DiagnosticSeverity.Warning);

    /// <summary>Two lender rows with the same key.</summary>
    public static readonly DiagnosticDescriptor DuplicateBorrowKey = new("KPI3010", "Duplicate key in lender", DiagnosticSeverity.Warning);

    // ---- KPI4xxx: evaluation -----------------------------------------------------------
    // An undefined value is not a diagnostic: it is a result with a reason. A KPI that fails
    // does so through the diagnostic of its cause (a formula, a dataset, a plugin).

    /// <summary>A client that could not be run at all.</summary>
    public static readonly DiagnosticDescriptor ClientFailed = new("KPI4003", "Client failed", DiagnosticSeverity.Error);

    // ---- KPI5xxx: command line ---------------------------------------------------------

    /// <summary>Wrong command-line usage.</summary>
    public static readonly DiagnosticDescriptor Usage = new("KPI5001", "Usage error", DiagnosticSeverity.Error);

    /// <summary>An output file could not be written.</summary>
    public static readonly DiagnosticDescriptor OutputFailed = new("KPI5002", "Output not written", DiagnosticSeverity.Error);
}
