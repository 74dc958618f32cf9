using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;
using KpiEngine.Expressions;
using KpiEngine.Goals;
using KpiEngine.Time;

namespace KpiEngine.Tests.Goals;

public partial class GoalTrackerTests
{
    private static readonly PeriodCalendar Months = new(Grain.Month);
    private static readonly SourceSpan Nowhere = SourceSpan.At("test.yaml", 1, 1);

    private static readonly KpiDefinition[] Kpis =
    [
        new("revenue", "Revenue", null, KpiUnit.Currency, KpiDirection.Higher, null, null, null, null, Nowhere),
        new("calls", "Support calls", null, KpiUnit.Count, KpiDirection.Lower, null, null, null, null, Nowhere),
        new("orders", "Orders", null, KpiUnit.Count, KpiDirection.Higher, null, null, null, null, Nowhere),
        new("returns", "Returns", null, KpiUnit.Count, KpiDirection.Lower, null, null, null, null, Nowhere),
        new("on_time", "On-time rate", null, KpiUnit.Percent, KpiDirection.Higher, null, null, null, null, Nowhere),
        new("growth", "Revenue growth", null, KpiUnit.Percent, KpiDirection.Higher, null, null, null, null, Nowhere),
    ];

    [Fact]
    public void Track_GrowingAheadOfTime_IsOnTrackWithLeastSquaresProjection()
    {
        // Baseline 2025-12 = 100, +20 % -> target 120, deadline 2026-12 (12 months). Current 2026-03 = 110:
        // progress (110 - 100) / (120 - 100) = 50 %, expected 3 / 12 = 25 %.
        // Least squares over t = 0..3, v = 100, 104, 106, 110: t̄ = 1.5, v̄ = 105,
        // Σ(t - t̄)(v - v̄) = 7.5 + 0.5 + 0.5 + 7.5 = 16, Σ(t - t̄)² = 5, slope 3.2, value at t = 12: 105 + 3.2 × 10.5 = 138.6.
        var result = Track(Goal("revenue", GoalChangeKind.Relative, 20), "2026-03", ("revenue", "2025-12", 100), ("revenue", "2026-01", 104), ("revenue", "2026-02", 106), ("revenue", "2026-03", 110));

        Assert.Equal((100, 120, 110), (result.Baseline.Value, result.Target, result.Current.Value));
        Assert.Equal("2026-03", result.Current.Period);
        Assert.Equal(50, result.Progress!.Value, 9);
        Assert.Equal(25, result.ExpectedProgress!.Value, 9);
        Assert.Equal(138.6, result.Projection!.Value, 9);
        Assert.Equal(GoalStatus.OnTrack, result.Status);
    }

    [Fact]
    public void Track_BehindButAboveThreeQuartersOfExpected_IsAtRisk()
    {
        // Target 120; current 2026-06 = 108: progress 40 %, expected 6 / 12 = 50 %, 40 >= 0.75 × 50 = 37.5.
        // The line through (0, 100) and (6, 108) gives 100 + 8 / 6 × 12 = 116 < 120 at the deadline.
        var result = Track(Goal("revenue", GoalChangeKind.Relative, 20), "2026-06", ("revenue", "2025-12", 100), ("revenue", "2026-06", 108));

        Assert.Equal(116, result.Projection!.Value, 9);
        Assert.Equal(GoalStatus.AtRisk, result.Status);
    }

    [Fact]
    public void Track_FarBehind_IsOffTrack()
    {
        // Current 2026-06 = 104: progress 20 % < 37.5 %; the trend gives 100 + 4 / 6 × 12 = 108.
        var result = Track(Goal("revenue", GoalChangeKind.Relative, 20), "2026-06", ("revenue", "2025-12", 100), ("revenue", "2026-06", 104));

        Assert.Equal(20, result.Progress!.Value, 9);
        Assert.Equal(108, result.Projection!.Value, 9);
        Assert.Equal(GoalStatus.OffTrack, result.Status);
    }

    [Fact]
    public void Track_TargetReached_IsAchievedBeforeTheDeadline()
    {
        var result = Track(Goal("revenue", GoalChangeKind.Target, 120), "2026-02", ("revenue", "2025-12", 100), ("revenue", "2026-02", 121));

        // Progress (121 - 100) / (120 - 100) = 105 %.
        Assert.Equal(105, result.Progress!.Value, 9);
        Assert.Equal(GoalStatus.Achieved, result.Status);
    }

    [Fact]
    public void Track_DeadlinePassedShortOfTarget_IsOffTrack()
    {
        // Today 2027-03 is after the deadline 2026-12, so current is the deadline's value, 119 < 120.
        var result = Track(Goal("revenue", GoalChangeKind.Delta, 20), "2027-03", ("revenue", "2025-12", 100), ("revenue", "2026-12", 119), ("revenue", "2027-03", 150));

        Assert.Equal(("2026-12", 119.0), (result.Current.Period, result.Current.Value));
        Assert.Equal(GoalStatus.OffTrack, result.Status);
        Assert.Contains("deadline 2026-12 has come", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Track_HalveLowerIsBetterKpi_ReductionCountsAsProgress()
    {
        // Halve support calls in 6 months: 200 -> target 100 by 2026-06. 2026-03 = 140: progress (140 - 200) / (100 - 200) = 60 %,
        // expected 3 / 6 = 50 %; the line through (0, 200) and (3, 140) reaches 200 - 20 × 6 = 80 <= 100.
        var result = Track(Goal("calls", GoalChangeKind.Relative, -50, deadline: "+6 months"), "2026-03", ("calls", "2025-12", 200), ("calls", "2026-03", 140));

        Assert.Equal(("2026-06", 100.0), (result.Deadline, result.Target));
        Assert.Equal(60, result.Progress!.Value, 9);
        Assert.Equal(80, result.Projection!.Value, 9);
        Assert.Equal(GoalStatus.OnTrack, result.Status);
    }

    [Fact]
    public void Track_LowerIsBetterKpiGoingUp_IsOffTrack()
    {
        // 200 -> 210 after 3 of 6 months: progress (210 - 200) / (100 - 200) = -10 %.
        var result = Track(Goal("calls", GoalChangeKind.Relative, -50, deadline: "+6 months"), "2026-03", ("calls", "2025-12", 200), ("calls", "2026-03", 210));

        Assert.Equal(-10, result.Progress!.Value, 9);
        Assert.Equal(GoalStatus.OffTrack, result.Status);
    }

    [Fact]
    public void Track_CeilingOnLowerIsBetterKpi_IsAThresholdHeldOrCrossed()
    {
        // Held: 200 -> 210 in three months, a trend of 200 + 10/3 × 12 = 240 by 2026-12, under 250.
        var held = Track(Goal("calls", GoalChangeKind.Target, 250), "2026-03", ("calls", "2025-12", 200), ("calls", "2026-03", 210));
        var crossed = Track(Goal("calls", GoalChangeKind.Target, 250), "2026-03", ("calls", "2025-12", 200), ("calls", "2026-03", 260));

        Assert.True(held.IsThreshold);
        Assert.Null(held.Progress);
        Assert.Equal(240, held.Projection!.Value, 9);
        Assert.Equal(GoalStatus.OnTrack, held.Status);
        Assert.Equal(GoalStatus.OffTrack, crossed.Status);
    }

    [Fact]
    public void Track_ThresholdHeldButTrendCrossesItByTheDeadline_IsAtRisk()
    {
        // 200 -> 240 in three months is under the ceiling of 250 now, but the least-squares line through
        // (0, 200) and (3, 240) has slope 40/3 and reaches 200 + 40/3 × 12 = 360 by 2026-12.
        var result = Track(Goal("calls", GoalChangeKind.Target, 250), "2026-03", ("calls", "2025-12", 200), ("calls", "2026-03", 240));

        Assert.True(result.IsThreshold);
        Assert.Equal(360, result.Projection!.Value, 9);
        Assert.Equal(GoalStatus.AtRisk, result.Status);
        Assert.Contains("the trend gives 360 by 2026-12", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Track_UndefinedBaseline_IsUnknownWithTheReason()
    {
        var result = Track(Goal("revenue", GoalChangeKind.Relative, 20), "2026-03", ("revenue", "2026-03", 110));

        Assert.Equal(GoalStatus.Unknown, result.Status);
        Assert.Null(result.Baseline.Value);
        Assert.Equal("the baseline 2025-12 is undefined: no data for 2025-12", result.Reason);
    }

    [Fact]
    public void Track_BaselineFirst_IsTheKpisFirstPeriodWithAValue()
    {
        // No value in 2025-11; first value 2026-01 = 50, +100 % -> 100 by 2026-05; 2026-03 = 75 is 50 % at 2 / 4 = 50 % of the time.
        var goal = Goal("revenue", GoalChangeKind.Relative, 100) with { Baseline = GoalText.First, Deadline = "2026-05" };
        var result = Track(goal, "2026-03", ("revenue", "2026-01", 50), ("revenue", "2026-03", 75));

        Assert.Equal(("2026-01", 50.0), (result.Baseline.Period, result.Baseline.Value));
        Assert.Equal((50, 50), (result.Progress!.Value, result.ExpectedProgress!.Value));
        Assert.Equal(GoalStatus.OnTrack, result.Status);
    }

    private static GoalDefinition Goal(string kpi, GoalChangeKind kind, double amount, string deadline = "2026-12", params SupportingGoal[] supporting) =>
        new("g", "G", kpi, new GoalChange(kind, amount), "2025-12", deadline, supporting, null, Nowhere);

    private static GoalResult Track(GoalDefinition goal, string asOf, params (string Kpi, string Period, double Value)[] values)
    {
        var table = values.ToDictionary(v => (v.Kpi, Ordinal(v.Period)), v => v.Value);
        var tracker = new GoalTracker(Kpis, Months, new GoalClock(Ordinal("2025-11"), Ordinal("2025-11"), Ordinal(asOf)), (kpi, period) =>
            table.TryGetValue((kpi, period), out var value) ? KpiValue.Of(value) : KpiValue.Undefined($"no data for {Months.Label(period)}"));
        return tracker.Track(goal);
    }

    private static int Ordinal(string label) => Months.TryParse(label, end: false, out var ordinal) ? ordinal : throw new ArgumentException(label);
}
