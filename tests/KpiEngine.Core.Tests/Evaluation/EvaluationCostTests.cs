using System.Diagnostics;
using System.Globalization;
using System.Text;
using KpiEngine.Evaluation;
using KpiEngine.Time;

namespace KpiEngine.Core.Tests.Evaluation;

/// <summary>
/// Nested time functions cost linear time in depth and periods: each call's value at a period is
/// computed once and reused by the calls around it.
/// </summary>
public sealed class EvaluationCostTests
{
    /// <summary>One row of amount 1 on every day of 2023, 2024 (a leap year) and 2025: 1,096 days.</summary>
    private static string DailyOnes()
    {
        var text = new StringBuilder("day,amount\n");
        for (var day = new DateOnly(2023, 1, 1); day.Year < 2026; day = day.AddDays(1))
        {
            text.Append(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(",1\n");
        }

        return text.ToString();
    }

    private static (ClientResult Result, TimeSpan Elapsed) Run(string formula)
    {
        using var folder = new ClientFolder();
        folder.Write("sales.csv", DailyOnes());
        var client = folder.Write("client.yaml", $$"""
            client: c
            datasets: { sales: { path: sales.csv, time: day } }
            inputs:
              revenue: { dataset: sales, formula: "Sum([amount])" }
            kpis:
              - { id: k, unit: number, direction: higher, formula: "{{formula}}" }
            """);
        var clock = Stopwatch.StartNew();
        var result = new KpiEvaluator().Run(client, new EvaluationOptions { Grain = Grain.Day });
        return (result, clock.Elapsed);
    }

    [Fact]
    public void Run_RollingSumNestedEightDeepAtDayGrainOverThreeYears_IsExactAndAsFastAsAPlainFormula()
    {
        var nested = "[revenue]";
        for (var depth = 0; depth < 8; depth++)
        {
            nested = $"RollingSum({nested}, 7)";
        }

        var plain = Run("[revenue] * 2");
        var (result, elapsed) = Run(nested);

        Assert.Empty(result.Diagnostics);
        var values = result.Results.Where(r => r.Kpi == "k").ToDictionary(r => r.Period);
        Assert.Equal(1096, values.Count);

        // Every day holds 1, so one rolling sum of 7 days is 7 and eight nested are 7^8 = 5,764,801.
        Assert.Equal(5_764_801, values["2025-12-31"].Value);

        // Level k needs 6k days before it (each window reaches 6 days back), so level 8 starts on day
        // 48 counted from 0: 2023-01-01 + 48 days = 2023-02-18; the day before is undefined.
        Assert.Equal(5_764_801, values["2023-02-18"].Value);
        Assert.Null(values["2023-02-17"].Value);

        // Without reuse this is 7^8 inner values per day, about 6.3 billion over the three years
        // (hours); with it, 8 x 7 per day. A generous bound that the machine's load cannot reach.
        Assert.True(elapsed < plain.Elapsed * 10 + TimeSpan.FromSeconds(2), $"nested took {elapsed}, a plain formula {plain.Elapsed}");
    }
}
