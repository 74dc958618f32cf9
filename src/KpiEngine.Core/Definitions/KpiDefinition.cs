using KpiEngine.Diagnostics;

namespace KpiEngine.Definitions;

/// <summary>What a KPI's number measures; drives formatting and, later, benchmark bands.</summary>
public enum KpiUnit
{
    /// <summary>A plain number.</summary>
    Number,

    /// <summary>A count of things (orders, customers).</summary>
    Count,

    /// <summary>Money, in the client's currency.</summary>
    Currency,

    /// <summary>Percentage points: 12.5 means 12.5 %.</summary>
    Percent,

    /// <summary>A ratio: 0.125, or 3.2 (LTV:CAC).</summary>
    Ratio,

    /// <summary>A duration in days (date columns subtract to days).</summary>
    Duration,

    /// <summary>A score on a scale (NPS, CSAT).</summary>
    Score,
}

/// <summary>Which way is good.</summary>
public enum KpiDirection
{
    /// <summary>More is better (revenue, conversion).</summary>
    Higher,

    /// <summary>Less is better (churn, cost, delivery time).</summary>
    Lower,

    /// <summary>Neither; a value to watch (order count in a capacity plan).</summary>
    Neutral,
}

/// <summary>
/// Formula text as written in a YAML file, with where it stands so that an error at a
/// character offset inside the formula can be reported at the right file position.
/// </summary>
/// <param name="Text">The formula text.</param>
/// <param name="Span">The span of the whole YAML scalar.</param>
/// <param name="TextLine">The line of the first character of <paramref name="Text"/>.</param>
/// <param name="TextColumn">
/// The column of the first character of <paramref name="Text"/> (after an opening quote), or 0
/// when offsets cannot be mapped (block scalars, escapes that change length).
/// </param>
public sealed record FormulaSource(string Text, SourceSpan Span, int TextLine, int TextColumn)
{
    /// <summary>Makes a formula source for text that did not come from a file (tests, API users).</summary>
    public static FormulaSource FromText(string text, string origin = "<formula>") =>
        new(text, new SourceSpan(origin, 1, 1, 1, text.Length + 1), 1, 1);

    /// <summary>The file position of the character at a 0-based offset inside <see cref="Text"/>.</summary>
    public SourceSpan Locate(int offset, int length = 1)
    {
        if (TextColumn <= 0 || offset < 0 || offset > Text.Length)
        {
            return Span;
        }

        var column = TextColumn + offset;
        return new SourceSpan(Span.File, TextLine, column, TextLine, column + Math.Max(1, length));
    }
}

/// <summary>A KPI computed by a plugin metric rather than a formula.</summary>
/// <param name="Plugin">The plugin name.</param>
/// <param name="Metric">The metric name inside the plugin.</param>
/// <param name="Output">Which of the metric's outputs this KPI takes, when it has several; null for its main output.</param>
/// <param name="Parameters">Parameters passed to the metric, as written (invariant culture).</param>
/// <param name="Span">Where the reference is written.</param>
public sealed record PluginReference(
    string Plugin,
    string Metric,
    string? Output,
    IReadOnlyDictionary<string, string> Parameters,
    SourceSpan Span)
{
    /// <summary>Where each parameter's value is written; a parameter missing here is reported at <see cref="Span"/>.</summary>
    internal IReadOnlyDictionary<string, SourceSpan> ParameterSpans { get; init; } = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
}

/// <summary>
/// One KPI: what it is and how it is computed. Either <see cref="Formula"/> or
/// <see cref="Plugin"/> is set. When <see cref="Dataset"/> is set the formula may aggregate
/// that dataset's rows directly, like an input.
/// </summary>
public sealed record KpiDefinition(
    string Id,
    string Name,
    string? Category,
    KpiUnit Unit,
    KpiDirection Direction,
    string? Description,
    FormulaSource? Formula,
    string? Dataset,
    PluginReference? Plugin,
    SourceSpan Span)
{
    /// <summary>The file the definition came from (a catalog or a client file).</summary>
    public string SourceFile => Span.File;

    /// <summary>How the value changes with the period length (<c>scaling:</c>); decides how benchmarks convert between grains.</summary>
    public PeriodScaling Scaling { get; init; } = PeriodScaling.Unstated;

    /// <summary>The least data the value needs to be judged (<c>min_sample:</c>); null for the default (<see cref="SampleRule.Default"/>) unless its benchmark has one.</summary>
    public SampleRule? MinSample { get; init; }

    /// <summary>The KPI's <c>cohort:</c> block: when set, it is reported per cohort and age instead of per period.</summary>
    public CohortDefinition? Cohort { get; init; }
}

/// <summary>
/// A named value computed from one dataset per period, binding a catalog's generic name
/// (<c>visits</c>) to one client's data (<c>Sum([sessions])</c> over <c>traffic</c>).
/// </summary>
public sealed record InputDefinition(string Name, string Dataset, FormulaSource Formula, string? Description, SourceSpan Span)
{
    /// <summary>Whether the input is an amount per period (summable) or a level at a point in time.</summary>
    public InputKind Kind { get; init; } = InputKind.Flow;
}

/// <summary>How an input's values add up over time.</summary>
public enum InputKind
{
    /// <summary>An amount per period (revenue, orders): periods can be summed.</summary>
    Flow,

    /// <summary>A level at a point in time (subscribers, stock): never summed across periods.</summary>
    Balance,
}

/// <summary>A constant a formula can use by name (a gross margin, a target headcount).</summary>
public sealed record ParameterDefinition(string Name, double Value, SourceSpan Span);
