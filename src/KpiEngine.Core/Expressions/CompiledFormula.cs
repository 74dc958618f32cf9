using KpiEngine.Datasets;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;

namespace KpiEngine.Expressions;

/// <summary>A name used outside aggregates (a KPI, input or parameter) and where it is first written.</summary>
internal readonly record struct NameReference(string Name, SourceSpan Span);

/// <summary>What a compiled formula asks of its caller, once per period.</summary>
internal interface IFormulaEnvironment
{
    /// <summary>The value of <see cref="CompiledFormula.Aggregates"/>[index] for the current period.</summary>
    KpiValue Aggregate(int index);

    /// <summary>The value of a KPI, input or parameter for the current period.</summary>
    KpiValue Name(string name);
}

/// <summary>
/// A formula compiled once: the aggregates to compute while scanning its dataset, the names it
/// needs, and a period-level evaluator that combines them with undefined-value semantics.
/// Immutable and safe to evaluate from several threads.
/// </summary>
internal sealed class CompiledFormula
{
    private readonly Func<IFormulaEnvironment, KpiValue> _evaluate;

    internal CompiledFormula(FormulaSource source, IReadOnlyList<AggregateSpec> aggregates, IReadOnlyList<NameReference> references, Func<IFormulaEnvironment, KpiValue> evaluate)
    {
        Source = source;
        Aggregates = aggregates;
        References = references;
        _evaluate = evaluate;
    }

    /// <summary>The formula text and where it is written.</summary>
    public FormulaSource Source { get; }

    /// <summary>Aggregates in order of first appearance (an aggregate written twice appears once).</summary>
    public IReadOnlyList<AggregateSpec> Aggregates { get; }

    /// <summary>Names outside aggregates, distinct, each with its first occurrence.</summary>
    public IReadOnlyList<NameReference> References { get; }

    /// <summary>Evaluates the formula for one period; never NaN or Infinity.</summary>
    public KpiValue Evaluate(IFormulaEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return _evaluate(environment);
    }
}

/// <summary>A compiled row condition (a dataset filter).</summary>
internal sealed class RowPredicate
{
    private readonly Func<RowBuffer, bool> _matches;

    internal RowPredicate(IReadOnlyList<ColumnSchema> columns, Func<RowBuffer, bool> matches)
    {
        Columns = columns;
        _matches = matches;
    }

    /// <summary>The columns the condition reads.</summary>
    public IReadOnlyList<ColumnSchema> Columns { get; }

    /// <summary>True when the row passes.</summary>
    public bool Matches(RowBuffer row) => _matches(row);
}
