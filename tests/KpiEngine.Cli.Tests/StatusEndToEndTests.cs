using System.Text.Json;

namespace KpiEngine.Cli.Tests;

/// <summary>Trustworthy statuses and the scorecard, as a user sees them on the demo clients.</summary>
public sealed class StatusEndToEndTests
{
    [Fact]
    public void Run_SaasByQuarter_ConvertsMonthlyBandsAndLeavesPartialQuartersUnjudged()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "run", "kpi-definitions/clients/saas.yaml", "--grain", "quarter", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.Output);
        var results = document.RootElement.GetProperty("clients")[0].GetProperty("results").EnumerateArray()
            .ToDictionary(r => (r.GetProperty("kpi").GetString()!, r.GetProperty("period").GetString()!), r => r.Clone());

        // logo_churn_rate (scaling: churn), monthly bands 2 / 5 %: a quarter 1 - 0.98^3 = 5.8808 %, 1 - 0.95^3 = 14.2625 %.
        var churn = results[("logo_churn_rate", "2025-Q3")];
        var bands = churn.GetProperty("bands");
        Assert.Equal(5.8808, bands.GetProperty("good").GetDouble(), 9);
        Assert.Equal(14.2625, bands.GetProperty("poor").GetDouble(), 9);
        Assert.Equal("month", bands.GetProperty("per").GetString());
        Assert.Equal("churn", bands.GetProperty("scaling").GetString());
        // The written benchmark stays as written.
        Assert.Equal(2, churn.GetProperty("benchmark").GetProperty("good").GetDouble());

        // mrr_growth (scaling: growth), the client's own good 3 % / poor 0 % a month: 1.03^3 - 1 = 9.2727 % a quarter; 0 stays 0.
        var growth = results[("mrr_growth", "2025-Q3")].GetProperty("bands");
        Assert.Equal(9.2727, growth.GetProperty("good").GetDouble(), 9);
        Assert.Equal(0, growth.GetProperty("poor").GetDouble(), 9);

        // The data ends inside April 2026, so 2026-Q2 is partial: insufficient data, never a verdict.
        var partial = results[("logo_churn_rate", "2026-Q2")];
        Assert.Equal("insufficient_data", partial.GetProperty("status").GetString());
        Assert.StartsWith("partial period", partial.GetProperty("status_reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OnlineShop_HasTheProfilesScorecardInTableAndJson()
    {
        var table = KpiProcess.Run(KpiProcess.RepositoryRoot, "run", "kpi-definitions/clients/online-shop.yaml");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("Scorecard (0-100: good 100, warning 50, poor 0)", table.Output, StringComparison.Ordinal);
        Assert.Contains("overall", table.Output, StringComparison.Ordinal);

        var json = KpiProcess.Run(KpiProcess.RepositoryRoot, "run", "kpi-definitions/clients/online-shop.yaml", "--format", "json");
        using var document = JsonDocument.Parse(json.Output);
        var scorecard = document.RootElement.GetProperty("clients")[0].GetProperty("scorecard");
        Assert.Equal(6, scorecard.GetArrayLength());
        var first = scorecard[0];
        Assert.Equal("2026-01", first.GetProperty("period").GetString());
        var score = first.GetProperty("score").GetDouble();
        Assert.InRange(score, 0, 100);

        // The overall score is the category scores weighted as the profile says (sales 2, the others 1), re-normalised.
        var categories = first.GetProperty("categories").EnumerateArray().Where(c => c.GetProperty("score").ValueKind == JsonValueKind.Number).ToList();
        var weighted = categories.Sum(c => c.GetProperty("weight").GetDouble() * c.GetProperty("score").GetDouble()) / categories.Sum(c => c.GetProperty("weight").GetDouble());
        Assert.Equal(weighted, score, 9);
        Assert.Equal(2, categories.Single(c => c.GetProperty("category").GetString() == "sales").GetProperty("weight").GetDouble());
    }

    [Fact]
    public void Explain_ShowsGrainScalingMinimumSampleAndWeight()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "explain", "kpi-definitions/clients/saas.yaml", "logo_churn_rate");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("stated per month (the default); scaling: churn, so at other grains the bands compound: 1 - (1 - m)^n", run.Output, StringComparison.Ordinal);
        Assert.Contains("min sample: 10 of the value the formula divides by (the default", run.Output, StringComparison.Ordinal);
        Assert.Contains("scorecard: weight 2 in category 'subscription' (category weight 1)", run.Output, StringComparison.Ordinal);
    }
}
