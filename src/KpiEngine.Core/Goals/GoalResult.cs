using KpiEngine.Definitions;

namespace KpiEngine.Goals;

/// <summary>Where a goal stands.</summary>
public enum GoalStatus
{
    /// <summary>The current value has reached the target (or a threshold held up to the deadline).</summary>
    Achieved,

    /// <summary>The trend reaches the target by the deadline, or progress is at least what the elapsed time asks for.</summary>
    OnTrack,

    /// <summary>Behind, but with at least 75 % of the expected progress.</summary>
    AtRisk,

    /// <summary>Further behind, past the deadline without reaching the target, or a threshold crossed.</summary>
    OffTrack,

    /// <summary>Cannot be judged: the reason says why (an undefined baseline, a goal that has not started).</summary>
    Unknown,
}

/// <summary>A KPI's value in one period; <see cref="Value"/> null when undefined.</summary>
public sealed record GoalPoint(string Period, double? Value);

/// <summary>Where a supporting KPI's target comes from.</summary>
public enum TargetDerivation
{
    /// <summary>Proportional to the change its parent has to make (no change declared).</summary>
    Proportional,

    /// <summary>Its own declared change (<c>change: { relative: 25 }</c>, delta or target).</summary>
    Declared,
}

/// <summary>
/// A supporting KPI of a goal: its value at the goal's baseline and now, and its own target over the goal's
/// baseline and deadline, judged like a goal (progress, projection, status), with its own supporting KPIs.
/// </summary>
/// <param name="Kpi">The KPI id.</param>
/// <param name="Name">The KPI's display name.</param>
/// <param name="Unit">The KPI's unit.</param>
/// <param name="Baseline">Its value at the goal's baseline period.</param>
/// <param name="Current">Its last value up to the as-of period (and the deadline).</param>
public sealed record SupportingKpiResult(string Kpi, string Name, KpiUnit Unit, GoalPoint Baseline, GoalPoint Current)
{
    /// <summary>The derived target; null when there is none (the reason says why).</summary>
    public double? Target { get; init; }

    /// <summary>Progress towards the target, as for a goal; null for a threshold or when undefined.</summary>
    public double? Progress { get; init; }

    /// <summary>Elapsed periods / total periods × 100 at its current period.</summary>
    public double? ExpectedProgress { get; init; }

    /// <summary>The least-squares value at the deadline, as for a goal.</summary>
    public double? Projection { get; init; }

    /// <summary>Where it stands, judged like a goal.</summary>
    public GoalStatus Status { get; init; } = GoalStatus.Unknown;

    /// <summary>Why the status is what it is.</summary>
    public string? Reason { get; init; }

    /// <summary>True when its target is already met at the baseline (a line to hold).</summary>
    public bool IsThreshold { get; init; }

    /// <summary>Whether the target was declared or derived from the parent's change.</summary>
    public TargetDerivation Derivation { get; init; }

    /// <summary>The KPIs it cascades to in turn.</summary>
    public IReadOnlyList<SupportingKpiResult> Supporting { get; init; } = [];
}

/// <summary>How one goal stands on the data.</summary>
/// <param name="Id">The goal's id.</param>
/// <param name="Name">The goal's display name.</param>
/// <param name="Kpi">The KPI id.</param>
/// <param name="KpiName">The KPI's display name.</param>
/// <param name="Unit">The KPI's unit.</param>
/// <param name="Baseline">The baseline period and value.</param>
/// <param name="Target">The target value; null when the baseline is undefined.</param>
/// <param name="Current">The last period up to the as-of period (and the deadline) with a value, and that value.</param>
/// <param name="Deadline">The deadline period.</param>
/// <param name="Progress">(current − baseline) / (target − baseline) × 100; null for a threshold or when undefined.</param>
/// <param name="ExpectedProgress">Elapsed periods / total periods × 100 at the current period.</param>
/// <param name="Projection">The value at the deadline by a least-squares line through baseline .. current; null with fewer than two values.</param>
/// <param name="Status">Where the goal stands.</param>
/// <param name="Reason">Why the status is what it is, in words.</param>
/// <param name="Supporting">The supporting KPIs.</param>
public sealed record GoalResult(
    string Id,
    string Name,
    string Kpi,
    string KpiName,
    KpiUnit Unit,
    GoalPoint Baseline,
    double? Target,
    GoalPoint Current,
    string Deadline,
    double? Progress,
    double? ExpectedProgress,
    double? Projection,
    GoalStatus Status,
    string? Reason,
    IReadOnlyList<SupportingKpiResult> Supporting)
{
    /// <summary>True when the target is a floor or ceiling to hold (already met at the baseline) rather than a change to make.</summary>
    public bool IsThreshold { get; init; }
}
