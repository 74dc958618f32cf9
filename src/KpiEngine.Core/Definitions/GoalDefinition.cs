using KpiEngine.Diagnostics;

namespace KpiEngine.Definitions;

/// <summary>How a goal's target is derived from its baseline.</summary>
public enum GoalChangeKind
{
    /// <summary>A percentage of the baseline: target = baseline × (1 + amount / 100); <c>-50</c> halves it.</summary>
    Relative,

    /// <summary>An absolute change: target = baseline + amount.</summary>
    Delta,

    /// <summary>An absolute value to reach: target = amount.</summary>
    Target,
}

/// <summary>What a goal changes: <c>{ relative: 20 }</c>, <c>{ delta: -100 }</c> or <c>{ target: 1.5 }</c>.</summary>
/// <param name="Kind">How <paramref name="Amount"/> is read.</param>
/// <param name="Amount">The percentage, the absolute change or the target value.</param>
public sealed record GoalChange(GoalChangeKind Kind, double Amount)
{
    /// <summary>The target for a baseline value.</summary>
    public double TargetFrom(double baseline) => Kind switch
    {
        GoalChangeKind.Relative => baseline * (1 + (Amount / 100)),
        GoalChangeKind.Delta => baseline + Amount,
        _ => Amount,
    };
}

/// <summary>
/// One SMART goal of a client, resolved: written inline or instantiated from a <see cref="GoalTemplate"/>.
/// </summary>
/// <param name="Id">The goal's id, unique in the client.</param>
/// <param name="Name">The display name, placeholders filled in.</param>
/// <param name="Kpi">The KPI the goal is about.</param>
/// <param name="Change">How the target follows from the baseline.</param>
/// <param name="Baseline">The baseline period: a period label (<c>2025-12</c>), <c>first</c> (the KPI's first period with a value) or <c>start</c> (the first period reported).</param>
/// <param name="Deadline">The deadline: a period label, or <c>+N months</c> after the baseline.</param>
/// <param name="Supporting">The KPIs the goal cascades to, each with its own target, possibly with their own supporting KPIs.</param>
/// <param name="Template">The template it was made from; null for an inline goal.</param>
/// <param name="Span">Where the goal is written in the client file.</param>
public sealed record GoalDefinition(
    string Id,
    string Name,
    string Kpi,
    GoalChange Change,
    string Baseline,
    string Deadline,
    IReadOnlyList<SupportingGoal> Supporting,
    string? Template,
    SourceSpan Span)
{
    /// <summary>The goal's KPI and every KPI of its cascade, at any depth: the KPIs the goal needs values of.</summary>
    public IEnumerable<string> KpiIds => Supporting.SelectMany(s => s.KpiIds).Prepend(Kpi);
}

/// <summary>
/// A KPI a goal cascades to (an entry of <c>supporting:</c>). It gets its own target over the goal's baseline and
/// deadline: from its declared <paramref name="Change"/>, or, when none is declared, proportional to the change
/// its parent (the goal or the entry above) has to make.
/// </summary>
/// <param name="Kpi">The supporting KPI's id.</param>
/// <param name="Change">The declared change (<c>change: { relative: 25 }</c>, delta or target); null for a proportional target.</param>
/// <param name="Supporting">The KPIs this one cascades to in turn.</param>
/// <param name="Span">Where the entry is written.</param>
public sealed record SupportingGoal(string Kpi, GoalChange? Change, IReadOnlyList<SupportingGoal> Supporting, SourceSpan Span)
{
    /// <summary>This KPI and every KPI below it.</summary>
    public IEnumerable<string> KpiIds => Supporting.SelectMany(s => s.KpiIds).Prepend(Kpi);
}

/// <summary>
/// A parameterised goal from <c>kpi-definitions/goals/*.yaml</c>. Its texts may hold <c>{name}</c>
/// placeholders that a client's goal fills in (<c>kpi: mrr, percent: 20</c>).
/// </summary>
/// <param name="Id">The template id clients refer to.</param>
/// <param name="Name">The name pattern, e.g. <c>Grow {kpi} by {percent}% by {deadline}</c>.</param>
/// <param name="Kpi">The KPI id or a placeholder.</param>
/// <param name="ChangeKind">The kind of change.</param>
/// <param name="ChangeAmount">The change amount text, a number or a placeholder.</param>
/// <param name="Baseline">The baseline text (label, <c>first</c>, <c>start</c>) or a placeholder.</param>
/// <param name="Deadline">The deadline text (label, <c>+N months</c>) or a placeholder.</param>
/// <param name="Supporting">Supporting KPI ids (each may be a placeholder).</param>
/// <param name="Description">What the template is for.</param>
/// <param name="Span">Where the template is defined.</param>
public sealed record GoalTemplate(
    string Id,
    string Name,
    string Kpi,
    GoalChangeKind ChangeKind,
    string ChangeAmount,
    string Baseline,
    string Deadline,
    IReadOnlyList<string> Supporting,
    string? Description,
    SourceSpan Span)
{
    /// <summary>The placeholders its texts use, in first-use order: the parameters a goal must give.</summary>
    public IReadOnlyList<string> Parameters =>
        [.. new[] { Name, Kpi, ChangeAmount, Baseline, Deadline }.Concat(Supporting).SelectMany(GoalText.Placeholders).Distinct(StringComparer.Ordinal)];
}
