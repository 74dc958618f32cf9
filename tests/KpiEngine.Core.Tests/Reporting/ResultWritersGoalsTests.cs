using System.Text;
using System.Text.Json;
using KpiEngine.Definitions;
using KpiEngine.Evaluation;
using KpiEngine.Goals;
using KpiEngine.Reporting;
using KpiEngine.Time;

namespace KpiEngine.Core.Tests.Reporting;

public sealed class ResultWritersGoalsTests
{
    private static readonly GoalResult Goal = new(
        "mrr_plus_20", "Grow mrr by 20%", "mrr", "MRR", KpiUnit.Currency,
        new GoalPoint("2025-12", 100), 120, new GoalPoint("2026-03", 110), "2026-12",
        50, 25, 138.6, GoalStatus.OnTrack, "the trend reaches 138.6 by 2026-12",
        [new SupportingKpiResult("new_mrr", "New MRR", KpiUnit.Currency, new GoalPoint("2025-12", 5), new GoalPoint("2026-03", null))]);

    [Fact]
    public void WriteJson_ClientWithGoals_WritesEveryGoalFieldAndNullForUndefined()
    {
        var json = Write(stream => ResultWriters.WriteJson(stream, [Client([Goal])]));

        var goal = json.RootElement.GetProperty("clients")[0].GetProperty("goals")[0];
        Assert.Equal("mrr_plus_20", goal.GetProperty("id").GetString());
        Assert.Equal("change", goal.GetProperty("kind").GetString());
        Assert.Equal(100, goal.GetProperty("baseline").GetProperty("value").GetDouble());
        Assert.Equal("2026-03", goal.GetProperty("current").GetProperty("period").GetString());
        Assert.Equal((120, 50, 25, 138.6), (goal.GetProperty("target").GetDouble(), goal.GetProperty("progress").GetDouble(), goal.GetProperty("expected_progress").GetDouble(), goal.GetProperty("projection").GetDouble()));
        Assert.Equal("on_track", goal.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, goal.GetProperty("supporting")[0].GetProperty("current").GetProperty("value").ValueKind);
    }

    [Fact]
    public void WriteJson_ClientWithoutGoals_HasNoGoalsKey()
    {
        var json = Write(stream => ResultWriters.WriteJson(stream, [Client([])]));

        Assert.False(json.RootElement.GetProperty("clients")[0].TryGetProperty("goals", out _));
    }

    [Fact]
    public void WriteGoalsJson_WritesOnlyGoalsAndDiagnostics()
    {
        var json = Write(stream => ResultWriters.WriteGoalsJson(stream, [Client([Goal with { Status = GoalStatus.AtRisk }])]));

        var client = json.RootElement.GetProperty("clients")[0];
        Assert.False(client.TryGetProperty("results", out _));
        Assert.Equal("at_risk", client.GetProperty("goals")[0].GetProperty("status").GetString());
    }

    private static ClientResult Client(IReadOnlyList<GoalResult> goals) =>
        new("c", "C", "c.yaml", Grain.Month, ["2026-03"], [], [], ClientStatus.Succeeded) { Goals = goals };

    private static JsonDocument Write(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return JsonDocument.Parse(Encoding.UTF8.GetString(stream.ToArray()));
    }
}
