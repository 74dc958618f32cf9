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
        var kpi = kpis.FirstOrDefault(k => k.Id == goal.Kpi);
        var kpiName = kpi?.Name ?? goal.Kpi;
        var unit = kpi?.Unit ?? KpiUnit.Number;
        var baseline = BaselinePeriod(goal);
        var deadline = baseline is { } b ? DeadlinePeriod(goal, b) : null;
        var deadlineLabel = deadline is { } dl ? calendar.Label(dl) : goal.Deadline;
        GoalResult Unknown(GoalPoint baselinePoint, string reason, double? target = null, GoalPoint? current = null) =>
            new(goal.Id, goal.Name, goal.Kpi, kpiName, unit, baselinePoint, target, current ?? new GoalPoint(baselinePoint.Period, null), deadlineLabel, null, null, null, GoalStatus.Unknown, reason, Supporting(goal, baseline, null));

        if (kpi is null)
        {
            return Unknown(new GoalPoint(goal.Baseline, null), $"KPI '{goal.Kpi}' is not defined");
        }

        if (baseline is not { } start)
        {
            return Unknown(new GoalPoint(goal.Baseline, null), goal.Baseline == GoalText.First
                ? $"{goal.Kpi} has no value up to {calendar.Label(clock.AsOf)}, so there is no first period"
                : $"'{goal.Baseline}' is not a period");
        }

        var baselineValue = valueOf(goal.Kpi, start);
        var baselinePoint = new GoalPoint(calendar.Label(start), baselineValue.AsNullable());
        if (deadline is not { } end)
        {
            return Unknown(baselinePoint, $"'{goal.Deadline}' is not a period");
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
        if (goal.Change.Kind == GoalChangeKind.Relative && from == 0)
        {
            return Unknown(baselinePoint, $"the baseline {baselinePoint.Period} is 0, and a change in percent of 0 is no change");
        }

        var target = goal.Change.TargetFrom(from);
        if (clock.AsOf < start)
        {
            return Unknown(baselinePoint, $"the goal starts at {baselinePoint.Period}, after the last period with data ({calendar.Label(clock.AsOf)})", target);
        }

        // The latest value up to today and the deadline; the baseline itself when nothing later is defined.
        var now = Math.Min(clock.AsOf, end);
        var currentPeriod = start;
        for (var period = now; period > start; period--)
        {
            if (valueOf(goal.Kpi, period).IsDefined)
            {
                currentPeriod = period;
                break;
            }
        }

        var current = valueOf(goal.Kpi, currentPeriod).Number;
        var currentPoint = new GoalPoint(calendar.Label(currentPeriod), current);
        var total = end - start;
        var expected = 100.0 * (currentPeriod - start) / total;
        var projection = Projection(goal.Kpi, start, currentPeriod, total);
        var better = kpi.Direction switch
        {
            KpiDirection.Higher => 1,
            KpiDirection.Lower => -1,
            _ => target >= from ? 1 : -1,
        };
        var deadlineReached = clock.AsOf >= end;
        var targetText = Number(target);
        var atLeast = better > 0 ? "at or above" : "at or below";
        var supporting = Supporting(goal, start, currentPeriod);
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
            return new GoalResult(goal.Id, goal.Name, goal.Kpi, kpi.Name, kpi.Unit, baselinePoint, target, currentPoint, deadlineLabel, null, expected, projection, status, reason, supporting) { IsThreshold = true };
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
        return new GoalResult(goal.Id, goal.Name, goal.Kpi, kpi.Name, kpi.Unit, baselinePoint, target, currentPoint, deadlineLabel, progress, expected, projection, judged.Status, judged.Reason, supporting);
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

    private List<SupportingKpiResult> Supporting(GoalDefinition goal, int? baseline, int? current) =>
        [.. goal.Supporting.Select(id =>
        {
            var kpi = kpis.FirstOrDefault(k => k.Id == id);
            return new SupportingKpiResult(id, kpi?.Name ?? id, kpi?.Unit ?? KpiUnit.Number, Point(id, baseline), Point(id, current));
        })];

    private GoalPoint Point(string kpi, int? period) =>
        period is { } p ? new GoalPoint(calendar.Label(p), valueOf(kpi, p).AsNullable()) : new GoalPoint(string.Empty, null);

    private static string Number(double value) => Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture);

    private static string Percent(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
