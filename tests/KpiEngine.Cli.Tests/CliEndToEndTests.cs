using System.Text.Json;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// The kpi command run as a process on real files. Golden numbers come from TestData/tiny-shop,
/// worked out by hand:
///   January:  orders A1 (100, delivered), A2 (50, cancelled), A3 (30, returned);
///             revenue = 100 + 30 = 130, orders = 2, aov = 65; visits = 100 + 100 = 200, conversion = 2 / 200 * 100 = 1.
///   February: A4 (70); revenue 70, orders 1, aov 70; visits = 0, so conversion is a division by zero (undefined).
///   March:    A5 (40); aov 40; traffic has no rows after February, so conversion is undefined (no data).
///   Q1:       revenue 240, orders 4, aov 60; visits 200, conversion 2.
/// </summary>
public sealed class CliEndToEndTests
{
    private static string TinyShop => KpiProcess.TestData("tiny-shop");

    [Fact]
    public void Run_TinyShopAsJson_HasHandWorkedValuesAndReasons()
    {
        var run = KpiProcess.Run(TinyShop, "run", "tiny-shop.yaml", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var results = Results(run.Output);
        Assert.Equal(65.0, results[("aov", "2026-01")].Value);
        Assert.Equal(70.0, results[("aov", "2026-02")].Value);
        Assert.Equal(40.0, results[("aov", "2026-03")].Value);
        Assert.Equal(1.0, results[("conversion_rate", "2026-01")].Value);
        Assert.Null(results[("conversion_rate", "2026-02")].Value);
        Assert.Contains("division by zero", results[("conversion_rate", "2026-02")].Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Null(results[("conversion_rate", "2026-03")].Value);
        Assert.Contains("no data in dataset 'traffic'", results[("conversion_rate", "2026-03")].Reason, StringComparison.Ordinal);
        Assert.Equal(6, results.Count);
    }

    [Fact]
    public void Run_QuarterGrain_RecomputesRatiosFromQuarterInputs()
    {
        var run = KpiProcess.Run(TinyShop, "run", "tiny-shop.yaml", "--format", "json", "--grain", "quarter");

        Assert.True(run.ExitCode == 0, run.ToString());
        var results = Results(run.Output);
        Assert.Equal(60.0, results[("aov", "2026-Q1")].Value);
        Assert.Equal(2.0, results[("conversion_rate", "2026-Q1")].Value);
        Assert.Equal(2, results.Count);
    }

    [Fact]
    public void Run_FromAndTo_LimitThePeriods()
    {
        var run = KpiProcess.Run(TinyShop, "run", "tiny-shop.yaml", "--format", "json", "--from", "2026-02", "--to", "2026-02");

        Assert.True(run.ExitCode == 0, run.ToString());
        var results = Results(run.Output);
        Assert.Equal(["2026-02"], results.Keys.Select(k => k.Period).Distinct());
        Assert.Equal(70.0, results[("aov", "2026-02")].Value);
    }

    [Fact]
    public void Run_Csv_HasTheDocumentedColumnsInStableOrder()
    {
        var run = KpiProcess.Run(TinyShop, "run", "tiny-shop.yaml", "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("client,kpi,period,value,reason,unit,partial,status", lines[0]);
        // January is partial: the first order is on 2026-01-05; February is whole (orders go on to March).
        Assert.Equal("tiny-shop,aov,2026-01,65,,currency,true,", lines[1]);
        Assert.Equal("tiny-shop,aov,2026-02,70,,currency,false,", lines[2]);
        Assert.Equal("tiny-shop,conversion_rate,2026-01,1,,percent,true,", lines[4]);
        Assert.StartsWith("tiny-shop,conversion_rate,2026-02,,", lines[5], StringComparison.Ordinal);
        Assert.Equal(7, lines.Length);
    }

    [Fact]
    public void Run_Table_ShowsKpisAcrossPeriodsAndWhyValuesAreUndefined()
    {
        var run = KpiProcess.Run(TinyShop, "run", "tiny-shop.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Tiny Shop", run.Output, StringComparison.Ordinal);
        Assert.Contains("65.00", run.Output, StringComparison.Ordinal);
        Assert.Contains("1.00 %", run.Output, StringComparison.Ordinal);
        Assert.Contains("Undefined values:", run.Output, StringComparison.Ordinal);
        Assert.Contains("no data in dataset 'traffic'", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OutFile_IsWrittenAndIdenticalOnRerun()
    {
        var folder = Directory.CreateTempSubdirectory("kpi-out-").FullName;
        var target = Path.Combine(folder, "result.json");

        var first = KpiProcess.Run(TinyShop, "run", "tiny-shop.yaml", "--format", "json", "--out", target);
        var bytes = File.ReadAllBytes(target);
        var second = KpiProcess.Run(TinyShop, "run", "tiny-shop.yaml", "--format", "json", "--out", target);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(bytes, File.ReadAllBytes(target));
        Assert.Equal(["result.json"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Run_BadPeriod_IsAUsageErrorWithExitCode2()
    {
        var run = KpiProcess.Run(TinyShop, "run", "tiny-shop.yaml", "--from", "2026-13");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("KPI5001", run.Error, StringComparison.Ordinal);
        Assert.Contains("2026-Q1", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownOption_IsAUsageErrorWithExitCode2()
    {
        var run = KpiProcess.Run(TinyShop, "run", "tiny-shop.yaml", "--colour", "red");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("KPI5001", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RaggedRow_IsReportedWithItsLineAndTheOtherRowsStillCount()
    {
        var run = KpiProcess.Run(TinyShop, "run", "ragged-shop.yaml", "--format", "json");

        // Lines 2 and 4 are good orders in January; line 3 has four fields instead of five.
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("ragged.csv(3", run.Error, StringComparison.Ordinal);
        Assert.Contains("KPI3004", run.Error, StringComparison.Ordinal);
        Assert.Equal(2.0, Results(run.Output)[("order_count", "2026-01")].Value);
    }

    [Fact]
    public void Run_OneBrokenClientAmongGood_ReportsItAndStillWritesTheGoodOne()
    {
        var folder = Directory.CreateTempSubdirectory("kpi-batch-").FullName;
        var target = Path.Combine(folder, "all.json");

        var run = KpiProcess.Run(TinyShop, "run", "tiny-shop.yaml", "broken.yaml", "--format", "json", "--out", target);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("broken-shop: failed", run.Error, StringComparison.Ordinal);
        var results = Results(File.ReadAllText(target));
        Assert.Equal(65.0, results[("aov", "2026-01")].Value);
    }

    [Fact]
    public void Validate_BrokenFile_ReportsEveryProblemWithPositionAndExitCode2()
    {
        var run = KpiProcess.Run(TinyShop, "validate", "broken.yaml");

        Assert.Equal(2, run.ExitCode);
        // Each mistake in broken.yaml, with the line it is on.
        Assert.Contains("broken.yaml(13,5): error KPI1003", run.Output, StringComparison.Ordinal); // formla
        Assert.Contains("'formula'", run.Output, StringComparison.Ordinal);
        Assert.Contains("broken.yaml(16,16): error KPI1005", run.Output, StringComparison.Ordinal); // direction: up
        Assert.Contains("KPI3002", run.Output, StringComparison.Ordinal); // [totl]
        Assert.Contains("'total'", run.Output, StringComparison.Ordinal);
        Assert.Contains("KPI2001", run.Output, StringComparison.Ordinal); // Count(
    }

    [Fact]
    public void Validate_EveryShippedDefinition_IsClean()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "validate", "kpi-definitions");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("0 errors", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_DemoClient_ComputesEveryReportedKpi()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "run", "kpi-definitions/clients/online-shop.yaml", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var results = Results(run.Output);
        Assert.Equal(22 * 6, results.Count); // 22 KPIs, January to June 2026 (the retention triangle, per cohort and age, is checked in CohortEndToEndTests)
        // Only revenue growth is undefined, and only in January: there is no December to grow from.
        var undefined = results.Where(r => r.Value.Value is null).ToList();
        var january = Assert.Single(undefined);
        Assert.Equal(("revenue_growth", "2026-01"), january.Key);
        Assert.Equal("no previous period for 2026-01 (data starts 2026-01)", january.Value.Reason);
    }

    [Fact]
    public void Explain_ShowsFormulaNamesAndDependencies()
    {
        var run = KpiProcess.Run(TinyShop, "explain", "tiny-shop.yaml", "conversion_rate");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("formula: [orders] / [visits] * 100", run.Output, StringComparison.Ordinal);
        Assert.Contains("over dataset 'traffic': Sum([sessions])", run.Output, StringComparison.Ordinal);
        Assert.Contains("depends on: orders, visits", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ExplainPeriod_TracesOneValue_WithInputsRowsAndWhyUndefined()
    {
        var defined = KpiProcess.Run(TinyShop, "explain", "tiny-shop.yaml", "aov", "--period", "2026-01");
        var undefined = KpiProcess.Run(TinyShop, "explain", "tiny-shop.yaml", "conversion_rate", "--period", "2026-02");

        // January: revenue 100 + 30 = 130 over 2 orders (A2 cancelled) = 65; three order rows, and the first is on 01-05.
        Assert.True(defined.ExitCode == 0, defined.ToString());
        Assert.Contains("kpi aov in 2026-01 = 65  (partial period", defined.Output, StringComparison.Ordinal);
        Assert.Contains("[revenue] input     = 130", defined.Output, StringComparison.Ordinal);
        Assert.Contains("formula: SumIf([total], [status] != 'cancelled')", defined.Output, StringComparison.Ordinal);
        Assert.Contains("dataset: 'orders', 3 rows in 2026-01", defined.Output, StringComparison.Ordinal);
        // February: 0 sessions on 02-10.
        Assert.True(undefined.ExitCode == 0, undefined.ToString());
        Assert.Contains("[visits] input     = 0", undefined.Output, StringComparison.Ordinal);
        Assert.Contains("undefined because: division by zero: [visits] is 0", undefined.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void RunTrace_Json_CarriesATracePerResult()
    {
        var run = KpiProcess.Run(KpiProcess.RepositoryRoot, "run", "kpi-definitions/clients/online-shop.yaml", "--format", "json", "--trace", "--from", "2026-02", "--to", "2026-02");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.Output);
        var results = document.RootElement.GetProperty("clients")[0].GetProperty("results").EnumerateArray().ToList();
        var growth = results.Single(r => r.GetProperty("kpi").GetString() == "revenue_growth");
        var trace = growth.GetProperty("trace");
        Assert.Equal("Growth([revenue])", trace.GetProperty("formula").GetString());
        Assert.False(trace.GetProperty("partial").GetBoolean());
        var revenue = trace.GetProperty("names")[0];
        Assert.Equal("revenue", revenue.GetProperty("name").GetString());
        Assert.Equal("orders", revenue.GetProperty("dataset").GetProperty("name").GetString());
        Assert.True(revenue.GetProperty("dataset").GetProperty("rows").GetInt64() > 0);
        var january = trace.GetProperty("time_values").EnumerateArray().Single(t => t.GetProperty("period").GetString() == "2026-01");
        Assert.Equal("[revenue]", january.GetProperty("text").GetString());
        // Growth = (February - January) / January * 100, from the values the trace shows.
        var february = revenue.GetProperty("value").GetDouble();
        var before = january.GetProperty("value").GetDouble();
        Assert.Equal((february - before) / before * 100, growth.GetProperty("value").GetDouble(), 9);
        // Every period result carries its trace; a cohort cell is explained by kpi explain instead (it has no period trace).
        Assert.All(results.Where(r => !r.TryGetProperty("cohort", out _)), r => Assert.True(r.TryGetProperty("trace", out _)));
        Assert.Contains(results, r => r.TryGetProperty("cohort", out _));
    }

    [Fact]
    public void Explain_UnknownKpi_SuggestsTheNearestAndExitsWith2()
    {
        var run = KpiProcess.Run(TinyShop, "explain", "tiny-shop.yaml", "convertion_rate");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Did you mean 'conversion_rate'?", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ListKpisAndInputs_ShowWhatTheClientDefines()
    {
        var kpis = KpiProcess.Run(TinyShop, "list", "kpis", "tiny-shop.yaml");
        var inputs = KpiProcess.Run(TinyShop, "list", "inputs", "tiny-shop.yaml");

        Assert.True(kpis.ExitCode == 0, kpis.ToString());
        Assert.Contains("conversion_rate", kpis.Output, StringComparison.Ordinal);
        Assert.Contains("2 KPIs available, 2 reported.", kpis.Output, StringComparison.Ordinal);
        Assert.True(inputs.ExitCode == 0, inputs.ToString());
        Assert.Contains("Sum([sessions])", inputs.Output, StringComparison.Ordinal);
    }

    private static Dictionary<(string Kpi, string Period), (double? Value, string? Reason)> Results(string json) => ResultJson.Read(json);
}
