using KpiEngine.Diagnostics;
using LinqExpression = System.Linq.Expressions.Expression;

namespace KpiEngine.Expressions;

/// <summary>
/// One aggregate a formula needs from its dataset, e.g. <c>SumIf([total], [status] != 'cancelled')</c>,
/// compiled to row delegates. The scan creates one accumulator per group and period.
/// </summary>
internal sealed class AggregateSpec
{
    private readonly Func<AggregateAccumulator> _factory;

    private AggregateSpec(AggregateKind kind, string key, IReadOnlyList<ColumnSchema> columns, Func<AggregateAccumulator> factory, bool isText = false)
    {
        Kind = kind;
        Key = key;
        Columns = columns;
        _factory = factory;
        IsText = isText;
    }

    /// <summary>True for <c>FirstBy</c>/<c>LastBy</c> of a text: its value is <see cref="AggregateAccumulator.TextResult"/>, only a derived column can hold it.</summary>
    public bool IsText { get; }

    /// <summary>Which aggregate function.</summary>
    public AggregateKind Kind { get; }

    /// <summary>Canonical text: equal keys over one dataset mean the same aggregate (so a scan computes it once).</summary>
    public string Key { get; }

    /// <summary>The columns it reads, in order of first use.</summary>
    public IReadOnlyList<ColumnSchema> Columns { get; }

    /// <summary>The call as written, for translating the aggregate to another engine (SQL pushdown).</summary>
    public CallNode? Call { get; private init; }

    /// <summary>The parameters the call's row expressions read as constants (names no column has).</summary>
    public IReadOnlyDictionary<string, double> Parameters { get; private init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>A fresh, empty accumulator.</summary>
    public AggregateAccumulator CreateAccumulator() => _factory();

    /// <inheritdoc />
    public override string ToString() => Key;

    /// <summary>Compiles an aggregate call over a dataset, or reports its problems and returns null.</summary>
    internal static AggregateSpec? Create(CallNode call, DatasetSchema dataset, FormulaContext context) =>
        Compile(call, dataset, context) is { } spec ? new AggregateSpec(spec.Kind, spec.Key, spec.Columns, spec._factory, spec.IsText) { Call = call, Parameters = context.Scope.Parameters } : null;

    private static AggregateSpec? Compile(CallNode call, DatasetSchema dataset, FormulaContext context)
    {
        var function = context.ResolveAggregate(call);
        var rows = new RowCompiler(context, dataset, inAggregate: true);
        var terms = call.Arguments.Select(rows.Compile).ToList();
        if (function is null || terms.Any(t => t is null))
        {
            return null;
        }

        var kind = function.Aggregate!.Value;
        var key = FormulaPrinter.Print(call);
        var hasCondition = kind is AggregateKind.CountIf or AggregateKind.SumIf or AggregateKind.AvgIf or AggregateKind.DistinctCountIf or AggregateKind.MinIf or AggregateKind.MaxIf
            || (kind is AggregateKind.FirstBy or AggregateKind.LastBy && call.Arguments.Count == 3);
        Lazy<Func<RowBuffer, bool>>? condition = null;
        if (hasCondition)
        {
            var conditionNode = call.Arguments[^1];
            var conditionExpression = rows.CompileCondition(conditionNode);
            if (conditionExpression is null)
            {
                return null;
            }

            condition = Deferred(LinqExpression.Lambda<Func<RowBuffer, bool>>(conditionExpression, rows.Row));
        }

        if (kind == AggregateKind.CountIf || (kind == AggregateKind.Count && call.Arguments.Count == 0))
        {
            return new AggregateSpec(kind, key, rows.Columns, () => new RowCountAccumulator(condition?.Value));
        }

        var valueNode = call.Arguments[0];
        var value = terms[0]!.Value;
        if (value.Type == FormulaType.Condition)
        {
            var hint = kind == AggregateKind.Count ? $"To count rows where it holds use CountIf({context.Text(valueNode)})." : "Use if(condition, 1, 0) to turn a condition into a number.";
            context.Report(DiagnosticCatalog.TypeMismatch, $"{context.Text(valueNode)} is a condition (true/false); {function.Name} needs a number{(kind is AggregateKind.Count or AggregateKind.DistinctCount or AggregateKind.DistinctCountIf ? " or text" : string.Empty)}.", valueNode, hint);
            return null;
        }

        Lazy<Func<RowBuffer, double>>? order = null;
        if (kind is AggregateKind.FirstBy or AggregateKind.LastBy)
        {
            var orderNode = call.Arguments[1];
            if (terms[1]!.Value.Type != FormulaType.Number)
            {
                context.Report(DiagnosticCatalog.TypeMismatch, $"{context.Text(orderNode)} is {FormulaContext.Describe(terms[1]!.Value.Type)}; {function.Name} orders rows by a number or a date.", orderNode,
                    $"Order by a date or number column, e.g. {function.Example}.");
                return null;
            }

            order = Deferred(LinqExpression.Lambda<Func<RowBuffer, double>>(terms[1]!.Value.Expression, rows.Row));
        }

        var earliest = kind == AggregateKind.FirstBy;
        if (value.Type == FormulaType.Text)
        {
            var text = Deferred(LinqExpression.Lambda<Func<RowBuffer, string?>>(value.Expression, rows.Row));
            switch (kind)
            {
                case AggregateKind.FirstBy or AggregateKind.LastBy when context.Scope.AllowsTextAggregate:
                    return new AggregateSpec(kind, key, rows.Columns, () => new OrderedPickAccumulator(RowPick.Of(text.Value), order!.Value, condition?.Value, earliest, key), isText: true);
                case AggregateKind.FirstBy or AggregateKind.LastBy:
                    context.Report(DiagnosticCatalog.TypeMismatch, $"{context.Text(valueNode)} is text, so {function.Name}(...) is text, but only a derived column can hold text; KPIs, inputs and the rest of a formula are numbers.", call,
                        $"Compute it as a column of a derived dataset (e.g. first_region: \"{function.Example}\") and count or group by it (--by first_region).");
                    return null;
                case AggregateKind.Count:
                    return new AggregateSpec(kind, key, rows.Columns, () => new TextCountAccumulator(text.Value));
                case AggregateKind.DistinctCount or AggregateKind.DistinctCountIf:
                    return new AggregateSpec(kind, key, rows.Columns, () => new DistinctTextAccumulator(text.Value, condition?.Value));
                default:
                    if (!rows.ReportEmptyColumn(valueNode, function.Name))
                    {
                        context.Report(DiagnosticCatalog.TypeMismatch, $"{context.Text(valueNode)} is text; {function.Name} needs a number.", valueNode, "Count texts with Count(...) or DistinctCount(...).");
                    }

                    return null;
            }
        }

        var number = Deferred(LinqExpression.Lambda<Func<RowBuffer, double>>(value.Expression, rows.Row));

        // A bare column (Sum([revenue])) is read from its slot: no delegate call per row.
        var slot = valueNode is NameNode name && dataset.Find(name.Name) is { IsNumeric: true } column ? column.Slot : -1;
        RowNumber Value() => slot >= 0 ? RowNumber.Column(slot) : RowNumber.Of(number.Value);
        var timeSlot = dataset.TimeColumn?.Slot ?? -1;
        Func<AggregateAccumulator> factory = kind switch
        {
            AggregateKind.Last => () => new LatestAccumulator(Value(), timeSlot, latest: true, key),
            AggregateKind.First => () => new LatestAccumulator(Value(), timeSlot, latest: false, key),
            AggregateKind.Count => () => new ValueCountAccumulator(Value(), key),
            AggregateKind.Sum or AggregateKind.SumIf => () => new SumAccumulator(Value(), condition?.Value, average: false, key),
            AggregateKind.Avg or AggregateKind.AvgIf => () => new SumAccumulator(Value(), condition?.Value, average: true, key),
            AggregateKind.Min or AggregateKind.MinIf => () => new ExtremeAccumulator(Value(), maximum: false, key, condition?.Value),
            AggregateKind.Max or AggregateKind.MaxIf => () => new ExtremeAccumulator(Value(), maximum: true, key, condition?.Value),
            AggregateKind.FirstBy or AggregateKind.LastBy => () => new OrderedPickAccumulator(RowPick.Of(Value()), order!.Value, condition?.Value, earliest, key),
            AggregateKind.Median => () => new MedianAccumulator(Value(), key),
            AggregateKind.Product => () => new ProductAccumulator(Value(), key),
            _ => () => new DistinctNumberAccumulator(Value(), condition?.Value, key),
        };
        return new AggregateSpec(kind, key, rows.Columns, factory);
    }

    /// <summary>
    /// A row delegate compiled on its first call. Compiling an expression tree (and JIT-compiling
    /// the result) is the costliest step of building a plan, and <c>kpi validate</c> never calls
    /// the delegates, nor does a scan call those of a bare column.
    /// </summary>
    private static Lazy<T> Deferred<T>(System.Linq.Expressions.Expression<T> lambda)
        where T : Delegate =>
        new(() => lambda.Compile());
}
