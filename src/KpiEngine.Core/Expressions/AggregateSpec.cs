using KpiEngine.Datasets;
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

    private AggregateSpec(AggregateKind kind, string key, IReadOnlyList<ColumnSchema> columns, Func<AggregateAccumulator> factory)
    {
        Kind = kind;
        Key = key;
        Columns = columns;
        _factory = factory;
    }

    /// <summary>Which aggregate function.</summary>
    public AggregateKind Kind { get; }

    /// <summary>Canonical text: equal keys over one dataset mean the same aggregate (so a scan computes it once).</summary>
    public string Key { get; }

    /// <summary>The columns it reads, in order of first use.</summary>
    public IReadOnlyList<ColumnSchema> Columns { get; }

    /// <summary>A fresh, empty accumulator.</summary>
    public AggregateAccumulator CreateAccumulator() => _factory();

    /// <inheritdoc />
    public override string ToString() => Key;

    /// <summary>Compiles an aggregate call over a dataset, or reports its problems and returns null.</summary>
    internal static AggregateSpec? Create(CallNode call, DatasetSchema dataset, FormulaContext context)
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
        var hasCondition = kind is AggregateKind.CountIf or AggregateKind.SumIf or AggregateKind.AvgIf or AggregateKind.DistinctCountIf;
        Func<RowBuffer, bool>? condition = null;
        if (hasCondition)
        {
            var conditionNode = call.Arguments[^1];
            var conditionExpression = rows.CompileCondition(conditionNode);
            if (conditionExpression is null)
            {
                return null;
            }

            condition = LinqExpression.Lambda<Func<RowBuffer, bool>>(conditionExpression, rows.Row).Compile();
        }

        if (kind == AggregateKind.CountIf || (kind == AggregateKind.Count && call.Arguments.Count == 0))
        {
            return new AggregateSpec(kind, key, rows.Columns, () => new RowCountAccumulator(condition));
        }

        var valueNode = call.Arguments[0];
        var value = terms[0]!.Value;
        if (value.Type == FormulaType.Condition)
        {
            var hint = kind == AggregateKind.Count ? $"To count rows where it holds use CountIf({context.Text(valueNode)})." : "Use if(condition, 1, 0) to turn a condition into a number.";
            context.Report(DiagnosticCatalog.TypeMismatch, $"{context.Text(valueNode)} is a condition (true/false); {function.Name} needs a number{(kind is AggregateKind.Count or AggregateKind.DistinctCount or AggregateKind.DistinctCountIf ? " or text" : string.Empty)}.", valueNode, hint);
            return null;
        }

        if (value.Type == FormulaType.Text)
        {
            var text = LinqExpression.Lambda<Func<RowBuffer, string?>>(value.Expression, rows.Row).Compile();
            switch (kind)
            {
                case AggregateKind.Count:
                    return new AggregateSpec(kind, key, rows.Columns, () => new TextCountAccumulator(text));
                case AggregateKind.DistinctCount or AggregateKind.DistinctCountIf:
                    return new AggregateSpec(kind, key, rows.Columns, () => new DistinctTextAccumulator(text, condition));
                default:
                    context.Report(DiagnosticCatalog.TypeMismatch, $"{context.Text(valueNode)} is text; {function.Name} needs a number.", valueNode, "Count texts with Count(...) or DistinctCount(...).");
                    return null;
            }
        }

        var number = LinqExpression.Lambda<Func<RowBuffer, double>>(value.Expression, rows.Row).Compile();
        var timeSlot = dataset.TimeColumn?.Slot ?? -1;
        Func<AggregateAccumulator> factory = kind switch
        {
            AggregateKind.Last => () => new LatestAccumulator(number, timeSlot, latest: true, key),
            AggregateKind.First => () => new LatestAccumulator(number, timeSlot, latest: false, key),
            AggregateKind.Count => () => new ValueCountAccumulator(number, key),
            AggregateKind.Sum or AggregateKind.SumIf => () => new SumAccumulator(number, condition, average: false, key),
            AggregateKind.Avg or AggregateKind.AvgIf => () => new SumAccumulator(number, condition, average: true, key),
            AggregateKind.Min => () => new ExtremeAccumulator(number, maximum: false, key),
            AggregateKind.Max => () => new ExtremeAccumulator(number, maximum: true, key),
            AggregateKind.Median => () => new MedianAccumulator(number, key),
            _ => () => new DistinctNumberAccumulator(number, condition, key),
        };
        return new AggregateSpec(kind, key, rows.Columns, factory);
    }
}
