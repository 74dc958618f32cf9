using KpiEngine.Evaluation;
using KpiEngine.Time;

namespace KpiEngine.Core.Tests.Evaluation;

/// <summary>
/// Time functions over hand-worked monthly sales that cross a year end and miss a month:
///   2025-11: 10 + 5 = 15;  2025-12: 20;  2026-01: no rows, so 0;  2026-02: 40;  2026-03: 10 + 20 = 30.
/// The first row is on 2025-11-01 and the last on 2026-03-31, so no month is partial.
/// </summary>
public sealed class TimeFunctionTests
{
    private const string Sales = """
        day,amount
        2025-11-01,10
        2025-11-30,5
        2025-12-15,20
        2026-02-01,40
        2026-03-10,10
        2026-03-31,20
        """;

    private static ClientResult Run(string data, string kpis, EvaluationOptions? options = null, string extra = "")
    {
        using var folder = new ClientFolder();
        folder.Write("sales.csv", data);
        var client = folder.Write("client.yaml", $"""
            client: c
            {extra}
            datasets: {"{"} sales: {"{"} path: sales.csv, time: day {"}"} {"}"}
            inputs:
              revenue: {"{"} dataset: sales, formula: "Sum([amount])" {"}"}
            kpis:
            {kpis}
            """);
        return new KpiEvaluator().Run(client, options ?? new EvaluationOptions());
    }

    private static string Kpi(string id, string formula) => $"  - {{ id: {id}, unit: number, direction: higher, formula: \"{formula}\" }}";

    private static KpiResult Result(ClientResult result, string kpi, string period) =>
        result.Results.Single(r => r.Kpi == kpi && r.Period == period);

    private static double? Value(ClientResult result, string kpi, string period) => Result(result, kpi, period).Value;

    private static string? Reason(ClientResult result, string kpi, string period) => Result(result, kpi, period).Reason;

    [Fact]
    public void Prev_ReadsThePreviousMonthAcrossTheYearEnd_AndIsUndefinedAtTheStart()
    {
        var result = Run(Sales, Kpi("prev", "Prev([revenue])"));

        Assert.Null(Value(result, "prev", "2025-11"));
        Assert.Equal("no previous period for 2025-11 (data starts 2025-11)", Reason(result, "prev", "2025-11"));
        Assert.Equal(15, Value(result, "prev", "2025-12"));
        Assert.Equal(20, Value(result, "prev", "2026-01")); // December, across the year end
        Assert.Equal(0, Value(result, "prev", "2026-02")); // January had no rows: 0, not missing
        Assert.Equal(40, Value(result, "prev", "2026-03"));
    }

    [Fact]
    public void PrevWithCount_LooksThatManyPeriodsBack()
    {
        var result = Run(Sales, Kpi("prev3", "Prev([revenue], 3)"));

        Assert.Equal(15, Value(result, "prev3", "2026-02")); // 2026-02 - 3 months = 2025-11
        Assert.Equal("no period 3 periods before for 2026-01 (data starts 2025-11)", Reason(result, "prev3", "2026-01"));
    }

    [Fact]
    public void GrowthAndChange_CompareWithThePreviousPeriod_AndGrowthFromZeroIsUndefined()
    {
        var result = Run(Sales, string.Join('\n', Kpi("growth", "Growth([revenue])"), Kpi("change", "Change([revenue])")));

        // Dec: (20 - 15) / 15 * 100 = 33.33...; Jan: (0 - 20) / 20 * 100 = -100; Mar: (30 - 40) / 40 * 100 = -25.
        Assert.Equal(100.0 / 3, Value(result, "growth", "2025-12")!.Value, 9);
        Assert.Equal(-100, Value(result, "growth", "2026-01"));
        Assert.Null(Value(result, "growth", "2026-02"));
        Assert.Equal("no growth from 0: [revenue] is 0 in 2026-01", Reason(result, "growth", "2026-02"));
        Assert.Equal(-25, Value(result, "growth", "2026-03"));
        // Change: 20 - 15, 0 - 20, 40 - 0, 30 - 40.
        Assert.Equal([5.0, -20, 40, -10], new[] { "2025-12", "2026-01", "2026-02", "2026-03" }.Select(p => Value(result, "change", p)!.Value));
    }

    [Fact]
    public void GrowthOverTwelveMonths_IsUndefinedWithoutAYearOfHistory()
    {
        var result = Run(Sales, Kpi("yoy", "Growth([revenue], 12)"));

        Assert.Equal("no period 12 periods before for 2026-03 (data starts 2025-11)", Reason(result, "yoy", "2026-03"));
    }

    [Fact]
    public void RollingSumAndAvg_SumTheWindow_AndNameThePeriodsWhenItStartsBeforeTheData()
    {
        var result = Run(Sales, string.Join('\n', Kpi("sum3", "RollingSum([revenue], 3)"), Kpi("avg3", "RollingAvg([revenue], 3)")));

        // Jan: 15 + 20 + 0 = 35; Feb: 20 + 0 + 40 = 60; Mar: 0 + 40 + 30 = 70.
        Assert.Equal(35, Value(result, "sum3", "2026-01"));
        Assert.Equal(60, Value(result, "sum3", "2026-02"));
        Assert.Equal(70, Value(result, "sum3", "2026-03"));
        Assert.Equal(20, Value(result, "avg3", "2026-02"));
        Assert.Equal(70.0 / 3, Value(result, "avg3", "2026-03")!.Value, 9);
        Assert.Equal("RollingSum([revenue], 3) for 2025-12 needs 2025-10 to 2025-12, but data starts 2025-11", Reason(result, "sum3", "2025-12"));
    }

    [Fact]
    public void RollingSum_UndefinedPeriodInTheWindow_SaysWhichPeriod()
    {
        // Avg of a month without rows is undefined: January breaks every window that holds it.
        // Averages: Nov (10 + 5) / 2 = 7.5, Dec 20, Jan undefined, Feb 40, Mar (10 + 20) / 2 = 15.
        var result = RunWithAverage();

        Assert.Equal("[avg_amount] is undefined in 2026-01: no rows for Avg([amount])", Reason(result, "avg_sum", "2026-02"));
        Assert.Equal("[avg_amount] is undefined in 2026-01: no rows for Avg([amount])", Reason(result, "avg_sum", "2026-01"));
        Assert.Equal(27.5, Value(result, "avg_sum", "2025-12"));
        Assert.Equal(55, Value(result, "avg_sum", "2026-03"));
    }

    private static ClientResult RunWithAverage()
    {
        using var folder = new ClientFolder();
        folder.Write("sales.csv", Sales);
        var client = folder.Write("client.yaml", """
            client: c
            datasets: { sales: { path: sales.csv, time: day } }
            inputs:
              avg_amount: { dataset: sales, formula: "Avg([amount])" }
            kpis:
              - { id: avg_sum, unit: number, direction: higher, formula: "RollingSum([avg_amount], 2)" }
            """);
        return new KpiEvaluator().Run(client, new EvaluationOptions());
    }

    [Fact]
    public void CumulativeAndYtd_SumFromTheStart_AndYtdRestartsInJanuary()
    {
        var result = Run(Sales, string.Join('\n', Kpi("cum", "Cumulative([revenue])"), Kpi("ytd", "YTD([revenue])"), Kpi("mtd", "MTD([revenue])")));

        // Cumulative: 15, 35, 35, 75, 105.
        Assert.Equal([15.0, 35, 35, 75, 105], result.Periods.Select(p => Value(result, "cum", p)!.Value));
        // YTD: 2025 started before the data; 2026: Jan 0, Feb 40, Mar 70.
        Assert.Equal("YTD([revenue]) for 2025-12 needs 2025-01 to 2025-12, but data starts 2025-11", Reason(result, "ytd", "2025-12"));
        Assert.Equal(0, Value(result, "ytd", "2026-01"));
        Assert.Equal(40, Value(result, "ytd", "2026-02"));
        Assert.Equal(70, Value(result, "ytd", "2026-03"));
        // At month grain MTD is the month itself.
        Assert.Equal(30, Value(result, "mtd", "2026-03"));
    }

    [Fact]
    public void YtdAndQtd_FollowAFiscalYearStartingInNovember()
    {
        var result = Run(Sales, string.Join('\n', Kpi("ytd", "YTD([revenue])"), Kpi("qtd", "QTD([revenue])")), extra: "calendar: { fiscal_year_start: november }");

        // Fiscal year from 2025-11: 15, 35, 35, 75, 105. Fiscal quarters Nov-Jan and Feb-Apr: 15, 35, 35 | 40, 70.
        Assert.Equal([15.0, 35, 35, 75, 105], result.Periods.Select(p => Value(result, "ytd", p)!.Value));
        Assert.Equal([15.0, 35, 35, 40, 70], result.Periods.Select(p => Value(result, "qtd", p)!.Value));
    }

    [Theory]
    // April start: Oct-Dec 2025 is FY2026-Q3 (15 + 20 = 35), Jan-Mar 2026 is FY2026-Q4 (0 + 40 + 30 = 70).
    [InlineData("april", "FY2026-Q3", "FY2026-Q4")]
    // July start: Oct-Dec 2025 is FY2026-Q2, Jan-Mar 2026 is FY2026-Q3.
    [InlineData("7", "FY2026-Q2", "FY2026-Q3")]
    public void QuarterGrain_FiscalQuartersSumTheirMonths_AndPrevReadsTheFiscalQuarterBefore(string start, string autumn, string winter)
    {
        var result = Run(Sales, string.Join('\n', Kpi("rev", "[revenue]"), Kpi("prev", "Prev([revenue])")), new EvaluationOptions { Grain = Grain.Quarter }, $"calendar: {{ fiscal_year_start: {start} }}");

        Assert.Equal([autumn, winter], result.Periods);
        Assert.Equal(35, Value(result, "rev", autumn));
        Assert.Equal(70, Value(result, "rev", winter));
        Assert.Equal(35, Value(result, "prev", winter));
        // October has no rows but the data starts on 2025-11-01, so the autumn quarter is partial.
        Assert.True(Result(result, "rev", autumn).Partial);
        Assert.False(Result(result, "rev", winter).Partial);
    }

    [Fact]
    public void FromAndTo_AcceptFiscalLabels()
    {
        var result = Run(Sales, Kpi("rev", "[revenue]"), new EvaluationOptions { Grain = Grain.Month, From = "FY2026-Q4", To = "FY2026-Q4" }, "calendar: { fiscal_year_start: april }");

        Assert.Equal(["2026-01", "2026-02", "2026-03"], result.Periods);
    }

    [Fact]
    public void DayGrain_LeapDay_IsAPeriodOfItsOwnForPrevRollingAndMtd()
    {
        const string Leap = """
            day,amount
            2024-02-01,100
            2024-02-26,1
            2024-02-28,2
            2024-02-29,4
            2024-03-01,8
            2024-03-04,16
            """;
        var result = Run(Leap, string.Join('\n', Kpi("prev", "Prev([revenue])"), Kpi("sum4", "RollingSum([revenue], 4)"), Kpi("mtd", "MTD([revenue])")), new EvaluationOptions { Grain = Grain.Day });

        Assert.Equal(2, Value(result, "prev", "2024-02-29"));
        Assert.Equal(4, Value(result, "prev", "2024-03-01"));
        // 02-27 (no rows, 0) + 02-28 (2) + 02-29 (4) + 03-01 (8) = 14.
        Assert.Equal(14, Value(result, "sum4", "2024-03-01"));
        // February to date on the 29th: 100 + 1 + 2 + 4 = 107; March restarts: 8, then 8 + 16 = 24 on the 4th.
        Assert.Equal(107, Value(result, "mtd", "2024-02-29"));
        Assert.Equal(8, Value(result, "mtd", "2024-03-01"));
        Assert.Equal(24, Value(result, "mtd", "2024-03-04"));
    }

    [Fact]
    public void WeekGrain_LeapWeekAndTheWeekAcrossTheYearEnd()
    {
        const string Weeks = """
            day,amount
            2024-02-26,1
            2024-02-29,4
            2024-03-03,8
            2024-03-04,16
            """;
        var leap = Run(Weeks, Kpi("growth", "Growth([revenue])"), new EvaluationOptions { Grain = Grain.Week });
        // W09 (Mon 02-26 to Sun 03-03) = 1 + 4 + 8 = 13; W10 = 16; growth (16 - 13) / 13 * 100.
        Assert.Equal(["2024-W09", "2024-W10"], leap.Periods);
        Assert.Equal(300.0 / 13, Value(leap, "growth", "2024-W10")!.Value, 9);

        const string YearEnd = """
            day,amount
            2026-12-31,5
            2027-01-01,7
            2027-01-05,3
            """;
        var result = Run(YearEnd, string.Join('\n', Kpi("rev", "[revenue]"), Kpi("prev", "Prev([revenue])"), Kpi("ytd", "YTD([revenue])")), new EvaluationOptions { Grain = Grain.Week });
        // 2026-12-31 and 2027-01-01 are both in 2026-W53 (Mon 2026-12-28 to Sun 2027-01-03): 5 + 7 = 12.
        Assert.Equal(["2026-W53", "2027-W01"], result.Periods);
        Assert.Equal(12, Value(result, "rev", "2026-W53"));
        Assert.Equal(12, Value(result, "prev", "2027-W01"));
        // 2027-W01 is the first week of 2027 (its Thursday is 2027-01-07): YTD is the week itself.
        Assert.Equal(3, Value(result, "ytd", "2027-W01"));
        // The data starts on a Thursday and ends on a Tuesday: both weeks are partial.
        Assert.True(Result(result, "rev", "2026-W53").Partial);
        Assert.True(Result(result, "rev", "2027-W01").Partial);
    }
}
