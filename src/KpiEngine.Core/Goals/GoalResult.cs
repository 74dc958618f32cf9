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

/// <summary>A supporting KPI shown with its goal: its value at the goal's baseline and now.</summary>
public sealed record SupportingKpiResult(string Kpi, string Name, KpiUnit Unit, GoalPoint Baseline, GoalPoint Current);

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
