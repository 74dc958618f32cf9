using System.Text.Json;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// The analyses of issue 11 as a user runs them: the whole range, a snapshot client, shares of the total.
/// The telecom snapshot (samples/telecom/customers.csv, 12 customers), worked by hand:
///   churned T001, T005, T006, T007, T012: 5 of 12 = 41.67 %;
///   month-to-month T001 T002 T005 T006 T009 T012: 4 of 6 churned = 66.67 %, 6 / 12 = 50 % of customers;
///   one-year T003 T007 T010: 1 of 3 = 33.33 %; two-year T004 T008 T011: 0 of 3 = 0 %;
///   tenure of the churned (2 + 5 + 1 + 30 + 3) / 5 = 8.2 months;
///   charges of the churned 89.5 + 95 + 20 + 60 + 85 = 349.5 of 754.25 in all = 46.34 %.
/// </summary>
public sealed class AnalysisEndToEndTests
{
    [Fact]
    public void Run_SnapshotDemoClientAsCsv_ReportsThePeriodAllByContract()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "run", "kpi-definitions/clients/telecom.yaml", "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("client,kpi,period,contract,value,reason,unit,partial,status", lines[0]);
        Assert.Contains("telecom,churn_rate,all,,41.6666666666667,,percent,false,", lines);
        Assert.Contains("telecom,churn_rate,all,month-to-month,66.6666666666667,,percent,false,", lines);
        Assert.Contains("telecom,churn_rate,all,one-year,33.3333333333333,,percent,false,", lines);
        Assert.Contains("telecom,churn_rate,all,two-year,0,,percent,false,", lines);
        Assert.Contains("telecom,churned_tenure,all,,8.2,,number,false,", lines);
        Assert.Contains("telecom,customer_share,all,month-to-month,50,,percent,false,", lines);
        Assert.Single(lines, l => l.StartsWith("telecom,revenue_churn_share,all,,46.33", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SnapshotDemoClient_IsClean()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "validate", "kpi-definitions/clients/telecom.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("0 errors, 0 warnings", run.Output + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OnlineShopWholeRangeByChannel_SharesSumTo100AndJsonGivesTheDates()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "run", "kpi-definitions/clients/online-shop.yaml", "--grain", "all", "--by", "channel", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.Output);
        var client = document.RootElement.GetProperty("clients")[0];
        Assert.Equal("all", client.GetProperty("grain").GetString());
        Assert.Equal("all", Assert.Single(client.GetProperty("periods").EnumerateArray()).GetString());
        Assert.Equal("2026-01-01", client.GetProperty("first_date").GetString());
        Assert.Equal("2026-06-30", client.GetProperty("last_date").GetString());
        var shares = client.GetProperty("results").EnumerateArray().Where(r => r.GetProperty("kpi").GetString() == "channel_revenue_share").ToList();
        Assert.Equal(100, shares[0].GetProperty("value").GetDouble()); // the total row
        Assert.Equal(100, shares.Skip(1).Sum(r => r.GetProperty("value").GetDouble()), 9);
        var growth = client.GetProperty("results").EnumerateArray().First(r => r.GetProperty("kpi").GetString() == "revenue_growth");
        Assert.Contains("grain 'all' has one period", growth.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_GrainAllAsTable_TitlesTheWholeRange()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "run", "kpi-definitions/clients/online-shop.yaml", "--grain", "all");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Example Online Shop (online-shop) — whole range, 2026-01-01 to 2026-06-30", run.Output, StringComparison.Ordinal);
    }
}
