using System.Globalization;
using KpiEngine.Evaluation;
using KpiEngine.Goals;
using KpiEngine.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KpiEngine.Hosting.Tests;

/// <summary>
/// <see cref="IKpiEngine"/> as a host uses it, through <c>AddKpiEngine</c> and public types only.
/// The numbers come from TestData/shop (orders.csv, traffic.csv), worked out by hand:
/// January: orders A1 delivered 100.00 (2 items), A2 cancelled 50.00 (1), A3 returned 30.00 (1);
/// February: A4 delivered 70.00 (3); March: A5 delivered 40.00 (1).
/// Traffic: January 100 + 100 = 200 sessions, February 0, March no rows.
/// </summary>
public sealed class EngineTests
{
    [Fact]
    public async Task Run_ThroughAddKpiEngine_GivesHandWorkedValuesAndUndefinedReasons()
    {
        using var host = new EngineHost(o => o.PluginFolders.Add(EngineHost.TestPlugins));

        var result = await host.Engine.RunAsync(EngineHost.Shop("shop.yaml"));

        Assert.Equal(ClientStatus.Succeeded, result.Status);
        Assert.Equal(["2026-01", "2026-02", "2026-03"], result.Periods);
        // aov = revenue (status != cancelled) / orders: January (100 + 30) / 2 = 65; February 70 / 1; March 40 / 1.
        Assert.Equal<double?>([65.0, 70.0, 40.0], Values(result, "aov"));
        // conversion_rate = orders / visits × 100: January 2 / 200 × 100 = 1; February 1 / 0 is undefined; March has no traffic rows.
        var conversion = result.Results.Where(r => r.Kpi == "conversion_rate").ToList();
        Assert.Equal(1.0, conversion[0].Value!.Value, 12);
        Assert.Null(conversion[1].Value);
        Assert.Contains("zero", conversion[1].Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Null(conversion[2].Value);
        Assert.Contains("no data in dataset 'traffic' for 2026-03", conversion[2].Reason, StringComparison.Ordinal);
        // avg_price = the sample plugin's Σ(total × items) / Σ items over every order, cancelled too:
        // January (100×2 + 50×1 + 30×1) / 4 = 280 / 4 = 70; February 70×3 / 3 = 70; March 40.
        Assert.Equal<double?>([70.0, 70.0, 40.0], Values(result, "avg_price"));
    }

    [Fact]
    public async Task Run_WithoutThePluginFolder_LeavesOnlyThePluginKpiUndefined()
    {
        using var host = new EngineHost();

        var result = await host.Engine.RunAsync(EngineHost.Shop("shop.yaml"));

        Assert.All(result.Results.Where(r => r.Kpi == "avg_price"), r => Assert.Null(r.Value));
        Assert.Contains(result.Diagnostics, d => d.Id == "KPI6003" && d.Message.Contains("sample", StringComparison.Ordinal));
        Assert.Equal<double?>([65.0, 70.0, 40.0], Values(result, "aov"));
    }

    [Fact]
    public async Task Run_PerCallOptions_AreMergedWithTheHosts()
    {
        using var host = new EngineHost(o => o.PluginFolders.Add(EngineHost.TestPlugins));

        var result = await host.Engine.RunAsync(EngineHost.Shop("shop.yaml"), new EvaluationOptions { Grain = Time.Grain.Quarter });

        // One quarter: aov = (100 + 30 + 70 + 40) / 4 orders = 60; the plugin still found: (280 + 210 + 40) / 8 items = 66.25.
        Assert.Equal(["2026-Q1"], result.Periods);
        Assert.Equal<double?>([60.0], Values(result, "aov"));
        Assert.Equal<double?>([66.25], Values(result, "avg_price"));
    }

    [Fact]
    public async Task Run_MissingClientFile_IsAFailedResultNotAnException()
    {
        using var host = new EngineHost();

        var result = await host.Engine.RunAsync(EngineHost.Shop("no-such-client.yaml"));

        Assert.Equal(ClientStatus.Failed, result.Status);
        Assert.Contains(result.Diagnostics, d => d.Id == "KPI1008");
        Assert.Contains(host.Log, e => e.Level == LogLevel.Error && e.Message.Contains("KPI1008", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_Cancelled_ThrowsOperationCanceled()
    {
        using var host = new EngineHost();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Engine.RunAsync(EngineHost.Shop("shop.yaml"), cancellationToken: cancellation.Token));
    }

    [Fact]
    public async Task Validate_MisspeltKey_IsInvalidWithAPositionedDiagnostic()
    {
        using var host = new EngineHost();

        var validation = await host.Engine.ValidateAsync(EngineHost.Shop("broken.yaml"));

        Assert.False(validation.IsValid);
        var unknown = Assert.Single(validation.Diagnostics, d => d.IsError && d.Message.Contains("formla", StringComparison.Ordinal));
        // broken.yaml line 10, column 5: "    formla: ...".
        Assert.Equal((10, 5), (unknown.Span!.Value.Line, unknown.Span.Value.Column));
        Assert.Contains("formula", unknown.Suggestion ?? unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_GoodClientWithItsPlugins_IsValid()
    {
        using var host = new EngineHost(o => o.PluginFolders.Add(EngineHost.TestPlugins));

        var validation = await host.Engine.ValidateAsync(EngineHost.Shop("shop.yaml"));

        Assert.True(validation.IsValid, string.Join('\n', validation.Diagnostics));
    }

    [Fact]
    public async Task Explain_Kpi_GivesFormulaAndDependencies()
    {
        using var host = new EngineHost(o => o.PluginFolders.Add(EngineHost.TestPlugins));

        var explained = await host.Engine.ExplainAsync(EngineHost.Shop("shop.yaml"), "aov");

        var explanation = Assert.IsType<Evaluation.KpiExplanation>(explained.Value);
        Assert.Equal("[revenue] / [orders]", explanation.Formula);
        Assert.Equal(["orders", "revenue"], explanation.DependsOn.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Explain_UnknownKpi_SuggestsTheNearestName()
    {
        using var host = new EngineHost(o => o.PluginFolders.Add(EngineHost.TestPlugins));

        var explained = await host.Engine.ExplainAsync(EngineHost.Shop("shop.yaml"), "aovv");

        Assert.Null(explained.Value);
        Assert.Contains(explained.Diagnostics, d => d.IsError && (d.Suggestion ?? string.Empty).Contains("aov", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Goals_GrowRevenue_IsJudgedFromHandWorkedNumbers()
    {
        using var host = new EngineHost(o => o.PluginFolders.Add(EngineHost.TestPlugins));

        var report = await host.Engine.GoalsAsync(EngineHost.Shop("shop.yaml"));

        var goal = Assert.Single(report.Goals);
        // Baseline January revenue 130; target 130 + 20 = 150; current (March, the last period) 40.
        Assert.Equal(130.0, goal.Baseline.Value);
        Assert.Equal(150.0, goal.Target);
        Assert.Equal(("2026-03", 40.0), (goal.Current.Period, goal.Current.Value));
        // Progress (40 − 130) / (150 − 130) × 100 = −450 %; two of three periods to the deadline have passed (66.7 % expected).
        Assert.Equal(-450.0, goal.Progress!.Value, 9);
        Assert.Equal(200.0 / 3, goal.ExpectedProgress!.Value, 9);
        Assert.Equal(GoalStatus.OffTrack, goal.Status);
    }

    [Fact]
    public async Task ListPlugins_FindsThePluginFolderOfTheOptions_AndReportsAMissingOne()
    {
        using var host = new EngineHost(o =>
        {
            o.PluginFolders.Add(EngineHost.TestPlugins);
            o.PluginFolders.Add(Path.Combine(EngineHost.TestPlugins, "no-such-folder"));
        });

        var listing = await host.Engine.ListPluginsAsync();

        var sample = Assert.Single(listing.Plugins, p => p.Name == "sample");
        Assert.True(sample.IsLoaded);
        Assert.Equal(["weighted_average"], sample.Metrics.Select(m => m.Name));
        Assert.Contains(listing.Diagnostics, d => d.Id == "KPI6009");
    }

    [Fact]
    public async Task Logging_RunIsLoggedWithItsOutcomeAndDuration_FromTheHostsClock()
    {
        var clock = new SteppingClock(TimeSpan.FromMilliseconds(1500));
        using var host = new EngineHost(o =>
        {
            o.PluginFolders.Add(EngineHost.TestPlugins);
            o.TimeProvider = clock;
        });

        await host.Engine.RunAsync(EngineHost.Shop("shop.yaml"));

        // Each timestamp read steps the clock 1.5 s, so the run took 1500 ms by that clock.
        // 4 KPIs × 3 periods = 12 values: conversion_rate is undefined in February and March.
        var finished = Assert.Single(host.Log, e => e.EventId == 2);
        Assert.Equal(("KpiEngine", LogLevel.Information), (finished.Category, finished.Level));
        Assert.Equal("Client shop: Succeeded, 10 values defined, 2 undefined over 3 periods in 1500 ms", finished.Message);
    }

    [Fact]
    public async Task Culture_WorkRunsUnderTheConfiguredCulture_AndTheCallersIsUntouched()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("tr-TR");
            using var invariant = new EngineHost();
            using var german = new EngineHost(o => o.Culture = new CultureInfo("de-DE"));

            var a = await invariant.Engine.RunAsync(EngineHost.Shop("shop.yaml"));
            var b = await german.Engine.RunAsync(EngineHost.Shop("shop.yaml"));

            Assert.All(invariant.Log, e => Assert.Equal(string.Empty, e.Culture));
            Assert.All(german.Log, e => Assert.Equal("de-DE", e.Culture));
            Assert.Equal("tr-TR", CultureInfo.CurrentCulture.Name);
            // The culture is where plugin code runs; the engine's own numbers never depend on it.
            Assert.Equal(a.Results.Select(r => r.Value), b.Results.Select(r => r.Value));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void AddKpiEngine_Twice_RegistersOneEngineWithBothConfigurations()
    {
        var services = new ServiceCollection();
        services.AddKpiEngine(o => o.PluginFolders.Add("a"));
        services.AddKpiEngine(o => o.IsolatePlugins = true);
        using var provider = services.BuildServiceProvider();

        Assert.Single(services, s => s.ServiceType == typeof(IKpiEngine));
        Assert.Same(provider.GetRequiredService<IKpiEngine>(), provider.GetRequiredService<IKpiEngine>());
        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<KpiEngineOptions>>().Value;
        Assert.Equal(["a"], options.PluginFolders);
        Assert.True(options.IsolatePlugins);
    }

    [Fact]
    public void AddKpiEngine_ZeroPluginTimeout_FailsWhenTheEngineIsResolved()
    {
        var services = new ServiceCollection();
        services.AddKpiEngine(o => o.PluginTimeout = TimeSpan.Zero);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<IKpiEngine>());
        Assert.Contains("PluginTimeout must be positive", error.Message, StringComparison.Ordinal);
    }

    private static double?[] Values(ClientResult result, string kpi) =>
        [.. result.Results.Where(r => r.Kpi == kpi && r.Dimensions.Count == 0).Select(r => r.Value)];

    /// <summary>A clock whose every timestamp read is <paramref name="step"/> later than the one before.</summary>
    private sealed class SteppingClock(TimeSpan step) : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref _ticks, step.Ticks) - step.Ticks;
    }
}
