using System.Globalization;
using KpiEngine.Definitions;
using KpiEngine.Expressions;
using KpiEngine.Time;

namespace KpiEngine.Goals;

/// <summary>
/// The periods a goal is judged against, all taken from the data, never from the wall clock.
/// </summary>
/// <param name="DataFirst">The first period with data.</param>
/// <param name="Start">The first period reported (the baseline word <c>start</c>).</param>
/// <param name="AsOf">"Today": the last period reported, or the as-of period the run was given (<c>--as-of</c>).</param>
internal readonly record struct GoalClock(int DataFirst, int Start, int AsOf);

/// <summary>
/// The baseline and deadline periods a goal and its whole cascade are judged over, with the texts they were
/// written as (for reasons when they are not periods at this grain).
/// </summary>
/// <param name="Start">The baseline period; null when it cannot be resolved.</param>
/// <param name="End">The deadline period; null when it cannot be resolved.</param>
/// <param name="BaselineText">The baseline as written.</param>
/// <param name="DeadlineText">The deadline as written.</param>
/// <param name="NoStartReason">Why there is no baseline period, when <paramref name="Start"/> is null.</param>
internal readonly record struct GoalWindow(int? Start, int? End, string BaselineText, string DeadlineText, string NoStartReason);

/// <summary>
/// Judges goals on computed values: baseline, target, current, progress against the progress the
/// elapsed time asks for, a least-squares projection to the deadline, and a status that respects
/// the KPI's direction.
/// </summary>
internal sealed class GoalTracker(IReadOnlyList<KpiDefinition> kpis, PeriodCalendar calendar, GoalClock clock, Func<string, int, KpiValue> valueOf)
{
    /// <summary>Progress at or above this share of the expected progress is "at risk" rather than "off track".</summary>
    public const double AtRiskShare = 0.75;

    public IReadOnlyList<GoalResult> Track(IEnumerable<GoalDefinition> goals) => [.. goals.Select(Track)];

    public GoalResult Track(GoalDefinition goal)
    {
        ArgumentNullException.ThrowIfNull(goal);
        var baseline = BaselinePeriod(goal);
        var window = new GoalWindow(
            baseline,
            baseline is { } b ? DeadlinePeriod(goal, b) : null,
            goal.Baseline,
            goal.Deadline,
            goal.Baseline == GoalText.First
                ? $"{goal.Kpi} has no value up to {calendar.Label(clock.AsOf)}, so there is no first period"
                : $"'{goal.Baseline}' is not a period");
        var result = Judge(goal.Id, goal.Name, goal.Kpi, window, DeclaredTarget(goal.Change));
        return result with { Supporting = Cascade(goal.Supporting, result, window) };
    }

    /// <summary>
    /// The supporting KPIs below <paramref name="parent"/>, each judged by <see cref="Judge"/> over the goal's
    /// baseline and deadline. A declared change applies to the KPI's own baseline. Otherwise the target is
    /// proportional: the parent's required change relative to its baseline, r = (target − baseline) / |baseline|,
    /// turned into the same improvement of this KPI, target = baseline + r × s × |baseline|, where s = −1 when
    /// exactly one of the parent and this KPI is "lower is better" (neutral counts as higher), else +1.
    /// </summary>
    private List<SupportingKpiResult> Cascade(IReadOnlyList<SupportingGoal> entries, GoalResult parent, GoalWindow window)
    {
        var results = new List<SupportingKpiResult>();
        foreach (var entry in entries)
        {
            var kpi = kpis.FirstOrDefault(k => k.Id == entry.Kpi);
            var derivation = entry.Change is null ? TargetDerivation.Proportional : TargetDerivation.Declared;
            var targetOf = entry.Change is { } declared ? DeclaredTarget(declared) : ProportionalTarget(parent, kpi);
            var judged = Judge(entry.Kpi, kpi?.Name ?? entry.Kpi, entry.Kpi, window, targetOf);
            results.Add(new SupportingKpiResult(judged.Kpi, judged.KpiName, judged.Unit, judged.Baseline, judged.Current)
            {
                Target = judged.Target,
                Progress = judged.Progress,
                ExpectedProgress = judged.ExpectedProgress,
                Projection = judged.Projection,
                Status = judged.Status,
                Reason = judged.Reason,
                IsThreshold = judged.IsThreshold,
                Derivation = derivation,
                Supporting = Cascade(entry.Supporting, judged, window),
            });
        }

        return results;
    }

    /// <summary>The target a declared change gives from a baseline value; none for a change in percent of 0.</summary>
    private static Func<double, string, (double? Target, string? Reason)> DeclaredTarget(GoalChange change) =>
        (from, label) => change.Kind == GoalChangeKind.Relative && from == 0
            ? (null, $"the baseline {label} is 0, and a change in percent of 0 is no change")
            : (change.TargetFrom(from), null);

    private Func<double, string, (double? Target, string? Reason)> ProportionalTarget(GoalResult parent, KpiDefinition? kpi)
    {
        string? cannot = parent switch
        {
            { Target: null } or { Baseline.Value: null } => $"{parent.Kpi} has no target to derive a proportional one from; declare a change",
            { IsThreshold: true } => $"{parent.Kpi} holds a threshold rather than making a change, so there is nothing to scale; declare a change",
            { Baseline.Value: 0 } => $"the baseline of {parent.Kpi} is 0, so its change has no relative size to scale; declare a change",
            _ => null,
        };
        if (cannot is not null)
        {
            return (_, _) => (null, cannot);
        }

        var parentBaseline = parent.Baseline.Value!.Value;
        var rate = (parent.Target!.Value - parentBaseline) / Math.Abs(parentBaseline);
        var parentLower = kpis.FirstOrDefault(k => k.Id == parent.Kpi)?.Direction == KpiDirection.Lower;
        var lower = kpi?.Direction == KpiDirection.Lower;
        var sign = parentLower == lower ? 1 : -1;
        var percent = kpi?.Unit == KpiUnit.Percent;
        return (from, label) =>
        {
            if (from == 0)
            {
                return (null, $"the baseline {label} is 0, which cannot be scaled to a proportional target; declare a change");
            }

            // A percent between 0 and 100 is most often a share (on-time rate, quality, promoter share): scaled
            // past 100 % or below 0 it would be a target no period can reach, so there is none, with the reason.
            var target = from + (rate * sign * Math.Abs(from));
            return percent && from is >= 0 and <= 100 && target is < 0 or > 100
                ? (null, string.Create(CultureInfo.InvariantCulture, $"the proportional target {target:0.##} % lies outside 0-100 % (baseline {from:0.##} % in {label}); declare a change"))
                : (target, null);
        };
    }

    /// <summary>
    /// Judges one KPI over the window: baseline, target (from <paramref name="targetOf"/>, given the baseline value
    /// and label; a null target comes with the reason), current, progress, projection and status. Goals and every
    /// supporting KPI of a cascade are judged by this one method.
    /// </summary>
    private GoalResult Judge(string id, string name, string kpiId, GoalWindow window, Func<double, string, (double? Target, string? Reason)> targetOf)
    {
        var kpi = kpis.FirstOrDefault(k => k.Id == kpiId);
        var kpiName = kpi?.Name ?? kpiId;
        var unit = kpi?.Unit ?? KpiUnit.Number;
        var deadlineLabel = window.End is { } dl ? calendar.Label(dl) : window.DeadlineText;
        GoalResult Unknown(GoalPoint baselinePoint, string reason, double? target = null, GoalPoint? current = null) =>
            new(id, name, kpiId, kpiName, unit, baselinePoint, target, current ?? new GoalPoint(baselinePoint.Period, null), deadlineLabel, null, null, null, GoalStatus.Unknown, reason, []);

        if (kpi is null)
        {
            return Unknown(new GoalPoint(window.BaselineText, null), $"KPI '{kpiId}' is not defined");
        }

        if (window.Start is not { } start)
        {
            return Unknown(new GoalPoint(window.BaselineText, null), window.NoStartReason);
        }

        var baselineValue = valueOf(kpiId, start);
        var baselinePoint = new GoalPoint(calendar.Label(start), baselineValue.AsNullable());
        if (window.End is not { } end)
        {
            return Unknown(baselinePoint, $"'{window.DeadlineText}' is not a period");
        }

        if (end <= start)
        {
            return Unknown(baselinePoint, $"the deadline {deadlineLabel} is not after the baseline {baselinePoint.Period} at this grain");
        }

        if (!baselineValue.IsDefined)
        {
            return Unknown(baselinePoint, $"the baseline {baselinePoint.Period} is undefined: {baselineValue.Reason}");
        }

        var from = baselineValue.Number;
        var (targetOrNull, noTarget) = targetOf(from, baselinePoint.Period);
        if (targetOrNull is not { } target)
        {
            return Unknown(baselinePoint, noTarget ?? "there is no target");
        }

        if (clock.AsOf < start)
        {
            return Unknown(baselinePoint, $"the goal starts at {baselinePoint.Period}, after the last period with data ({calendar.Label(clock.AsOf)})", target);
        }

        // The latest value up to today and the deadline; the baseline itself when nothing later is defined.
        var now = Math.Min(clock.AsOf, end);
        var currentPeriod = start;
        for (var period = now; period > start; period--)
        {
            if (valueOf(kpiId, period).IsDefined)
            {
                currentPeriod = period;
                break;
            }
        }

        var current = valueOf(kpiId, currentPeriod).Number;
        var currentPoint = new GoalPoint(calendar.Label(currentPeriod), current);
        var total = end - start;
        var expected = 100.0 * (currentPeriod - start) / total;
        var projection = Projection(kpiId, start, currentPeriod, total);
        var better = kpi.Direction switch
        {
            KpiDirection.Higher => 1,
            KpiDirection.Lower => -1,
            _ => target >= from ? 1 : -1,
        };
        var deadlineReached = clock.AsOf >= end;
        var targetText = Number(target);
        var atLeast = better > 0 ? "at or above" : "at or below";
        if (better * (target - from) <= 0)
        {
            // The target is already met at the baseline: a floor or ceiling to hold, not a change to make.
            var holds = better * (current - target) >= 0;
            // Holding now is not enough when the trend crosses the line before the deadline.
            var trendCrosses = projection is { } projected && better * (projected - target) < 0;
            var (status, reason) = holds
                ? deadlineReached
                    ? (GoalStatus.Achieved, $"held {atLeast} {targetText} up to the deadline")
                    : trendCrosses
                        ? (GoalStatus.AtRisk, $"holding {atLeast} {targetText} now, but the trend gives {Number(projection!.Value)} by {deadlineLabel}")
                        : (GoalStatus.OnTrack, $"holding {atLeast} {targetText}")
                : (GoalStatus.OffTrack, $"{Number(current)} in {currentPoint.Period} is no longer {atLeast} {targetText}");
            return new GoalResult(id, name, kpiId, kpi.Name, kpi.Unit, baselinePoint, target, currentPoint, deadlineLabel, null, expected, projection, status, reason, []) { IsThreshold = true };
        }

        var progress = 100.0 * (current - from) / (target - from);
        var reaches = projection is { } p && better * (p - target) >= 0;
        (GoalStatus Status, string Reason) judged =
            better * (current - target) >= 0 ? (GoalStatus.Achieved, $"{Number(current)} in {currentPoint.Period} has reached the target {targetText}")
            : deadlineReached ? (GoalStatus.OffTrack, $"the deadline {deadlineLabel} has come without reaching {targetText}")
            : reaches ? (GoalStatus.OnTrack, $"the trend reaches {Number(projection!.Value)} by {deadlineLabel}")
            : progress >= expected ? (GoalStatus.OnTrack, $"{Percent(progress)} done, {Percent(expected)} of the time gone")
            : progress >= AtRiskShare * expected ? (GoalStatus.AtRisk, $"{Percent(progress)} done, {Percent(expected)} of the time gone")
            : (GoalStatus.OffTrack, $"{Percent(progress)} done, {Percent(expected)} of the time gone" + (projection is { } q ? $"; the trend gives {Number(q)} by {deadlineLabel}" : string.Empty));
        return new GoalResult(id, name, kpiId, kpi.Name, kpi.Unit, baselinePoint, target, currentPoint, deadlineLabel, progress, expected, projection, judged.Status, judged.Reason, []);
    }

    /// <summary>
    /// The value at the deadline (<paramref name="total"/> periods after the baseline) of the least-squares
    /// line through the defined values from the baseline to the current period, with t = periods since the
    /// baseline: slope = Σ(t − t̄)(v − v̄) / Σ(t − t̄)², value(t) = v̄ + slope × (t − t̄).
    /// </summary>
    internal double? Projection(string kpi, int start, int current, int total)
    {
        var points = new List<(double T, double V)>();
        for (var period = start; period <= current; period++)
        {
            if (valueOf(kpi, period) is { IsDefined: true } value)
            {
                points.Add((period - start, value.Number));
            }
        }

        if (points.Count < 2)
        {
            return null;
        }

        var meanT = points.Average(p => p.T);
        var meanV = points.Average(p => p.V);
        var slope = points.Sum(p => (p.T - meanT) * (p.V - meanV)) / points.Sum(p => (p.T - meanT) * (p.T - meanT));
        return meanV + (slope * (total - meanT));
    }

    private int? BaselinePeriod(GoalDefinition goal)
    {
        switch (goal.Baseline)
        {
            case GoalText.Start:
                return clock.Start;
            case GoalText.First:
                for (var period = clock.DataFirst; period <= clock.AsOf; period++)
                {
                    if (valueOf(goal.Kpi, period).IsDefined)
                    {
                        return period;
                    }
                }

                return null;
            default:
                return calendar.TryParse(goal.Baseline, end: false, out var ordinal) ? ordinal : null;
        }
    }

    private int? DeadlinePeriod(GoalDefinition goal, int baseline)
    {
        if (GoalText.RelativeMonths(goal.Deadline) is { } months)
        {
            return calendar.OrdinalOf(calendar.Start(baseline).AddMonths(months));
        }

        return calendar.TryParse(goal.Deadline, end: true, out var ordinal) ? ordinal : null;
    }

    private static string Number(double value) => Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture);

    private static string Percent(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
