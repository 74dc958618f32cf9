using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;
using KpiEngine.Time;

namespace KpiEngine.Core.Tests.Evaluation;

/// <summary>
/// Balance inputs, Last/First, partial periods and value traces. Subscriber snapshots (not in time order):
///   January: 01-10 100, 01-31 120, 01-31 125 (same day: the later row wins for Last);
///   February: 02-14 130; March: 03-31 150, then 03-01 140 (earlier date written later).
/// </summary>
public sealed class BalanceAndTraceTests
{
    private const string Subscribers = """
        day,subscribers
        2026-01-10,100
        2026-01-31,120
        2026-01-31,125
        2026-02-14,130
        2026-03-31,150
        2026-03-01,140
        2026-03-20,
        """;

    private static ClientResult Run(ClientFolder folder, string kpis, EvaluationOptions? options = null)
    {
        folder.Write("subs.csv", Subscribers);
        var client = folder.Write("client.yaml", $$"""
            client: c
            datasets: { subs: { path: subs.csv, time: day, filter: "[subscribers] >= 0 or IsMissing([subscribers])" } }
            inputs:
              subscribers: { dataset: subs, formula: "Last([subscribers])", kind: balance }
              opening: { dataset: subs, formula: "First([subscribers])" }
            kpis:
            {{kpis}}
            """);
        return new KpiEvaluator().Run(client, options ?? new EvaluationOptions());
    }

    private static KpiResult Result(ClientResult result, string kpi, string period) =>
        result.Results.Single(r => r.Kpi == kpi && r.Period == period);

    [Fact]
    public void LastAndFirst_TakeTheLatestAndEarliestRowByTime_PerMonthAndQuarter()
    {
        using var folder = new ClientFolder();
        const string Kpis = """
              - { id: closing, unit: count, direction: higher, formula: "[subscribers]" }
              - { id: opening_k, unit: count, direction: higher, formula: "[opening]" }
              - { id: smooth, unit: count, direction: higher, formula: "RollingAvg([subscribers], 2)" }
            """;
        var months = Run(folder, Kpis);
        var quarters = Run(folder, Kpis, new EvaluationOptions { Grain = Grain.Quarter });

        // Last: Jan 125 (tie on 01-31, later row), Feb 130, Mar 150 (03-31 is latest though written first; 03-20 is missing, skipped).
        Assert.Equal([125.0, 130, 150], months.Periods.Select(p => Result(months, "closing", p).Value!.Value));
        // First: Jan 100, Feb 130, Mar 140 (03-01).
        Assert.Equal([100.0, 130, 140], months.Periods.Select(p => Result(months, "opening_k", p).Value!.Value));
        // RollingAvg over two months: Feb (125 + 130) / 2 = 127.5.
        Assert.Equal(127.5, Result(months, "smooth", "2026-02").Value);
        // Quarter: the closing balance is March 31's, not a sum of months; the opening is January 10's.
        Assert.Equal(150, Result(quarters, "closing", "2026-Q1").Value);
        Assert.Equal(100, Result(quarters, "opening_k", "2026-Q1").Value);
    }

    [Theory]
    [InlineData("YTD([subscribers])")]
    [InlineData("RollingSum([subscribers], 3)")]
    [InlineData("Cumulative([subscribers] * 2)")]
    public void SummingABalanceAcrossPeriods_IsKpi2012WithTheHint(string formula)
    {
        using var folder = new ClientFolder();
        var result = Run(folder, $"  - {{ id: bad, unit: count, direction: higher, formula: \"{formula}\" }}");

        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticCatalog.BalanceSummed.Id);
        Assert.Contains("input 'subscribers'", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("RollingAvg", diagnostic.Suggestion, StringComparison.Ordinal);
        Assert.Equal(7, diagnostic.Span!.Value.Line);
        Assert.Null(Result(result, "bad", "2026-01").Value);
    }

    [Fact]
    public void SummingAKpiThatReadsABalance_IsKpi2012NamingTheKpi()
    {
        using var folder = new ClientFolder();
        var result = Run(folder, """
              - { id: doubled, unit: count, direction: higher, formula: "[subscribers] * 2" }
              - { id: bad, unit: count, direction: higher, formula: "QTD([doubled])" }
            """);

        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticCatalog.BalanceSummed.Id);
        Assert.Contains("KPI 'doubled' reads it", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(130 * 2, Result(result, "doubled", "2026-02").Value);
    }

    [Theory]
    [InlineData("Prev([opening], 0)")]
    [InlineData("RollingAvg([opening], 2.5)")]
    [InlineData("RollingSum([opening], [opening])")]
    public void PeriodCountThatIsNotAWholeNumberLiteral_IsKpi2013(string formula)
    {
        using var folder = new ClientFolder();
        var result = Run(folder, $"  - {{ id: bad, unit: count, direction: higher, formula: \"{formula}\" }}");

        Assert.Contains(result.Diagnostics, d => d.Id == DiagnosticCatalog.BadPeriodCount.Id && d.Message.Contains("whole number from 1 to 1000", StringComparison.Ordinal));
    }

    [Fact]
    public void Partial_FirstAndLastMonthNotCovered_AreMarked_AndSoIsAValueThatReadsThem()
    {
        using var folder = new ClientFolder();
        var result = Run(folder, """
              - { id: closing, unit: count, direction: higher, formula: "[subscribers]" }
              - { id: change, unit: count, direction: higher, formula: "Change([subscribers])" }
            """);

        // Rows start on 01-10 (January partial) and end on 03-31 (March whole).
        Assert.True(Result(result, "closing", "2026-01").Partial);
        Assert.False(Result(result, "closing", "2026-02").Partial);
        Assert.False(Result(result, "closing", "2026-03").Partial);
        // February's change reads January; undefined values are never marked.
        Assert.True(Result(result, "change", "2026-02").Partial);
        Assert.False(Result(result, "change", "2026-03").Partial);
        Assert.False(Result(result, "change", "2026-01").Partial);
    }

    [Fact]
    public void Trace_GivesNamesRowsFilterAndTimeValues()
    {
        using var folder = new ClientFolder();
        Run(folder, """
              - { id: change, unit: count, direction: higher, formula: "Change([subscribers]) + [opening] * 0" }
            """);

        var loaded = new KpiEvaluator().Trace(Path.Combine(folder.Path, "client.yaml"), "change", "2026-03", new EvaluationOptions());

        var trace = loaded.Value!;
        // March 150 - February 130 = 20.
        Assert.Equal(20, trace.Value);
        Assert.Equal("2026-03", trace.Period);
        Assert.Equal("Change([subscribers]) + [opening] * 0", trace.Formula);
        var subscribers = trace.Names.Single(n => n.Name == "subscribers");
        Assert.Equal(150, subscribers.Value);
        Assert.Equal(InputKind.Balance, subscribers.InputKind);
        Assert.Equal("Last([subscribers])", subscribers.Formula);
        // March has three rows; the filter keeps all of them (the missing value passes IsMissing).
        Assert.Equal(new TracedDataset("subs", 3, "[subscribers] >= 0 or IsMissing([subscribers])", true), subscribers.Dataset);
        Assert.Contains(trace.TimeValues, t => t is { Text: "[subscribers]", Period: "2026-02", Value: 130 });
        Assert.Contains(trace.TimeValues, t => t is { Text: "Change([subscribers])", Period: "2026-03", Value: 20 });
    }

    [Fact]
    public void Trace_UndefinedValue_SaysWhy_AndUnknownKpiSuggests()
    {
        using var folder = new ClientFolder();
        Run(folder, """
              - { id: change, unit: count, direction: higher, formula: "Change([subscribers])" }
            """);
        var evaluator = new KpiEvaluator();
        var file = Path.Combine(folder.Path, "client.yaml");

        var first = evaluator.Trace(file, "change", "2026-01", new EvaluationOptions()).Value!;
        var unknown = evaluator.Trace(file, "chnage", "2026-01", new EvaluationOptions());
        var badPeriod = evaluator.Trace(file, "change", "January", new EvaluationOptions());

        Assert.Null(first.Value);
        Assert.Equal("no previous period for 2026-01 (data starts 2026-01)", first.Reason);
        Assert.Null(unknown.Value);
        Assert.Contains(unknown.Diagnostics, d => d.Suggestion == "Did you mean 'change'?");
        Assert.Contains(badPeriod.Diagnostics, d => d.Id == DiagnosticCatalog.Usage.Id);
    }
}
