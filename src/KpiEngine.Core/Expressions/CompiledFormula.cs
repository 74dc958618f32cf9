using KpiEngine.Definitions;
using KpiEngine.Diagnostics;

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

    /// <summary>
    /// The value of <see cref="CompiledFormula.References"/>[<paramref name="reference"/>] (named
    /// <paramref name="name"/>) for the current period: an environment that knows which formula it
    /// evaluates finds the name's value by its index, without looking the name up once per period.
    /// </summary>
    KpiValue Name(int reference, string name) => Name(name);

    /// <summary>The time axis time functions move along; null where values have no periods around them.</summary>
    ITimeAxis? Time { get; }
}

/// <summary>What time functions (<c>Prev</c>, <c>RollingSum</c>, <c>YTD</c> ...) need: where the current period is and how to read others.</summary>
internal interface ITimeAxis
{
    /// <summary>The current period's ordinal.</summary>
    int Period { get; }

    /// <summary>The first period the value being computed has data for; time functions never read before it.</summary>
    int DataStart { get; }

    /// <summary>The calendar periods are counted in (labels, fiscal years).</summary>
    Time.PeriodCalendar Calendar { get; }

    /// <summary>The same values seen from another period.</summary>
    IFormulaEnvironment At(int period);

    /// <summary>
    /// The values of the total over all dimension values (<c>Total(x)</c> under <c>--by</c>) at the
    /// current period; null when the values are the total's own.
    /// </summary>
    IFormulaEnvironment? Total { get; }

    /// <summary>
    /// The values one dimension level up (<c>Parent(x)</c> under <c>--by</c>) at the current period: the
    /// combination without its last dimension's value, the total for a combination of one value; null
    /// at the total, with <paramref name="missing"/> saying why there is no level above.
    /// </summary>
    IFormulaEnvironment? Parent(out string? missing);

    /// <summary>
    /// The cohort period of the values when they are one cohort's (a KPI with <c>cohort:</c>): its
    /// age 0, where <c>Cohort(x)</c> reads x; null outside a cohort.
    /// </summary>
    int? CohortStart { get; }

    /// <summary>Notes the value a time function gave (for traces); a no-op when not tracing.</summary>
    void Observe(string call, int period, KpiValue value);

    /// <summary>
    /// The value of a time function call at a period, computed once per call and period: nested time
    /// functions (a rolling sum of rolling sums) read the inner call's values at many periods, which
    /// without this costs the window length to the power of the nesting depth.
    /// </summary>
    /// <param name="call">Identifies the compiled call: its index in <see cref="CompiledFormula.TimeCalls"/> of the formula being evaluated.</param>
    /// <param name="period">The period the call is evaluated at.</param>
    /// <param name="compute">Computes the value when it is not known yet, from <paramref name="environment"/> and this axis.</param>
    /// <param name="environment">The values the call reads, passed to <paramref name="compute"/> (so no closure is made per evaluation).</param>
    KpiValue Remember(int call, int period, Func<IFormulaEnvironment, ITimeAxis, KpiValue> compute, IFormulaEnvironment environment);
}

/// <summary>A time function call of a formula: the names its first argument reads, and whether it sums periods (not allowed over balances).</summary>
internal sealed record TimeCall(string Function, string Text, SourceSpan Span, IReadOnlyList<string> Names, bool SumsPeriods);

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

    /// <summary>The time function calls, in order of appearance.</summary>
    public IReadOnlyList<TimeCall> TimeCalls { get; init; } = [];

    /// <summary>True when the formula reads values of other periods: a time function or <c>Cohort(x)</c>.</summary>
    public bool ReadsOtherPeriods { get; init; }

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

    /// <summary>The condition as written, for translating it to another engine (SQL pushdown); null when made in code.</summary>
    public FormulaNode? Condition { get; init; }

    /// <summary>The parameters the condition reads as constants (names no column has).</summary>
    public IReadOnlyDictionary<string, double> Parameters { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>True when the row passes.</summary>
    public bool Matches(RowBuffer row) => _matches(row);
}
