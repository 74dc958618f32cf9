using KpiEngine.Definitions;
using KpiEngine.Diagnostics;

namespace KpiEngine.Evaluation;

/// <summary>What one name in a formula stands for.</summary>
/// <param name="Name">The name as written in brackets.</param>
/// <param name="Kind"><c>kpi</c>, <c>input</c>, <c>parameter</c>, or <c>unknown</c>.</param>
/// <param name="Detail">Its formula and dataset, or its value.</param>
/// <param name="Span">Where it is defined.</param>
public sealed record ExplainedName(string Name, string Kind, string Detail, SourceSpan? Span);

/// <summary>How a KPI (or input) is computed: its definition, what every name in its formula means, what it depends on and what uses it.</summary>
/// <param name="Id">The KPI or input id.</param>
/// <param name="Kind"><c>kpi</c> or <c>input</c>.</param>
/// <param name="Name">The display name.</param>
/// <param name="Definition">The KPI definition, for KPIs.</param>
/// <param name="Formula">The formula text, if any.</param>
/// <param name="Dataset">The dataset its aggregates read, if any.</param>
/// <param name="Aggregates">The aggregates of the formula, as canonical text.</param>
/// <param name="Span">Where it is defined.</param>
/// <param name="Names">What each name outside aggregates refers to.</param>
/// <param name="DependsOn">Everything it needs, directly or not, in evaluation order.</param>
/// <param name="UsedBy">KPIs and inputs that read it directly.</param>
/// <param name="Diagnostics">Problems found while preparing the client.</param>
public sealed record KpiExplanation(
    string Id,
    string Kind,
    string Name,
    KpiDefinition? Definition,
    string? Formula,
    string? Dataset,
    IReadOnlyList<string> Aggregates,
    SourceSpan Span,
    IReadOnlyList<ExplainedName> Names,
    IReadOnlyList<string> DependsOn,
    IReadOnlyList<string> UsedBy,
    IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>The KPI's benchmark (from the client's profile or its own <c>benchmarks:</c>); null when it has none.</summary>
    public Definitions.Benchmark? Benchmark { get; init; }

    /// <summary>The minimum sample its status needs (the benchmark's, the KPI's or <see cref="Definitions.SampleRule.Default"/>); null without a benchmark.</summary>
    public Definitions.SampleRule? MinSample { get; init; }

    /// <summary>
    /// For each database dataset the KPI reads (its own and its inputs'): whether a run at the options'
    /// grain would push its aggregates down to PostgreSQL (with the SQL) or stream its rows, and why.
    /// </summary>
    public IReadOnlyList<DatasetAccess> Access { get; init; } = [];

    /// <summary>The client's scorecard, to show the KPI's weight in it; null without one.</summary>
    public Definitions.ScorecardDefinition? Scorecard { get; init; }
}
