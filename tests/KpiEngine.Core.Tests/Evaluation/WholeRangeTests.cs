using System.Text;
using KpiEngine.Evaluation;
using KpiEngine.Reporting;
using KpiEngine.Time;

namespace KpiEngine.Core.Tests.Evaluation;

/// <summary>
/// Grain <c>all</c>: one period over the whole range. The data spans three calendar years:
///   orders A1 2024-03-10 web 100, A2 2024-11-02 shop cancelled 50, A3 2025-06-15 web 30,
///          A4 2025-12-31 shop 70, A5 2026-02-01 web 20;
///   traffic 2024-03-01 100, 2025-07-01 300, 2026-01-15 100 sessions.
/// By hand: revenue (not cancelled) 100 + 30 + 70 + 20 = 220 from 4 orders, aov 220 / 4 = 55,
/// visits 500, conversion 4 / 500 * 100 = 0.8; web 150 / 3 = 50, shop 70 / 1 = 70.
/// The period covers 2024-03-01 (the first traffic day) to 2026-02-01 (the last order).
/// </summary>
public sealed class WholeRangeTests
{
    private const string Orders = """
        order_id,ordered_at,channel,status,total
        A1,2024-03-10,web,delivered,100
        A2,2024-11-02,shop,cancelled,50
        A3,2025-06-15,web,delivered,30
        A4,2025-12-31,shop,delivered,70
        A5,2026-02-01,web,delivered,20
        """;

    private const string Traffic = """
        day,sessions
        2024-03-01,100
        2025-07-01,300
        2026-01-15,100
        """;

    private const string Client = """
        client: c
        datasets:
          orders: { path: orders.csv, time: ordered_at }
          traffic: { path: traffic.csv, time: day }
        inputs:
          revenue: { dataset: orders, formula: "SumIf([total], [status] != 'cancelled')" }
          orders: { dataset: orders, formula: "CountIf([status] != 'cancelled')" }
          visits: { dataset: traffic, formula: "Sum([sessions])" }
        kpis:
          - { id: aov, unit: currency, direction: higher, formula: "[revenue] / [orders]" }
          - { id: conversion, unit: percent, direction: higher, formula: "[orders] / [visits] * 100" }
          - { id: growth, unit: percent, direction: higher, formula: "Growth([revenue])" }
          - { id: running, unit: currency, direction: higher, formula: "Cumulative([revenue])" }
        """;

    private static ClientResult Run(EvaluationOptions options)
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        folder.Write("traffic.csv", Traffic);
        return new KpiEvaluator().Run(folder.Write("client.yaml", Client), options with { IncludeInputs = true });
    }

    private static KpiResult Result(ClientResult result, string kpi, string? channel = null) =>
        result.Results.Single(r => r.Kpi == kpi && (channel is null ? r.Dimensions.Count == 0 : r.Dimensions.Count == 1 && r.Dimensions[0].Value == channel));

    [Fact]
    public void Run_GrainAll_ReportsOnePeriodOverSeveralYears()
    {
        var result = Run(new EvaluationOptions { Grain = Grain.All });

        Assert.Equal(ClientStatus.Succeeded, result.Status);
        Assert.Equal(Grain.All, result.Grain);
        Assert.Equal(["all"], result.Periods);
        Assert.Equal(220, Result(result, "revenue").Value);
        Assert.Equal(4, Result(result, "orders").Value);
        Assert.Equal(55, Result(result, "aov").Value);
        Assert.Equal(500, Result(result, "visits").Value);
        Assert.Equal(0.8, Result(result, "conversion").Value!.Value, 12);
        Assert.Equal(new DateOnly(2024, 3, 1), result.FirstDate);
        Assert.Equal(new DateOnly(2026, 2, 1), result.LastDate);
        Assert.DoesNotContain(result.Results, r => r.Partial);
    }

    [Fact]
    public void Run_GrainAll_TimeFunctionsAreUndefinedWithAReason()
    {
        var result = Run(new EvaluationOptions { Grain = Grain.All });

        foreach (var kpi in new[] { "growth", "running" })
        {
            Assert.Null(Result(result, kpi).Value);
            Assert.Contains("grain 'all' has one period", Result(result, kpi).Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Run_GrainAllByChannel_ComputesEachRatioFromItsOwnRows()
    {
        var result = Run(new EvaluationOptions { Grain = Grain.All, Dimensions = ["channel"] });

        // web: A1 100 + A3 30 + A5 20 over 3 orders; shop: A4 70 (A2 is cancelled) over 1 order.
        Assert.Equal(50, Result(result, "aov", "web").Value);
        Assert.Equal(70, Result(result, "aov", "shop").Value);
        Assert.Equal(55, Result(result, "aov").Value);
    }

    [Fact]
    public void Run_GrainAllFromTo_CountsOnlyTheRowsBetween()
    {
        var result = Run(new EvaluationOptions { Grain = Grain.All, From = "2025-01", To = "2025" });

        // 2025 only: A3 30 and A4 70, two orders, aov 50; traffic 300 sessions. The same as the year 2025.
        Assert.Equal(["all"], result.Periods);
        Assert.Equal(100, Result(result, "revenue").Value);
        Assert.Equal(50, Result(result, "aov").Value);
        Assert.Equal(300, Result(result, "visits").Value);
        Assert.Equal(new DateOnly(2025, 1, 1), result.FirstDate);
        Assert.Equal(new DateOnly(2025, 12, 31), result.LastDate);
        var year = Run(new EvaluationOptions { Grain = Grain.Year, From = "2025", To = "2025" });
        Assert.Equal(Result(year, "aov").Value, Result(result, "aov").Value);
    }

    [Fact]
    public void Run_GrainAllFromToWithoutRows_HasNoPeriod()
    {
        var result = Run(new EvaluationOptions { Grain = Grain.All, From = "2030", To = "2031" });

        Assert.Equal(ClientStatus.Failed, result.Status);
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("no period to report", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_GrainAll_JsonAndCsvGiveTheFirstAndLastDate()
    {
        var result = Run(new EvaluationOptions { Grain = Grain.All });
        using var json = new MemoryStream();
        ResultWriters.WriteJson(json, [result]);
        using var csv = new MemoryStream();
        ResultWriters.WriteCsv(csv, [result]);

        var jsonText = Encoding.UTF8.GetString(json.ToArray());
        Assert.Contains("\"grain\": \"all\"", jsonText, StringComparison.Ordinal);
        Assert.Contains("\"first_date\": \"2024-03-01\",\n      \"last_date\": \"2026-02-01\"", jsonText.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var lines = Encoding.UTF8.GetString(csv.ToArray()).Split("\r\n");
        Assert.Equal("client,kpi,period,value,reason,unit,partial,status,first_date,last_date", lines[0]);
        Assert.Equal("c,revenue,all,220,,number,false,,2024-03-01,2026-02-01", lines[1]);
    }

    [Fact]
    public void Write_MonthGrain_HasNoDateColumns()
    {
        var result = Run(new EvaluationOptions());
        using var csv = new MemoryStream();
        ResultWriters.WriteCsv(csv, [result]);

        Assert.StartsWith("client,kpi,period,value,reason,unit,partial,status\r\n", Encoding.UTF8.GetString(csv.ToArray()), StringComparison.Ordinal);
        Assert.Null(result.FirstDate);
    }

    [Fact]
    public void Calendar_All_PutsRowsOutsideTheBoundsInNeighbourPeriods()
    {
        var calendar = PeriodCalendar.WholeRange(CalendarSettings.Default, new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31));

        Assert.Equal(-1, calendar.OrdinalOf(new DateOnly(2024, 12, 31)));
        Assert.Equal(0, calendar.OrdinalOf(new DateOnly(2025, 1, 1)));
        Assert.Equal(0, calendar.OrdinalOf(new DateOnly(2025, 12, 31)));
        Assert.Equal(1, calendar.OrdinalOf(new DateOnly(2026, 1, 1)));
        Assert.Equal("all", calendar.Label(0));
        Assert.True(calendar.TryParse("all", end: false, out var ordinal));
        Assert.Equal(0, ordinal);
    }
}
