using KpiEngine.Definitions;
using KpiEngine.Goals;

namespace KpiEngine.Tests.Goals;

/// <summary>
/// Cascading goals: supporting KPIs judged like goals, with declared or proportional targets.
/// The parent in most tests is revenue +20 %: baseline 2025-12 = 100, target 120, deadline 2026-12 (12 months),
/// judged as of 2026-03 (expected progress 3 / 12 = 25 %, "at risk" from 0.75 × 25 = 18.75 %).
/// </summary>
public partial class GoalTrackerTests
{
    private static readonly (string, string, double)[] Revenue = [("revenue", "2025-12", 100), ("revenue", "2026-03", 110)];

    [Fact]
    public void Cascade_ProportionalTargets_FollowTheParentsChangeInEachKpisDirection()
    {
        // The parent changes by (120 - 100) / 100 = +20 %.
        // orders (higher, like revenue): 50 + 0.2 × 50 = 60; current 55 -> progress 5 / 10 = 50 %;
        //   the line through (0, 50) and (3, 55) gives 50 + 5 / 3 × 12 = 70 >= 60 at the deadline -> on track.
        // returns (lower, the other way): 40 - 0.2 × 40 = 32; current 39 -> progress (39 - 40) / (32 - 40) = 12.5 % < 18.75 %;
        //   the line through (0, 40) and (3, 39) gives 40 - 1 / 3 × 12 = 36 > 32 -> off track.
        var goal = Goal("revenue", GoalChangeKind.Relative, 20, "2026-12", Proportional("orders"), Proportional("returns"));
        var result = Track(goal, "2026-03", [.. Revenue, ("orders", "2025-12", 50), ("orders", "2026-03", 55), ("returns", "2025-12", 40), ("returns", "2026-03", 39)]);

        var (orders, returns) = (result.Supporting[0], result.Supporting[1]);
        Assert.Equal((TargetDerivation.Proportional, 50.0, 60.0, 55.0), (orders.Derivation, orders.Baseline.Value!.Value, orders.Target!.Value, orders.Current.Value!.Value));
        Assert.Equal(50, orders.Progress!.Value, 9);
        Assert.Equal(25, orders.ExpectedProgress!.Value, 9);
        Assert.Equal(70, orders.Projection!.Value, 9);
        Assert.Equal(GoalStatus.OnTrack, orders.Status);
        Assert.Equal(32, returns.Target!.Value, 9);
        Assert.Equal(12.5, returns.Progress!.Value, 9);
        Assert.Equal(36, returns.Projection!.Value, 9);
        Assert.Equal(GoalStatus.OffTrack, returns.Status);
        Assert.Equal("12.5 % done, 25 % of the time gone; the trend gives 36 by 2026-12", returns.Reason);
    }

    [Fact]
    public void Cascade_LowerParent_HigherKpiGrowsByTheSameShare()
    {
        // calls (lower) -50 %: 40 -> 20, a change of -20 / 40 = -50 %, an improvement of 50 %.
        // orders (higher) improves by the same share: 50 + 0.5 × 50 = 75; current 2026-03 = 60 -> progress 10 / 25 = 40 %.
        var goal = Goal("calls", GoalChangeKind.Relative, -50, "2026-12", Proportional("orders"));
        var result = Track(goal, "2026-03", ("calls", "2025-12", 40), ("calls", "2026-03", 35), ("orders", "2025-12", 50), ("orders", "2026-03", 60));

        Assert.Equal(75, result.Supporting[0].Target!.Value, 9);
        Assert.Equal(40, result.Supporting[0].Progress!.Value, 9);
    }

    [Fact]
    public void Cascade_DeclaredTargets_AbsoluteAndRelative_ApplyToTheKpisOwnBaseline()
    {
        // orders { target: 80 }: 50 -> 80; current 56 -> progress 6 / 30 = 20 % (>= 18.75 %, < 25 %);
        //   the line through (0, 50) and (3, 56) gives 50 + 2 × 12 = 74 < 80 -> at risk.
        // returns { relative: -25 }: 40 × 0.75 = 30; current 37 -> progress -3 / -10 = 30 %;
        //   the line through (0, 40) and (3, 37) gives 40 - 12 = 28 <= 30 -> on track, the trend reaching 28.
        var goal = Goal("revenue", GoalChangeKind.Relative, 20, "2026-12", Declared("orders", GoalChangeKind.Target, 80), Declared("returns", GoalChangeKind.Relative, -25));
        var result = Track(goal, "2026-03", [.. Revenue, ("orders", "2025-12", 50), ("orders", "2026-03", 56), ("returns", "2025-12", 40), ("returns", "2026-03", 37)]);

        var (orders, returns) = (result.Supporting[0], result.Supporting[1]);
        Assert.Equal((TargetDerivation.Declared, 80.0), (orders.Derivation, orders.Target!.Value));
        Assert.Equal(20, orders.Progress!.Value, 9);
        Assert.Equal(74, orders.Projection!.Value, 9);
        Assert.Equal(GoalStatus.AtRisk, orders.Status);
        Assert.Equal((TargetDerivation.Declared, 30.0), (returns.Derivation, returns.Target!.Value));
        Assert.Equal(30, returns.Progress!.Value, 9);
        Assert.Equal(GoalStatus.OnTrack, returns.Status);
        Assert.Equal("the trend reaches 28 by 2026-12", returns.Reason);
    }

    [Fact]
    public void Cascade_ZeroBaselines_GiveNoProportionalTargetWithAReason()
    {
        // orders is 0 at the baseline: 0 scaled by any share is still 0, so there is no target to derive.
        var zeroChild = Track(Goal("revenue", GoalChangeKind.Relative, 20, "2026-12", Proportional("orders")), "2026-03", [.. Revenue, ("orders", "2025-12", 0), ("orders", "2026-03", 3)]);
        // revenue goes from 0 to 50: a change with no relative size, so nothing to scale orders by.
        var zeroParent = Track(Goal("revenue", GoalChangeKind.Target, 50, "2026-12", Proportional("orders")), "2026-03", ("revenue", "2025-12", 0), ("revenue", "2026-03", 10), ("orders", "2025-12", 50), ("orders", "2026-03", 55));

        Assert.Equal((GoalStatus.Unknown, null), (zeroChild.Supporting[0].Status, zeroChild.Supporting[0].Target));
        Assert.Equal(0, zeroChild.Supporting[0].Baseline.Value);
        Assert.Equal("the baseline 2025-12 is 0, which cannot be scaled to a proportional target; declare a change", zeroChild.Supporting[0].Reason);
        Assert.Equal((GoalStatus.Unknown, null), (zeroParent.Supporting[0].Status, zeroParent.Supporting[0].Target));
        Assert.Equal("the baseline of revenue is 0, so its change has no relative size to scale; declare a change", zeroParent.Supporting[0].Reason);
    }

    [Fact]
    public void Cascade_PercentShareScaledPast100_GivesNoProportionalTarget()
    {
        // revenue +20 %: on_time (a percent) at 90 would get 90 + 0.2 × 90 = 108 %, which no period can reach.
        // At 80 it gets 80 + 0.2 × 80 = 96 %, inside 0-100, so that one is kept.
        // growth (a percent already outside 0-100 at the baseline, 150 %) is not a share: 150 + 0.2 × 150 = 180.
        var past = Track(Goal("revenue", GoalChangeKind.Relative, 20, "2026-12", Proportional("on_time"), Proportional("growth")), "2026-03",
            [.. Revenue, ("on_time", "2025-12", 90), ("on_time", "2026-03", 92), ("growth", "2025-12", 150), ("growth", "2026-03", 160)]);
        var inside = Track(Goal("revenue", GoalChangeKind.Relative, 20, "2026-12", Proportional("on_time")), "2026-03",
            [.. Revenue, ("on_time", "2025-12", 80), ("on_time", "2026-03", 85)]);

        Assert.Equal((GoalStatus.Unknown, null), (past.Supporting[0].Status, past.Supporting[0].Target));
        Assert.Equal("the proportional target 108 % lies outside 0-100 % (baseline 90 % in 2025-12); declare a change", past.Supporting[0].Reason);
        Assert.Equal(180, past.Supporting[1].Target!.Value, 9);
        Assert.Equal(96, inside.Supporting[0].Target!.Value, 9);
    }

    [Fact]
    public void Cascade_ThresholdParent_GivesNoProportionalTarget()
    {
        // Keep revenue at or above 90 from 100: nothing to change, so nothing to scale.
        var result = Track(Goal("revenue", GoalChangeKind.Target, 90, "2026-12", Proportional("orders")), "2026-03", [.. Revenue, ("orders", "2025-12", 50)]);

        Assert.True(result.IsThreshold);
        Assert.Equal(GoalStatus.Unknown, result.Supporting[0].Status);
        Assert.Contains("holds a threshold", result.Supporting[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Cascade_TwoLevels_ScaleFromTheParentEntryNotTheGoal()
    {
        // orders { relative: 50 }: 50 -> 75, a +50 % change (the goal's is only +20 %).
        // returns under orders, proportional and lower: 10 - 0.5 × 10 = 5; current 9 -> progress -1 / -5 = 20 % (>= 18.75 %, < 25 %);
        //   the line through (0, 10) and (3, 9) gives 10 - 12 / 3 = 6 > 5 -> at risk.
        var goal = Goal("revenue", GoalChangeKind.Relative, 20, "2026-12", Declared("orders", GoalChangeKind.Relative, 50, Proportional("returns")));
        var result = Track(goal, "2026-03", [.. Revenue, ("orders", "2025-12", 50), ("orders", "2026-03", 60), ("returns", "2025-12", 10), ("returns", "2026-03", 9)]);

        var orders = result.Supporting.Single();
        var returns = orders.Supporting.Single();
        Assert.Equal(75, orders.Target!.Value, 9);
        Assert.Equal((TargetDerivation.Proportional, 5.0), (returns.Derivation, returns.Target!.Value));
        Assert.Equal(20, returns.Progress!.Value, 9);
        Assert.Equal(6, returns.Projection!.Value, 9);
        Assert.Equal(GoalStatus.AtRisk, returns.Status);
    }

    private static SupportingGoal Proportional(string kpi, params SupportingGoal[] supporting) => new(kpi, null, supporting, Nowhere);

    private static SupportingGoal Declared(string kpi, GoalChangeKind kind, double amount, params SupportingGoal[] supporting) =>
        new(kpi, new GoalChange(kind, amount), supporting, Nowhere);
}
