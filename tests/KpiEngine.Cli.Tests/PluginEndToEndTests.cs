namespace KpiEngine.Cli.Tests;

/// <summary>
/// Plugin KPIs through the kpi command, on samples/factory/machine-events.csv (worked by hand,
/// ISO 22400 terms: availability = running / (running + unplanned stops), performance =
/// ideal minutes per unit x units / running, quality = good / total):
///   January:  running 400 + 420 = 820 min, unplanned 50 + 60 = 110, units 1560 (good 1520), 0.5 min/unit;
///             OEE = 820/930 x 780/820 x 1520/1560 = 780/930 x 1520/1560 = 0.817204301...
///   February: running 380, unplanned 100, units 700 (good 690);
///             OEE = 380/480 x 350/380 x 690/700 = 0.71875.
///   By machine, January: M1 running 400, unplanned 50, units 760 (good 740) -> 400/450 x 380/400 x 740/760 = 380/450 x 740/760;
///             M2 running 420, unplanned 60, units 800 (good 780) -> 420/480 x 400/420 x 780/800 = 400/480 x 780/800;
///             the total stays 780/930 x 1520/1560 (recomputed from all events, not the machines' mean).
/// </summary>
public sealed class PluginEndToEndTests
{
    [Fact]
    public void Run_Factory_ComputesOeeWithTheShippedPluginAndUsesItInFormulas()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "run", "kpi-definitions/clients/factory.yaml", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var values = Values(run.Output);
        Assert.Equal(780.0 / 930 * 1520 / 1560, values[("oee", "2026-01")]!.Value, 12);
        Assert.Equal(0.71875, values[("oee", "2026-02")]!.Value, 12);
        Assert.Equal(71.875, values[("oee_percent", "2026-02")]!.Value, 10);
        Assert.Equal(820.0 / 930, values[("availability", "2026-01")]!.Value, 12);
    }

    [Fact]
    public void Run_FactoryIsolated_GivesTheSameValuesFromTheWorkerProcess()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "run", "kpi-definitions/clients/factory.yaml", "--format", "json", "--isolate-plugins", "--plugin-timeout", "60");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(0.71875, Values(run.Output)[("oee", "2026-02")]!.Value, 12);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_FactoryByMachine_ComputesOeePerMachineAndTheTotalFromAllEvents(bool isolated)
    {
        string[] arguments = ["run", "kpi-definitions/clients/factory.yaml", "--by", "machine", "--format", "json"];
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, isolated ? [.. arguments, "--isolate-plugins", "--plugin-timeout", "60"] : arguments);

        Assert.True(run.ExitCode == 0, run.ToString());
        var values = ValuesByMachine(run.Output);
        Assert.Equal(380.0 / 450 * 740 / 760, values[("oee", "2026-01", "M1")]!.Value, 12);
        Assert.Equal(400.0 / 480 * 780 / 800, values[("oee", "2026-01", "M2")]!.Value, 12);
        Assert.Equal(780.0 / 930 * 1520 / 1560, values[("oee", "2026-01", null)]!.Value, 12);
        Assert.Equal(400.0 / 450, values[("availability", "2026-01", "M1")]!.Value, 12);
        Assert.Equal(380.0 / 450 * 740 / 760 * 100, values[("oee_percent", "2026-01", "M1")]!.Value, 10);

        // February has events of M1 only (OEE 0.71875 as the total); M2 has none.
        Assert.Equal(0.71875, values[("oee", "2026-02", "M1")]!.Value, 12);
        Assert.Null(values[("oee", "2026-02", "M2")]);
    }

    [Fact]
    public void Run_UnknownPlugin_MakesOnlyItsKpiUndefinedAndExitsWith1()
    {
        var run = KpiProcess.Run(KpiProcess.TestData("factory"), "run", "unknown-plugin.yaml", "--format", "json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("KPI6003", run.Error, StringComparison.Ordinal);
        Assert.Contains("'oee'", run.Error, StringComparison.Ordinal); // did you mean
        var values = Values(run.Output);
        Assert.Null(values[("speed", "2026-01")]);
        Assert.Equal(1560.0, values[("units", "2026-01")]);
    }

    [Fact]
    public void ListPlugins_ShowsTheShippedPluginsAndTheirMetrics()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "list", "plugins");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("oee/oee", run.Output, StringComparison.Ordinal);
        Assert.Contains("cohort/retention", run.Output, StringComparison.Ordinal);
        Assert.Contains("3 plugin(s) loaded, 0 failed.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ListPlugins_MissingFolder_IsReported()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "list", "plugins", "--plugins", "no-such-folder");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("KPI6009", run.Error, StringComparison.Ordinal);
    }

    private static Dictionary<(string Kpi, string Period, string? Machine), double?> ValuesByMachine(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.GetProperty("clients")[0].GetProperty("results").EnumerateArray().ToDictionary(
            r => (r.GetProperty("kpi").GetString()!, r.GetProperty("period").GetString()!, r.TryGetProperty("dimensions", out var d) ? d.GetProperty("machine").GetString() : null),
            r => r.GetProperty("value").ValueKind == System.Text.Json.JsonValueKind.Null ? (double?)null : r.GetProperty("value").GetDouble());
    }

    private static Dictionary<(string Kpi, string Period), double?> Values(string json) =>
        ResultJson.Read(json).ToDictionary(p => p.Key, p => p.Value.Value);
}
