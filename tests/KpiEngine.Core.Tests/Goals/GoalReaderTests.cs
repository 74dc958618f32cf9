using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Goals;
using static KpiEngine.Tests.Definitions.DefinitionFiles;

namespace KpiEngine.Tests.Goals;

public class GoalReaderTests
{
    private const string Root = "TestData/Goals/";

    private static IReadOnlyList<Diagnostic> Errors => new KpiSetLoader().LoadClient(Root + "errors.yaml").Diagnostics;

    [Fact]
    public void Load_TemplateGoal_FillsParametersAndAddsTemplateSupporting()
    {
        var result = new KpiSetLoader().LoadClient(Root + "good.yaml");

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Diagnostics));
        var goals = result.Value!.Goals;
        Assert.Equal(2, goals.Count);
        var grow = goals[0];
        Assert.Equal(("revenue_grow_by_percent", "Grow revenue by 20%", "revenue"), (grow.Id, grow.Name, grow.Kpi));
        Assert.Equal(new GoalChange(GoalChangeKind.Relative, 20), grow.Change);
        Assert.Equal(("2025-12", "2026-12", "grow_by_percent"), (grow.Baseline, grow.Deadline, grow.Template));
        Assert.Equal(["costs", "orders"], grow.Supporting.Select(s => s.Kpi));
        var halve = goals[1];
        Assert.Equal(("halve_costs", "first", "+6 months", null), (halve.Id, halve.Baseline, halve.Deadline, halve.Template));
        Assert.Equal(new GoalChange(GoalChangeKind.Relative, -50), halve.Change);
    }

    [Fact]
    public void Load_UnknownTemplate_IsKpi1012WithDidYouMean()
    {
        var error = At(Errors, "KPI1012", 7, 17);

        Assert.Contains("'grow_by_percnt'", error.Message, StringComparison.Ordinal);
        Assert.Equal("Did you mean 'grow_by_percent'?", error.Suggestion);
    }

    [Fact]
    public void Load_UnknownKpi_IsKpi1012AtTheParameterWithDidYouMean()
    {
        var error = At(Errors, "KPI1012", 9, 39);

        Assert.Contains("KPI 'revenu'", error.Message, StringComparison.Ordinal);
        Assert.Equal("Did you mean 'revenue'?", error.Suggestion);
    }

    [Fact]
    public void Load_MissingTemplateParameter_IsKpi1004NamingIt()
    {
        var error = At(Errors, "KPI1004", 8, 17);

        Assert.Contains("no 'percent'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownTemplateParameter_IsKpi1003WithDidYouMean()
    {
        var error = At(Errors, "KPI1003", 13, 99);

        Assert.Equal("Did you mean 'percent'?", error.Suggestion);
    }

    [Fact]
    public void Load_BadChangeSpec_IsKpi1005WithTheKnownKinds()
    {
        var error = At(Errors, "KPI1005", 10, 29);

        Assert.Contains("exactly one of relative, delta or target", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Did you mean 'relative'?", error.Suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadPeriodLabel_IsKpi1005AtTheBaseline()
    {
        var error = At(Errors, "KPI1005", 11, 53);

        Assert.Contains("'2025-13', not a period", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DeadlineBeforeBaseline_IsKpi1005AtTheDeadline()
    {
        var error = At(Errors, "KPI1005", 12, 72);

        Assert.Contains("is not after its baseline", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BadGoals_AreLeftOutAndTheGoodOneKept()
    {
        var set = new KpiSetLoader().LoadClient(Root + "errors.yaml").Value!;

        // Only line 13's goal is complete; its unknown key is reported but does not stop it.
        Assert.Equal("revenue_grow_by_percent", Assert.Single(set.Goals).Id);
    }

    [Fact]
    public void Load_SupportingCycle_IsKpi4050AtTheEntryAndTheRestOfTheCascadeKept()
    {
        var result = new KpiSetLoader().LoadClient(Root + "cascade.yaml");

        // Line 13 lists revenue under orders, and revenue is the goal's own KPI.
        var error = At(result.Diagnostics, "KPI4050", 13, 70);
        Assert.Contains("(revenue -> orders -> revenue)", error.Message, StringComparison.Ordinal);
        Assert.Equal("Remove 'revenue' from this 'supporting:' list.", error.Suggestion);
        var grow = result.Value!.Goals.Single(g => g.Id == "grow");
        Assert.Equal(["orders", "returns"], grow.Supporting.Select(s => s.Kpi));
        var orders = grow.Supporting[0];
        Assert.Equal(new GoalChange(GoalChangeKind.Target, 80), orders.Change);
        Assert.Equal(["returns"], orders.Supporting.Select(s => s.Kpi));
        Assert.Null(orders.Supporting[0].Change);
        Assert.Null(grow.Supporting[1].Change);
    }

    [Fact]
    public void Load_SupportingEntryWithBadChange_IsKpi1005AndOnlyThatEntryLeftOut()
    {
        var result = new KpiSetLoader().LoadClient(Root + "cascade.yaml");

        var error = At(result.Diagnostics, "KPI1005", 20, 53);
        Assert.Contains("'lots', not a number", error.Message, StringComparison.Ordinal);
        Assert.Equal(["returns"], result.Value!.Goals.Single(g => g.Id == "bad_entry").Supporting.Select(s => s.Kpi));
    }

    [Fact]
    public void LoadGoalTemplates_ShippedCommonFile_IsCleanAndClassified()
    {
        const string File = "../../../../../kpi-definitions/goals/common.yaml";

        var result = new KpiSetLoader().LoadGoalTemplates(File);

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Diagnostics));
        Assert.Contains(result.Value!, t => t.Id == "halve_in_months" && t.Deadline == "+{months} months");
        Assert.Equal(DefinitionFileKind.GoalTemplates, KpiSetLoader.Classify(File));
    }
}
