using KpiEngine.Definitions;
using KpiEngine.Goals;

namespace KpiEngine.Reporting;

/// <summary>
/// One node of a goal's cascade as the reports draw it: the goal itself at the root (depth 0, no derivation), each
/// supporting KPI below its parent with its derived target. A goal and a supporting KPI are judged by one method in
/// <see cref="GoalTracker"/>; this one shape lets every report format draw both the same way.
/// </summary>
/// <param name="Kpi">The KPI id.</param>
/// <param name="Name">The KPI's display name (the goal's name at the root).</param>
/// <param name="Unit">The KPI's unit.</param>
/// <param name="Derivation">Where the target comes from; null at the root (the goal's own change).</param>
/// <param name="Depth">0 for the goal, 1 for its supporting KPIs, 2 for theirs, …</param>
/// <param name="Parent">The KPI id of the node above; null at the root.</param>
/// <param name="Baseline">The value at the goal's baseline period.</param>
/// <param name="Target">The target; null when there is none (the reason says why).</param>
/// <param name="Current">The latest value up to the as-of period and the deadline.</param>
/// <param name="Progress">Done, in percent of the way from baseline to target; null for a threshold or without a target.</param>
/// <param name="ExpectedProgress">The share of the time from baseline to deadline gone, in percent.</param>
/// <param name="Projection">The least-squares trend's value at the deadline.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Reason">Why the status is what it is.</param>
/// <param name="IsThreshold">True when the target is a level to hold rather than a change to make.</param>
/// <param name="Children">The KPIs it cascades to, in file order.</param>
internal sealed record GoalNode(
    string Kpi,
    string Name,
    KpiUnit Unit,
    TargetDerivation? Derivation,
    int Depth,
    string? Parent,
    GoalPoint Baseline,
    double? Target,
    GoalPoint Current,
    double? Progress,
    double? ExpectedProgress,
    double? Projection,
    GoalStatus Status,
    string? Reason,
    bool IsThreshold,
    IReadOnlyList<GoalNode> Children)
{
    /// <summary>The goal as the root of its tree.</summary>
    public static GoalNode Of(GoalResult goal)
    {
        ArgumentNullException.ThrowIfNull(goal);
        return new GoalNode(
            goal.Kpi, goal.Name, goal.Unit, null, 0, null, goal.Baseline, goal.Target, goal.Current, goal.Progress, goal.ExpectedProgress, goal.Projection,
            goal.Status, goal.Reason, goal.IsThreshold, Below(goal.Supporting, 1, goal.Kpi));
    }

    /// <summary>The node and every node below it, depth first, in file order: the rows of a table.</summary>
    public IEnumerable<GoalNode> SelfAndDescendants()
    {
        yield return this;
        foreach (var node in Children.SelectMany(child => child.SelfAndDescendants()))
        {
            yield return node;
        }
    }

    /// <summary>How the target was set, in words: <c>goal</c>, <c>declared</c> or <c>proportional</c>.</summary>
    public string TargetKind => Derivation switch
    {
        TargetDerivation.Declared => "declared",
        TargetDerivation.Proportional => "proportional",
        _ => "goal",
    };

    private static List<GoalNode> Below(IReadOnlyList<SupportingKpiResult> entries, int depth, string parent) =>
    [
        .. entries.Select(s => new GoalNode(
            s.Kpi, s.Name, s.Unit, s.Derivation, depth, parent, s.Baseline, s.Target, s.Current, s.Progress, s.ExpectedProgress, s.Projection,
            s.Status, s.Reason, s.IsThreshold, Below(s.Supporting, depth + 1, s.Kpi))),
    ];
}
