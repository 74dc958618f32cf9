namespace KpiEngine.Cli.Tests;

/// <summary>
/// The SaaS demo (kpi-definitions/clients/saas.yaml over samples/saas) run as a process. The golden
/// numbers were computed independently with Python straight from the CSVs, not with the engine:
///   MRR 2026-04     = sum of mrr over subscriptions.csv rows with snapshot_date 2026-04-30 = 23041;
///                     2026-03-31 gives 21067, so MRR growth = (23041 - 21067) / 21067 * 100 = 1974 / 21067 * 100.
///   Logo churn 2025-10 = 'cancelled' rows of events.csv dated 2025-10 (1) / customers in the
///                     2025-09-30 snapshot (103) * 100.
///   NRR 2026-01     = movements of 2026-01 in mrr-movements.csv: expansion 865, contraction -247, churn -392;
///                     MRR at 2025-12-31 = 18515, so (18515 + 865 - 247 - 392) / 18515 * 100 = 18741 / 18515 * 100.
///                     The cohort plugin gets the same from the snapshots alone: the 2026-01 MRR of the
///                     customers in the 2025-12 snapshot is 18741.
///   Trial-to-paid 2025-08 = customers with a 'signup' event in 2025-08 (20) of whom 9 have a 'converted' event: 45 %.
/// </summary>
public sealed class SaasDemoEndToEndTests
{
    private static readonly string[] ComparedWithPreviousMonth =
    [
        "mrr_growth", "net_revenue_retention", "gross_revenue_retention", "revenue_churn_rate", "logo_churn_rate",
        "customer_growth", "customer_retention_rate",
    ];

    [Fact]
    public void Run_SaasDemo_MatchesValuesComputedFromTheCsvs()
    {
        var results = RunDemo();

        Assert.Equal(23041.0, results[("mrr", "2026-04")].Value);
        Assert.Equal(23041.0 * 12, results[("arr", "2026-04")].Value);
        Assert.Equal(1974.0 / 21067 * 100, results[("mrr_growth", "2026-04")].Value!.Value, 9);
        Assert.Equal(1.0 / 103 * 100, results[("logo_churn_rate", "2025-10")].Value!.Value, 9);
        Assert.Equal(18741.0 / 18515 * 100, results[("net_revenue_retention", "2026-01")].Value!.Value, 9);
        Assert.Equal(18741.0 / 18515 * 100, results[("cohort_net_revenue_retention", "2026-01")].Value!.Value, 9);
        Assert.Equal(45.0, results[("trial_to_paid_rate", "2025-08")].Value!.Value, 9);
    }

    [Fact]
    public void Run_SaasDemo_EveryValueIsDefinedExceptWhereThePastIsMissing()
    {
        var results = RunDemo();

        Assert.Equal(24 * 16, results.Count); // 24 KPIs, 2025-01 to 2026-04
        var undefined = results.Where(r => r.Value.Value is null).ToDictionary(r => r.Key, r => r.Value.Reason);
        var expected = new Dictionary<(string, string), string?>();
        foreach (var kpi in ComparedWithPreviousMonth)
        {
            expected[(kpi, "2025-01")] = "no previous period for 2025-01 (data starts 2025-01)";
        }

        expected[("cohort_logo_churn", "2025-01")] = "no customers in the previous period";
        expected[("cohort_net_revenue_retention", "2025-01")] = "no revenue in the previous period";
        // LTV averages logo churn over three months: it needs three months with a previous month.
        foreach (var kpi in new[] { "subscription_ltv", "ltv_to_cac" })
        {
            expected[(kpi, "2025-01")] = "RollingAvg([logo_churn_rate], 3) for 2025-01 needs 2024-11 to 2025-01, but data starts 2025-01";
            expected[(kpi, "2025-02")] = "RollingAvg([logo_churn_rate], 3) for 2025-02 needs 2024-12 to 2025-02, but data starts 2025-01";
            expected[(kpi, "2025-03")] = "[logo_churn_rate] is undefined in 2025-01: no previous period for 2025-01 (data starts 2025-01)";
        }

        Assert.Equal(expected.OrderBy(e => e.Key), undefined.OrderBy(e => e.Key));
    }

    private static Dictionary<(string Kpi, string Period), (double? Value, string? Reason)> RunDemo()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "run", "kpi-definitions/clients/saas.yaml", "--format", "json");
        Assert.True(run.ExitCode == 0, run.ToString());
        return ResultJson.Read(run.Output);
    }
}
