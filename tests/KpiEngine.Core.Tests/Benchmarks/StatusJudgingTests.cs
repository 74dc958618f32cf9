using System.Text;
using KpiEngine.Benchmarks;
using KpiEngine.Core.Tests.Evaluation;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;
using KpiEngine.Reporting;
using KpiEngine.Time;

namespace KpiEngine.Core.Tests.Benchmarks;

/// <summary>Trustworthy statuses: minimum samples, partial periods, grain-aware bands, and the weighted scorecard.</summary>
public sealed class StatusJudgingTests
{
    // Three whole months of orders: January 2 orders (120 + 80: AOV 100, revenue 200), February 3 (60 each: AOV 60,
    // revenue 180), March 4 (200 + 100 + 100 + 200: AOV 150, revenue 600). First row on 1 January, last on 31 March,
    // so no period is partial.
    private const string Orders = """
        order_id,ordered_at,total
        A1,2026-01-01,120
        A2,2026-01-20,80
        B1,2026-02-01,60
        B2,2026-02-10,60
        B3,2026-02-20,60
        C1,2026-03-01,200
        C2,2026-03-10,100
        C3,2026-03-20,100
        C4,2026-03-31,200
        """;

    // The client, its data and its two inputs; each test adds KPIs after 'kpis:'.
    private const string Header = """
        client: shop
        datasets:
          orders: { path: orders.csv, time: ordered_at }
        inputs:
          orders: { dataset: orders, formula: "Count()" }
          revenue: { dataset: orders, formula: "Sum([total])" }
        kpis:

        """;

    private const string Client = Header + """
          - { id: aov_declared, category: sales, unit: currency, direction: higher, scaling: ratio, min_sample: 3, formula: "[revenue] / [orders]" }
          - { id: aov_default, category: sales, unit: currency, direction: higher, scaling: ratio, formula: "[revenue] / [orders]" }
          - { id: aov_rows, category: sales, unit: currency, direction: higher, scaling: ratio, formula: "[revenue] / [orders]" }
          - { id: aov_input, category: sales, unit: currency, direction: higher, scaling: ratio, formula: "[revenue] / [orders]" }
          - { id: revenue_total, category: sales, unit: currency, direction: higher, scaling: total, formula: "[revenue]" }
          - { id: revenue_unstated, category: sales, unit: currency, direction: higher, formula: "[revenue]" }
          - { id: order_count, category: ops, unit: count, direction: higher, scaling: total, formula: "[orders]" }
        benchmarks:
          aov_declared: { good: 100, poor: 50 }
          aov_default: { good: 100, poor: 50 }
          aov_rows: { good: 100, poor: 50, min_sample: { rows: orders, at_least: 4 } }
          aov_input: { good: 100, poor: 50, min_sample: { input: orders, at_least: 3 } }
          revenue_total: { good: 300, poor: 100, per: month }
          revenue_unstated: { good: 300, poor: 100 }
          order_count: { good: 2, poor: 0 }
        scorecard:
          kpis: { aov_declared: 2, aov_default: 0, aov_rows: 0, aov_input: 0, revenue_unstated: 0 }
          categories: { sales: 3, ops: 1 }
        """;

    private static ClientResult Run(Grain grain = Grain.Month, string client = Client, string orders = Orders)
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", orders);
        return new KpiEvaluator().Run(folder.Write("client.yaml", client), new EvaluationOptions { Grain = grain });
    }

    private static KpiResult Result(ClientResult client, string kpi, string period) => client.Results.Single(r => r.Kpi == kpi && r.Period == period);

    [Fact]
    public void Run_MinSampleOnDenominator_BelowIsInsufficientAtAndAboveAreJudged()
    {
        var client = Run();
        Assert.DoesNotContain(client.Diagnostics, d => d.IsError);

        // January: 2 orders < 3, so AOV 100 (good on the bands) is not judged.
        var january = Result(client, "aov_declared", "2026-01");
        Assert.Equal(100, january.Value);
        Assert.Equal(BenchmarkStatus.InsufficientData, january.Status);
        Assert.Equal("2 orders, fewer than 3", january.StatusReason);

        // February: exactly 3 orders is enough; AOV 60 lies between poor 50 and good 100.
        Assert.Equal(BenchmarkStatus.Warning, Result(client, "aov_declared", "2026-02").Status);
        Assert.Null(Result(client, "aov_declared", "2026-02").StatusReason);

        // March: 4 orders, AOV 150 >= 100.
        Assert.Equal(BenchmarkStatus.Good, Result(client, "aov_declared", "2026-03").Status);
    }

    [Fact]
    public void Run_NoMinSample_DefaultOfTenOnACountingDenominatorApplies()
    {
        var client = Run();

        // The denominator [orders] is a Count(), so the default of 10 applies: 2, 3 and 4 orders are all too few.
        Assert.All(["2026-01", "2026-02", "2026-03"], period => Assert.Equal(BenchmarkStatus.InsufficientData, Result(client, "aov_default", period).Status));
        Assert.Equal("4 orders, fewer than 10", Result(client, "aov_default", "2026-03").StatusReason);

        // [revenue] has no denominator, so no minimum applies to revenue_total.
        Assert.Equal(BenchmarkStatus.Warning, Result(client, "revenue_total", "2026-01").Status);
    }

    [Fact]
    public void Run_MinSampleOnRowsOrNamedInputOfTheBenchmark_CountsThose()
    {
        var client = Run();

        Assert.Equal("3 rows of dataset 'orders', fewer than 4", Result(client, "aov_rows", "2026-02").StatusReason);
        Assert.Equal(BenchmarkStatus.Good, Result(client, "aov_rows", "2026-03").Status);
        Assert.Equal("2 orders, fewer than 3", Result(client, "aov_input", "2026-01").StatusReason);
        Assert.Equal(BenchmarkStatus.Warning, Result(client, "aov_input", "2026-02").Status);
    }

    [Fact]
    public void Run_PartialPeriod_IsInsufficientDataNeverAVerdict()
    {
        // The data starts on 20 January: January is partial, whatever its sample.
        var client = Run(orders: Orders.Replace("A1,2026-01-01,120\n", string.Empty, StringComparison.Ordinal));
        var january = Result(client, "revenue_total", "2026-01");
        Assert.True(january.Partial);
        Assert.Equal(BenchmarkStatus.InsufficientData, january.Status);
        Assert.StartsWith("partial period", january.StatusReason, StringComparison.Ordinal);
        Assert.Equal(BenchmarkStatus.Good, Result(client, "revenue_total", "2026-03").Status);
    }

    [Fact]
    public void Run_TotalPerMonth_ScalesToQuarterAndYear()
    {
        // Per month good 300 / poor 100 (revenue_total, scaling: total).
        var month = Run();
        Assert.Equal(BenchmarkStatus.Warning, Result(month, "revenue_total", "2026-01").Status); // 200
        Assert.Equal(BenchmarkStatus.Good, Result(month, "revenue_total", "2026-03").Status);    // 600
        Assert.False(Result(month, "revenue_total", "2026-01").Bands!.Converted);

        // Per quarter x3: good 900, poor 300; Q1 revenue 200 + 180 + 600 = 980 >= 900.
        var quarter = Result(Run(Grain.Quarter), "revenue_total", "2026-Q1");
        Assert.Equal(980, quarter.Value);
        Assert.Equal((900.0, 300.0), (quarter.Bands!.Good, quarter.Bands.Poor));
        Assert.True(quarter.Bands.Converted);
        Assert.Equal(BenchmarkStatus.Good, quarter.Status);

        // Per year x12: good 3600, poor 1200 (980 would be poor); but the data ends on 31 March, so 2026 is a partial
        // year and is not judged: a quarter's revenue against a year's bands would mislead.
        var year = Result(Run(Grain.Year), "revenue_total", "2026");
        Assert.Equal((3600.0, 1200.0), (year.Bands!.Good, year.Bands.Poor));
        Assert.True(year.Partial);
        Assert.Equal(BenchmarkStatus.InsufficientData, year.Status);
        Assert.Equal(BenchmarkStatus.Poor, year.Bands.Rate(980, KpiDirection.Higher));
    }

    [Fact]
    public void Run_UnstatedScalingAtAnotherGrain_IsNotJudgedWithReason()
    {
        var quarter = Result(Run(Grain.Quarter), "revenue_unstated", "2026-Q1");
        Assert.Null(quarter.Status);
        Assert.Null(quarter.Bands);
        Assert.Contains("stated per month", quarter.StatusReason, StringComparison.Ordinal);

        // A ratio is judged at any grain with the same bands: Q1 AOV = 980 / 9 = 108.9 >= 100; the 9 orders still fall short of 10 for the default.
        var ratio = Result(Run(Grain.Quarter), "aov_declared", "2026-Q1");
        Assert.Equal(BenchmarkStatus.Good, ratio.Status);
        Assert.Equal((100.0, 50.0), (ratio.Bands!.Good, ratio.Bands.Poor));
    }

    [Theory]
    // churn 2 % / 5 % a month: a quarter 1 - 0.98^3 = 5.8808 %, 1 - 0.95^3 = 14.2625 %;
    // a year 1 - 0.98^12 = 21.5283 %, 1 - 0.95^12 = 45.9640 %.
    [InlineData(PeriodScaling.Churn, Grain.Month, Grain.Quarter, 2, 5, 5.8808, 14.2625)]
    [InlineData(PeriodScaling.Churn, Grain.Month, Grain.Year, 2, 5, 21.528327626520017, 45.96399123373634)]
    // per quarter 5.8808 % to a year: 1 - (1 - 0.058808)^4 = 1 - 0.941192^4 = 1 - 0.98^12 again.
    [InlineData(PeriodScaling.Churn, Grain.Quarter, Grain.Year, 5.8808, 14.2625, 21.528327626520017, 45.96399123373634)]
    // retention 99 % / 97 % a month: 0.99^3 = 97.0299 %, 0.97^3 = 91.2673 %.
    [InlineData(PeriodScaling.Retention, Grain.Month, Grain.Quarter, 99, 97, 97.0299, 91.2673)]
    // growth 5 % / 1 % a month: 1.05^3 - 1 = 15.7625 %, 1.01^3 - 1 = 3.0301 %.
    [InlineData(PeriodScaling.Growth, Grain.Month, Grain.Quarter, 5, 1, 15.7625, 3.0301)]
    // totals: x3 a quarter, x12 a year, x4 from quarter to year, /3 from quarter to month; days x7 to a week.
    [InlineData(PeriodScaling.Total, Grain.Month, Grain.Quarter, 300, 100, 900, 300)]
    [InlineData(PeriodScaling.Total, Grain.Month, Grain.Year, 300, 100, 3600, 1200)]
    [InlineData(PeriodScaling.Total, Grain.Quarter, Grain.Year, 900, 300, 3600, 1200)]
    [InlineData(PeriodScaling.Total, Grain.Quarter, Grain.Month, 900, 300, 300, 100)]
    [InlineData(PeriodScaling.Total, Grain.Day, Grain.Week, 10, 2, 70, 14)]
    [InlineData(PeriodScaling.Ratio, Grain.Month, Grain.Year, 3, 1, 3, 1)]
    public void Convert_WorkedByHand(PeriodScaling scaling, Grain per, Grain grain, double good, double poor, double expectedGood, double expectedPoor)
    {
        var direction = scaling == PeriodScaling.Churn ? KpiDirection.Lower : KpiDirection.Higher;
        var benchmark = new Benchmark("k", good, poor, null, null, SourceSpan.At("b.yaml", 1, 1)) { Per = per };
        Assert.True(benchmark.IsOrderedFor(direction));
        var bands = GrainConversion.Convert(benchmark, scaling, KpiUnit.Percent, grain, out var reason);
        Assert.Null(reason);
        Assert.Equal(expectedGood, bands!.Good, 9);
        Assert.Equal(expectedPoor, bands.Poor, 9);
    }

    [Theory]
    [InlineData(PeriodScaling.Total, Grain.Month, Grain.Week, "not a fixed number")]
    [InlineData(PeriodScaling.Churn, Grain.Day, Grain.Month, "not a fixed number")]
    [InlineData(PeriodScaling.Unstated, Grain.Month, Grain.Quarter, "does not say how it scales")]
    public void Convert_NotWellDefined_GivesNoBandsAndAReason(PeriodScaling scaling, Grain per, Grain grain, string because)
    {
        var benchmark = new Benchmark("k", 2, 5, null, null, SourceSpan.At("b.yaml", 1, 1)) { Per = per };
        Assert.Null(GrainConversion.Convert(benchmark, scaling, KpiUnit.Percent, grain, out var reason));
        Assert.Contains(because, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Convert_ChurnThresholdAbove100Percent_IsNotCompounded()
    {
        var benchmark = new Benchmark("k", 50, 120, null, null, SourceSpan.At("b.yaml", 1, 1));
        Assert.Null(GrainConversion.Convert(benchmark, PeriodScaling.Churn, KpiUnit.Percent, Grain.Quarter, out var reason));
        Assert.Contains("above 100 %", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Scorecard_WeightsCategoriesAndRenormalisesOverJudgedKpis()
    {
        var client = Run();
        Assert.Equal(["2026-01", "2026-02", "2026-03"], client.Scorecard.Select(s => s.Period));

        // January: aov_declared is insufficient (left out), revenue_total 200 warning = 50, so sales = 50 on
        // revenue_total alone (weights re-normalised); order_count 2 good = 100, so ops = 100.
        // Overall (3 x 50 + 1 x 100) / (3 + 1) = 62.5.
        var january = client.Scorecard[0];
        Assert.Equal(62.5, january.Score);
        Assert.Equal(50, january.Categories.Single(c => c.Category == "sales").Score);
        Assert.Equal(75, january.Categories.Single(c => c.Category == "sales").Share);
        var leftOut = january.Kpis.Single(k => k.Kpi == "aov_declared");
        Assert.Equal("insufficient data: 2 orders, fewer than 3", leftOut.LeftOut);
        Assert.Equal(0, leftOut.Share);
        Assert.Equal(75, january.Kpis.Single(k => k.Kpi == "revenue_total").Share);

        // Weight 0 leaves a KPI off the scorecard altogether.
        Assert.Equal(["aov_declared", "revenue_total", "order_count"], january.Kpis.Select(k => k.Kpi));

        // February: aov_declared 60 warning (weight 2) and revenue_total 180 warning (weight 1): sales (2 x 50 + 50) / 3 = 50;
        // ops 3 orders good = 100; overall 62.5 again; aov_declared carries 75 % x 2/3 = 50 % of it.
        var february = client.Scorecard[1];
        Assert.Equal(62.5, february.Score);
        Assert.Equal(50, february.Kpis.Single(k => k.Kpi == "aov_declared").Share, 9);

        // March: everything good: 100.
        Assert.Equal(100, client.Scorecard[2].Score);
    }

    [Fact]
    public void WriteJsonAndCsv_Scorecard_IsWrittenPerPeriod()
    {
        var client = Run();
        using var json = new MemoryStream();
        ResultWriters.WriteJson(json, [client]);
        var text = Encoding.UTF8.GetString(json.ToArray());
        Assert.Contains("\"scorecard\": [", text, StringComparison.Ordinal);
        Assert.Contains("\"score\": 62.5", text, StringComparison.Ordinal);
        Assert.Contains("\"status\": \"insufficient_data\"", text, StringComparison.Ordinal);
        Assert.Contains("\"status_reason\": \"2 orders, fewer than 3\"", text, StringComparison.Ordinal);

        using var csv = new MemoryStream();
        ResultWriters.WriteCsv(csv, [client]);
        var lines = Encoding.UTF8.GetString(csv.ToArray()).Split("\r\n");
        Assert.Equal("client,kpi,period,value,reason,unit,partial,status,status_reason", lines[0]);
        Assert.Contains("shop,aov_declared,2026-01,100,,currency,false,insufficient_data,\"2 orders, fewer than 3\"", lines);
        Assert.Contains("shop,scorecard,2026-01,62.5,,score,false,,", lines);
        Assert.Contains("shop,scorecard.sales,2026-01,50,,score,false,,", lines);
    }

    [Theory]
    [InlineData("min_sample: 5, formula: \"[revenue] + 1\"", "does not divide by one name")]
    [InlineData("min_sample: { input: nope, at_least: 3 }, formula: \"[revenue] / [orders]\"", "'nope', which is no input or KPI")]
    [InlineData("min_sample: { rows: elsewhere, at_least: 3 }, formula: \"[revenue] / [orders]\"", "does not read")]
    public void Validate_SampleThatCannotBeCounted_IsKpi1060(string keys, string message)
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        var file = folder.Write("client.yaml", Header + $$"""
              - { id: k, unit: currency, direction: higher, {{keys}} }
            benchmarks:
              k: { good: 2, poor: 1 }
            """);
        var problem = Assert.Single(new KpiEvaluator().Validate(file), d => d.Id == "KPI1060");
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.Equal(8, problem.Span!.Value.Line);
    }

    [Fact]
    public void Load_ScalingThatCompoundsANonShare_AndUnusedScorecardWeights_AreReported()
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        var file = folder.Write("client.yaml", """
            client: shop
            datasets:
              orders: { path: orders.csv, time: ordered_at }
            inputs:
              revenue: { dataset: orders, formula: "Sum([total])" }
            kpis:
              - { id: k, unit: currency, direction: higher, scaling: churn, formula: "[revenue]" }
            scorecard:
              kpis: { k: 2, nothing_here: 1 }
              categories: { salse: 1 }
            """);
        var diagnostics = new KpiEvaluator().Validate(file);
        Assert.Contains(diagnostics, d => d.Id == "KPI1005" && d.Message.Contains("scaling: churn", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Id == "KPI1012" && d.Message.Contains("nothing_here", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Id == "KPI1061" && d.Message.Contains("'k', which has no benchmark", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Id == "KPI1061" && d.Message.Contains("category 'salse'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Run_ByChannelOnAnyThreads_EveryLevelJudgedOnItsOwnValue(int threads)
    {
        // January 2026 (the rows cover it whole, 1 to 31 January, so nothing is partial), AOV with good 100, poor 50:
        //   web:  120 + 80 = 200 over 2 orders = 100       -> good (at the good band)
        //   shop: 40 over 1 order = 40                     -> poor (below the poor band)
        //   app:  70 + 70 + 70 = 210 over 3 orders = 70    -> warning (between)
        //   total: 200 + 40 + 210 = 450 over 6 orders = 75 -> warning
        // aov_default keeps the default minimum sample of 10 orders, which no level has: insufficient data, with its
        // reason, at every level. revenue has no benchmark: no status at any level. The levels are judged on the run's threads (four here, on
        // a handful of levels), each writing its own results; a status must land with its own result whatever the threads.
        const string Data = """
            order_id,ordered_at,channel,total
            A1,2026-01-01,web,120
            A2,2026-01-10,shop,40
            A3,2026-01-12,app,70
            A4,2026-01-15,web,80
            A5,2026-01-20,app,70
            A6,2026-01-31,app,70
            """;
        const string Judged = Header + """
              - { id: aov, unit: currency, direction: higher, scaling: ratio, min_sample: 1, formula: "[revenue] / [orders]" }
              - { id: aov_default, unit: currency, direction: higher, scaling: ratio, formula: "[revenue] / [orders]" }
              - { id: revenue_seen, unit: currency, direction: higher, formula: "[revenue]" }
            benchmarks:
              aov: { good: 100, poor: 50 }
              aov_default: { good: 100, poor: 50 }
            """;
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Data);
        var client = new KpiEvaluator().Run(folder.Write("client.yaml", Judged), new EvaluationOptions { Dimensions = ["channel"], ScanThreads = threads });
        Assert.DoesNotContain(client.Diagnostics, d => d.IsError);
        BenchmarkStatus? StatusOf(string kpi, string? channel) =>
            client.Results.Single(r => r.Kpi == kpi && r.Period == "2026-01" && (channel is null ? r.Dimensions.Count == 0 : r.Dimensions.Count == 1 && r.Dimensions[0].Value == channel)).Status;

        Assert.Equal(BenchmarkStatus.Warning, StatusOf("aov", null));
        Assert.Equal(BenchmarkStatus.Good, StatusOf("aov", "web"));
        Assert.Equal(BenchmarkStatus.Poor, StatusOf("aov", "shop"));
        Assert.Equal(BenchmarkStatus.Warning, StatusOf("aov", "app"));
        Assert.All(client.Results.Where(r => r.Kpi == "revenue_seen"), r => Assert.Null(r.Status));
        Assert.All(client.Results.Where(r => r.Kpi == "aov_default"), r =>
        {
            Assert.Equal(BenchmarkStatus.InsufficientData, r.Status);
            Assert.EndsWith("fewer than 10", r.StatusReason, StringComparison.Ordinal);
        });

        // The CSV of the results read as a table and as records: the same bytes, with the status column filled where judged.
        using var asTable = new MemoryStream();
        ResultWriters.WriteCsv(asTable, [client]);
        using var asRecords = new MemoryStream();
        ResultWriters.WriteCsv(asRecords, [client with { Results = [.. client.Results] }]);
        Assert.Equal(Encoding.UTF8.GetString(asRecords.ToArray()), Encoding.UTF8.GetString(asTable.ToArray()));
        Assert.Contains("aov,2026-01,web,100,,currency,false,good,", Encoding.UTF8.GetString(asTable.ToArray()), StringComparison.Ordinal);
    }
}
