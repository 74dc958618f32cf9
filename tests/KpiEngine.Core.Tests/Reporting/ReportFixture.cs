using KpiEngine.Benchmarks;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;
using KpiEngine.Goals;
using KpiEngine.Time;

namespace KpiEngine.Core.Tests.Reporting;

/// <summary>
/// A hand-made client result for the report tests: monthly 2025-01 to 2026-03 (15 periods), an AOV
/// with a benchmark and a partial last month (insufficient data), a conversion rate undefined in its first four months,
/// a goal on the AOV, a scorecard for the last two months, and a breakdown by channel. Every number the tests check is
/// written here.
/// </summary>
internal static class ReportFixture
{
    public static readonly IReadOnlyList<string> Periods = [.. Enumerable.Range(0, 15).Select(i => new DateOnly(2025, 1, 1).AddMonths(i).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture))];

    public static readonly Benchmark AovBenchmark = new("aov", 95, 85, null, "the shop's plan", SourceSpan.At("shop.yaml", 1, 1));

    /// <summary>The AOV's bands at the monthly grain: as written (a ratio is judged at any grain).</summary>
    public static readonly JudgedBands AovBands = new(95, 85, null, Grain.Month, Grain.Month, PeriodScaling.Ratio);

    public const string PartialReason = "partial period: the data covers 1 to 14 March";

    /// <summary>AOV: 80 in 2025-03, 90 in 2026-02, 99 in 2026-03 (partial), 85 elsewhere.</summary>
    public static double Aov(string period) => period switch
    {
        "2025-03" => 80,
        "2026-02" => 90,
        "2026-03" => 99,
        _ => 85,
    };

    /// <summary>Conversion rate: undefined 2025-01..03 (no traffic data), 2025-04 (no visits), then 1.5, and 1.2 in 2026-03.</summary>
    public static double? Conversion(string period) => period switch
    {
        "2025-01" or "2025-02" or "2025-03" or "2025-04" => null,
        "2026-03" => 1.2,
        _ => 1.5,
    };

    public static string? ConversionReason(string period) => period switch
    {
        "2025-01" or "2025-02" or "2025-03" => "no data in dataset 'traffic' for " + period,
        "2025-04" => "division by zero: [visits] is 0",
        _ => null,
    };

    /// <summary>
    /// The AOV goal with a two-level cascade (counts show two decimals when not whole: 25.50), judged by hand (baseline 2025-01, as of 2026-03, deadline 2026-06:
    /// 14 of 17 months gone, expected 14 / 17 = 82.35 %, shown as 82 %):
    /// orders, declared target 120: 100 → 110, progress 10 / 20 = 50 %, below 0.75 × 82.35 = 61.8 %, projection 118: off track;
    ///   returns under orders, proportional: orders changes by (120 − 100) / 100 = +20 %, returns is lower-is-better so
    ///   30 − 0.2 × 30 = 24; 30 → 27, progress −3 / −6 = 50 %, projection 25.5: off track;
    /// conversion rate, proportional: undefined at the baseline, so no target and unknown.
    /// </summary>
    public static ClientResult WithCascade(string returnsName = "Returns")
    {
        var client = Client();
        var returns = new SupportingKpiResult("returns", returnsName, KpiUnit.Count, new GoalPoint("2025-01", 30), new GoalPoint("2026-03", 27))
        {
            Target = 24, Progress = 50, ExpectedProgress = 100.0 * 14 / 17, Projection = 25.5, Status = GoalStatus.OffTrack,
            Reason = "50 % done, 82.4 % of the time gone; the trend gives 25.5 by 2026-06", Derivation = TargetDerivation.Proportional,
        };
        var orders = new SupportingKpiResult("orders", "Orders", KpiUnit.Count, new GoalPoint("2025-01", 100), new GoalPoint("2026-03", 110))
        {
            Target = 120, Progress = 50, ExpectedProgress = 100.0 * 14 / 17, Projection = 118, Status = GoalStatus.OffTrack,
            Reason = "50 % done, 82.4 % of the time gone; the trend gives 118 by 2026-06", Derivation = TargetDerivation.Declared, Supporting = [returns],
        };
        var conversion = new SupportingKpiResult("conversion_rate", "Conversion rate", KpiUnit.Percent, new GoalPoint("2025-01", null), new GoalPoint("2025-01", null))
        {
            Reason = "the baseline 2025-01 is undefined: no data in dataset 'traffic' for 2025-01", Derivation = TargetDerivation.Proportional,
        };
        return client with { Goals = [client.Goals[0] with { Supporting = [orders, conversion] }] };
    }

    public static ClientResult Client(string name = "Tiny Shop", string aovName = "Average order value", string channel = "email", string clientFile = "/nonexistent/clients/tiny-shop.yaml")
    {
        var dimensions = new[] { new KeyValuePair<string, string?>("channel", channel) };
        var results = new List<KpiResult>();
        foreach (var period in Periods)
        {
            var aov = Aov(period);
            results.Add(new KpiResult("tiny-shop", "aov", aovName, period, aov, null, KpiUnit.Currency)
            {
                Partial = period == "2026-03",
                Benchmark = AovBenchmark,
                Bands = AovBands,
                Status = period == "2026-03" ? BenchmarkStatus.InsufficientData : AovBenchmark.Rate(aov, KpiDirection.Higher),
                StatusReason = period == "2026-03" ? PartialReason : null,
            });
            results.Add(new KpiResult("tiny-shop", "aov", aovName, period, aov + 10, null, KpiUnit.Currency) { Dimensions = dimensions, Benchmark = AovBenchmark, Status = AovBenchmark.Rate(aov + 10, KpiDirection.Higher) });
        }

        foreach (var period in Periods)
        {
            results.Add(new KpiResult("tiny-shop", "conversion_rate", "Conversion rate", period, Conversion(period), ConversionReason(period), KpiUnit.Percent));
            results.Add(new KpiResult("tiny-shop", "conversion_rate", "Conversion rate", period, null, "no data for this channel", KpiUnit.Percent) { Dimensions = dimensions });
        }

        var kpis = new[]
        {
            new KpiDefinition("aov", aovName, "sales", KpiUnit.Currency, KpiDirection.Higher, "Average revenue per order.", FormulaSource.FromText("[revenue] / [orders]"), null, null, SourceSpan.At(clientFile, 1, 1)),
            new KpiDefinition("conversion_rate", "Conversion rate", "sales", KpiUnit.Percent, KpiDirection.Higher, null, FormulaSource.FromText("[orders] / [visits] * 100"), null, null, SourceSpan.At(clientFile, 2, 1)),
        };
        var set = new KpiSet("tiny-shop", name, clientFile, "EUR", [], [], [], kpis, ["aov", "conversion_rate"], [], []);
        var goal = new GoalResult("aov_up", "Lift AOV to 100", "aov", aovName, KpiUnit.Currency, new GoalPoint("2025-01", 85), 100, new GoalPoint("2026-03", 99), "2026-06",
            93.3, 83.3, 101.5, GoalStatus.OnTrack, "the trend reaches 101.5 by 2026-06", []);
        return new ClientResult("tiny-shop", name, clientFile, Grain.Month, Periods, results, [], ClientStatus.Succeeded, "EUR")
        {
            Dimensions = ["channel"],
            Definitions = set,
            Goals = [goal],
            Coverage = [new DatasetCoverage("orders", new DateOnly(2025, 1, 1), new DateOnly(2026, 3, 14), 1234, true)],
            // 2026-02: AOV 90 is warning, 50 points, alone in 'sales'; 2026-03: insufficient data, left out, so no score.
            Scorecard =
            [
                new PeriodScore("2026-02", 50, [new CategoryScore("sales", 1, 50, 100)], [new KpiScore("aov", "sales", 1, BenchmarkStatus.Warning, 50, 100, null)]),
                new PeriodScore("2026-03", null, [new CategoryScore("sales", 1, null, 0)], [new KpiScore("aov", "sales", 1, BenchmarkStatus.InsufficientData, null, 0, "insufficient data")]),
            ],
        };
    }
}
