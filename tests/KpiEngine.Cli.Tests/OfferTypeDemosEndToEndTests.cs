using System.Text.Json;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// The example businesses for services (consulting-agency), premium (coaching-program) and production
/// from shift summaries (factory-shifts), run as a user runs them from the README. The golden numbers
/// were computed independently with Python straight from the CSVs in samples/, not with the engine:
///   consulting-agency
///     utilisation 2026-03 = billable / available hours of the timesheet weeks starting in March: 1112 / 1544;
///     NPS 2026-01         = 11 answers dated 2026-01, 7 scores of 9-10, 1 of 0-6: (7 - 1) / 11 x 100;
///     client retention 2025-12 = clients invoiced in 2025-12 (16) minus those first invoiced then (1),
///                           over clients invoiced in 2025-11 (17): 15 / 17 x 100;
///     proposal win rate 2025-10 = 1 won of the 6 proposals sent in 2025-10;
///     CTOR 2026-02        = unique clicks / unique opens of the two February newsletters: 187 / 1390;
///     completion time 2026-01 = the two projects completed in January took 45 and 75 days: 60.
///   coaching-program
///     MQL-to-SQL 2026-01  = leads created in January: 57 applied, 40 approved: 40 / 57 x 100;
///     close rate 2026-02  = 9 deals closed in February / 28 calls held by February's leads;
///     sales cycle 2026-03 = mean of closed_on - created_at of the 7 deals closed in March (dates vs
///                           date-times, in days): 23.258928571428573;
///     campaign ROI 2026-01 = (net cash 60,000 - ad spend 11,357.65) / 11,357.65 x 100; RRPC the same
///                           ratio + 100 (RPC / CPC over the same 5,130 clicks = revenue / spend x 100);
///     CPA 2026-01         = 11,357.65 / 181 leads.
///   factory-shifts (2026-03, the 3 lines x 2 shifts of the month's weekdays)
///     OEE = ideal minutes of the good units / planned busy time = (46,590.9 / 89,321 x 87,923) / 58,860 x 100,
///           i.e. availability 53,284 / 58,860 x performance 46,590.9 / 53,284 x quality 87,923 / 89,321;
///     OLE = standard labour 139,708.7 / labour scheduled 183,480 x 87,923 / 89,321 x 100;
///     RTY = 29,519 / 30,769 x 18,589 / 19,464 x 37,445 / 39,088 x 100.
/// </summary>
public sealed class OfferTypeDemosEndToEndTests
{
    [Fact]
    public void Run_ConsultingAgency_MatchesValuesComputedFromTheCsvs()
    {
        var results = RunDemo("consulting-agency");

        Assert.Equal(1112.0 / 1544 * 100, results[("utilisation_rate", "2026-03")].Value!.Value, 9);
        Assert.Equal(6.0 / 11 * 100, results[("nps", "2026-01")].Value!.Value, 9);
        Assert.Equal(7.0 / 11 * 100, results[("nps_promoter_share", "2026-01")].Value!.Value, 9);
        Assert.Equal(15.0 / 17 * 100, results[("client_retention_rate", "2025-12")].Value!.Value, 9);
        Assert.Equal(1.0 / 6 * 100, results[("proposal_win_rate", "2025-10")].Value!.Value, 9);
        Assert.Equal(187.0 / 1390 * 100, results[("email_click_to_open_rate", "2026-02")].Value!.Value, 9);
        Assert.Equal(60.0, results[("project_completion_time", "2026-01")].Value!.Value, 9);
    }

    [Fact]
    public void Run_ConsultingAgency_EveryValueIsDefinedExceptTheFirstRetentionAndAMonthWithoutWins()
    {
        var results = RunDemo("consulting-agency");

        Assert.Equal(17 * 12, results.Count); // 17 KPIs, 2025-07 to 2026-06
        var undefined = results.Where(r => r.Value.Value is null).ToDictionary(r => r.Key, r => r.Value.Reason);
        Assert.Equal(
            new Dictionary<(string, string), string?>
            {
                [("average_deal_size", "2026-06")] = "division by zero: [proposals_won] is 0", // the June proposals are still open
                [("client_retention_rate", "2025-07")] = "no previous period for 2025-07 (data starts 2025-07)",
            }.OrderBy(e => e.Key),
            undefined.OrderBy(e => e.Key));
    }

    [Fact]
    public void Run_CoachingProgram_MatchesValuesComputedFromTheCsvs()
    {
        var results = RunDemo("coaching-program");

        Assert.Equal(40.0 / 57 * 100, results[("mql_to_sql_rate", "2026-01")].Value!.Value, 9);
        Assert.Equal(9.0 / 28 * 100, results[("close_rate", "2026-02")].Value!.Value, 9);
        Assert.Equal(23.258928571428573, results[("sales_cycle_length", "2026-03")].Value!.Value, 6);
        Assert.Equal((60000 - 11357.65) / 11357.65 * 100, results[("campaign_roi", "2026-01")].Value!.Value, 6);
        Assert.Equal(60000 / 11357.65 * 100, results[("rrpc", "2026-01")].Value!.Value, 6);
        Assert.Equal(11357.65 / 181, results[("cpa", "2026-01")].Value!.Value, 6);
        Assert.DoesNotContain(results, r => r.Value.Value is null);
    }

    [Fact]
    public void Run_FactoryShifts_MatchesValuesComputedFromTheCsv()
    {
        var results = RunDemo("factory-shifts");

        const double Good = 87923, Units = 89321;
        Assert.Equal(46590.9 / Units * Good / 58860 * 100, results[("oee", "2026-03")].Value!.Value, 9);
        Assert.Equal(53284.0 / 58860 * 100, results[("oee_availability", "2026-03")].Value!.Value, 9);
        Assert.Equal(139708.7 / 183480 * Good / Units * 100, results[("ole", "2026-03")].Value!.Value, 9);
        Assert.Equal(29519.0 / 30769 * 18589 / 19464 * 37445 / 39088 * 100, results[("rolled_throughput_yield", "2026-03")].Value!.Value, 9);
        Assert.DoesNotContain(results, r => r.Value.Value is null);
    }

    [Theory]
    [InlineData("consulting-agency")]
    [InlineData("coaching-program")]
    [InlineData("factory-shifts")]
    public void Goals_EachExampleBusiness_HasTwoJudgedGoalsWithSupportingKpis(string client)
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "goals", $"kpi-definitions/clients/{client}.yaml", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.Output);
        var goals = document.RootElement.GetProperty("clients")[0].GetProperty("goals").EnumerateArray().ToList();
        Assert.Equal(2, goals.Count);
        Assert.All(goals, goal =>
        {
            Assert.NotEqual("unknown", goal.GetProperty("status").GetString());
            Assert.NotEqual(0, goal.GetProperty("supporting").GetArrayLength());
        });
    }

    private static Dictionary<(string Kpi, string Period), (double? Value, string? Reason)> RunDemo(string client)
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "run", $"kpi-definitions/clients/{client}.yaml", "--format", "json");
        Assert.True(run.ExitCode == 0, run.ToString());
        return ResultJson.Read(run.Output);
    }
}
