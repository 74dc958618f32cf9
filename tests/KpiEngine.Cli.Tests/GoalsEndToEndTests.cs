using System.Text.Json;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// <c>kpi goals</c> on the SaaS demo. The numbers were computed independently with Python from the CSVs:
///   MRR per month end = sum of mrr over subscriptions.csv rows of the month's last snapshot_date:
///   2025-12 18515, 2026-01 19247, 2026-02 18963, 2026-03 21067, 2026-04 23041 (the last month with data).
///   Goal mrr_plus_40: target 18515 × 1.4 = 25921; progress (23041 - 18515) / (25921 - 18515) × 100 = 4526 / 7406 × 100;
///   expected 4 of 12 months = 33.33 %; least squares over t = 0..4: t̄ = 2, v̄ = 20166.6,
///   Σ(t - t̄)(v - v̄) = 10872, Σ(t - t̄)² = 10, slope 1087.2, at t = 12: 20166.6 + 1087.2 × 10 = 31038.6 -> on track.
///   Supporting new MRR (mrr-movements.csv, movement 'new'): 2025-12 850, 2026-04 1465.
/// </summary>
public sealed class GoalsEndToEndTests
{
    [Fact]
    public void Goals_SaasDemoJson_MatchesNumbersComputedFromTheCsvs()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "goals", "kpi-definitions/clients/saas.yaml", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.Output);
        var goal = document.RootElement.GetProperty("clients")[0].GetProperty("goals").EnumerateArray().Single(g => g.GetProperty("id").GetString() == "mrr_plus_40");
        Assert.Equal(("2025-12", 18515.0), (goal.GetProperty("baseline").GetProperty("period").GetString(), goal.GetProperty("baseline").GetProperty("value").GetDouble()));
        Assert.Equal(25921.0, goal.GetProperty("target").GetDouble(), 9);
        Assert.Equal(("2026-04", 23041.0), (goal.GetProperty("current").GetProperty("period").GetString(), goal.GetProperty("current").GetProperty("value").GetDouble()));
        Assert.Equal(4526.0 / 7406 * 100, goal.GetProperty("progress").GetDouble(), 9);
        Assert.Equal(100.0 / 3, goal.GetProperty("expected_progress").GetDouble(), 9);
        Assert.Equal(31038.6, goal.GetProperty("projection").GetDouble(), 9);
        Assert.Equal("on_track", goal.GetProperty("status").GetString());
        var newMrr = goal.GetProperty("supporting")[0];
        Assert.Equal(("new_mrr", 850.0, 1465.0), (newMrr.GetProperty("kpi").GetString(), newMrr.GetProperty("baseline").GetProperty("value").GetDouble(), newMrr.GetProperty("current").GetProperty("value").GetDouble()));
    }

    [Fact]
    public void Goals_AsOfEarlierPeriod_JudgesThatPeriod()
    {
        // As of 2026-02 (18963): progress (18963 - 18515) / 7406, expected 2 / 12; the table names the goal and its status.
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "goals", "kpi-definitions/clients/saas.yaml", "--as-of", "2026-02");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Goals", run.Output, StringComparison.Ordinal);
        Assert.Contains("mrr_plus_40", run.Output, StringComparison.Ordinal);
        Assert.Contains((448.0 / 7406 * 100).ToString("N1", System.Globalization.CultureInfo.InvariantCulture) + " %", run.Output, StringComparison.Ordinal);
        Assert.Contains("16.7 %", run.Output, StringComparison.Ordinal);
    }
}
