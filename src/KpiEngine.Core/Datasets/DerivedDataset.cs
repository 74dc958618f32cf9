using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;

namespace KpiEngine.Datasets;

/// <summary>
/// A dataset computed from another by grouping its rows by a key (<c>customers</c> from
/// <c>orders</c> by <c>customer_id</c>): one row per key, with the key as first column and one
/// column per aggregate formula, compiled once over the source's schema. Its column types follow
/// the formula: <c>Min</c>/<c>Max</c> of a date or datetime column stay that type; everything
/// else is a number.
/// </summary>
internal sealed class DerivedDataset
{
    private readonly IReadOnlyDictionary<string, double> _parameters;

    private DerivedDataset(DatasetSchema schema, ColumnSchema sourceKey, List<(ColumnSchema Target, CompiledFormula Formula)> columns, IReadOnlyDictionary<string, double> parameters)
    {
        Schema = schema;
        SourceKey = sourceKey;
        Columns = columns;
        _parameters = parameters;
    }

    /// <summary>The derived dataset's schema: the key, then the computed columns, in the order written.</summary>
    public DatasetSchema Schema { get; }

    /// <summary>The source's key column.</summary>
    public ColumnSchema SourceKey { get; }

    /// <summary>Each computed column with its compiled formula.</summary>
    public IReadOnlyList<(ColumnSchema Target, CompiledFormula Formula)> Columns { get; }

    /// <summary>An empty table for one run: the source's scan fills it, then it is read like a file.</summary>
    public DerivedTable CreateTable() => new(this, _parameters);

    /// <summary>Compiles the derived dataset over its source's schema; null (with every problem reported) when it cannot be used.</summary>
    public static DerivedDataset? Create(DatasetDefinition definition, DatasetSchema source, IReadOnlyDictionary<string, double> parameters, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var derived = definition.Derived ?? throw new ArgumentException($"Dataset '{definition.Name}' is not derived.", nameof(definition));
        var errors = diagnostics.ErrorCount;
        var key = source.Find(derived.By);
        if (key is null)
        {
            diagnostics.Add(
                DiagnosticCatalog.ColumnMissing,
                $"Dataset '{definition.Name}' is derived from '{source.Name}' by '{derived.By}', but '{source.Name}' has no such column.",
                derived.Span,
                NameSuggestions.DidYouMean(derived.By, source.Columns.Select(c => c.Name)) ?? $"The columns are: {string.Join(", ", source.Columns.Select(c => c.Name))}.");
        }

        var columns = new List<ColumnSchema> { new(derived.By, key?.Type ?? ColumnType.Text, 0, 0) };
        var compiled = new List<(ColumnSchema, CompiledFormula)>();
        var compiler = new FormulaCompiler();
        foreach (var column in derived.Columns)
        {
            var owner = $"column '{column.Name}' of dataset '{definition.Name}'";
            if (column.Name == derived.By)
            {
                diagnostics.Add(DiagnosticCatalog.InvalidValue, $"Dataset '{definition.Name}': {owner} has the name of the key column.", column.Span, "Give the computed column another name.");
                continue;
            }

            var root = FormulaParser.Parse(column.Formula, owner, new DiagnosticBag());
            var scope = new FormulaScope { Owner = owner, Dataset = source, Names = [.. parameters.Keys], Parameters = parameters, AllowsTextAggregate = IsOrderedPick(root) };
            if (compiler.Compile(column.Formula, scope, diagnostics) is not { } formula)
            {
                continue;
            }

            foreach (var reference in formula.References.Where(r => !parameters.ContainsKey(r.Name)))
            {
                diagnostics.Add(
                    DiagnosticCatalog.UnknownName,
                    $"{owner} uses [{reference.Name}] outside an aggregate, which is not a parameter.",
                    reference.Span,
                    "A derived column is computed from the source's rows (inside aggregates) and parameters only; compute KPIs from it with inputs over the derived dataset.");
            }

            var target = new ColumnSchema(column.Name, formula.Aggregates is [{ IsText: true }] ? ColumnType.Text : TypeOf(root, source), columns.Count, columns.Count);
            columns.Add(target);
            compiled.Add((target, formula));
        }

        if (diagnostics.ErrorCount > errors || key is null)
        {
            return null;
        }

        var schema = new DatasetSchema(definition, columns);
        if (definition.TimeColumn is { } time && schema.Find(time) is not { Type: ColumnType.Date or ColumnType.DateTime })
        {
            diagnostics.Add(
                schema.Find(time) is null ? DiagnosticCatalog.ColumnMissing : DiagnosticCatalog.TypeMismatch,
                schema.Find(time) is null
                    ? $"Dataset '{definition.Name}': time column '{time}' is not one of its columns ({string.Join(", ", columns.Select(c => c.Name))})."
                    : $"Dataset '{definition.Name}': time column '{time}' is a number; it must be a date.",
                definition.Span,
                NameSuggestions.DidYouMean(time, columns.Select(c => c.Name)) ?? "Use a column computed as Min or Max of a date column, e.g. first_order_at: \"Min([ordered_at])\".");
            return null;
        }

        return new DerivedDataset(schema, key, compiled, parameters);
    }

    /// <summary>
    /// A date stays a date only when the whole formula is <c>Min</c>/<c>Max</c>/<c>MinIf</c>/<c>MaxIf</c>/<c>FirstBy</c>/<c>LastBy</c>
    /// of one date column (a boolean column picked by FirstBy/LastBy stays a boolean); sums, counts and arithmetic are numbers.
    /// </summary>
    private static ColumnType TypeOf(FormulaNode? root, DatasetSchema source)
    {
        if (root is CallNode { Arguments: [NameNode name, ..] } call
            && FunctionCatalog.IsAggregateCall(call)
            && FunctionCatalog.FindAggregate(call.Name)?.Aggregate is AggregateKind.Min or AggregateKind.Max or AggregateKind.MinIf or AggregateKind.MaxIf or AggregateKind.FirstBy or AggregateKind.LastBy
            && source.Find(name.Name) is { Type: ColumnType.Date or ColumnType.DateTime or ColumnType.Boolean } column
            && (column.Type != ColumnType.Boolean || IsOrderedPick(root)))
        {
            return column.Type;
        }

        return ColumnType.Number;
    }

    /// <summary>True when the formula is one <c>FirstBy</c>/<c>LastBy</c> call, the only formula whose value may be text.</summary>
    private static bool IsOrderedPick(FormulaNode? root) =>
        root is CallNode call && FunctionCatalog.FindAggregate(call.Name)?.Aggregate is AggregateKind.FirstBy or AggregateKind.LastBy;
}
