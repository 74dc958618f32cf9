using System.Text.Json;

namespace KpiEngine.Cli.Tests;

public sealed class BenchmarkEndToEndTests
{
    [Fact]
    public void Run_OnlineShop_RatesValuesAgainstProfileAndClientBenchmarks()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "run", "kpi-definitions/clients/online-shop.yaml", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.Output);
        // One result per KPI and period; the demo's cohort triangle (a cell per cohort and age, never judged) is left aside.
        var results = document.RootElement.GetProperty("clients")[0].GetProperty("results").EnumerateArray()
            .Where(r => !r.TryGetProperty("cohort", out _))
            .ToDictionary(r => (r.GetProperty("kpi").GetString()!, r.GetProperty("period").GetString()!), r => r.Clone());

        // physical-product profile: conversion 1.11 % is between poor 1 and good 3 (higher is better).
        Assert.Equal("warning", Status(results[("conversion_rate", "2026-01")]));
        // return rate 8.22 % is at or below good 10 (lower is better).
        Assert.Equal("good", Status(results[("return_rate", "2026-01")]));
        // cancellation 5.88 % is at or above poor 5.
        Assert.Equal("poor", Status(results[("cancellation_rate", "2026-05")]));
        // The client's own AOV benchmark (good 110, poor 80) replaces the profile's (100 / 50): 108.20 is a warning.
        Assert.Equal("warning", Status(results[("aov", "2026-03")]));
        Assert.Equal(110, results[("aov", "2026-03")].GetProperty("benchmark").GetProperty("good").GetDouble());
        // No benchmark: no status, and the existing fields stay.
        Assert.False(results[("revenue_ytd", "2026-01")].TryGetProperty("status", out _));
        Assert.True(results[("revenue_ytd", "2026-01")].TryGetProperty("partial", out _));
    }

    [Fact]
    public void Explain_ShowsTheBenchmarkAndItsSource()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "explain", "kpi-definitions/clients/saas.yaml", "logo_churn_rate");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("benchmark: good at or below 2, warning between, poor at or above 5", run.Output, StringComparison.Ordinal);
        Assert.Contains("source: Typical monthly logo churn", run.Output, StringComparison.Ordinal);
        Assert.Contains("profiles/subscription.yaml", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Table_Redirected_HasNoColourButALegend()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "run", "kpi-definitions/clients/online-shop.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("\u001b[", run.Output, StringComparison.Ordinal);
        Assert.Contains("Against benchmarks: good, warning, poor", run.Output, StringComparison.Ordinal);
    }

    private static string? Status(JsonElement result) => result.GetProperty("status").GetString();
}
