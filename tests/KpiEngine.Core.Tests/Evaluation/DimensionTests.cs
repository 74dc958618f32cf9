using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;

namespace KpiEngine.Core.Tests.Evaluation;

/// <summary>
/// Results split by dimension columns. Data worked by hand (January 2026):
///   orders: A1 web/north 100, A2 web/south 50, A3 shop/north 30, A4 (no channel)/north 20.
///   traffic (no region column): web 100 + 50 = 150 visits, shop 10 visits; 160 in total.
///   total:     revenue 200, orders 4, aov 50, conversion 4 / 160 * 100 = 2.5.
///   shop:      revenue 30,  orders 1, aov 30, conversion 1 / 10 * 100 = 10.
///   web:       revenue 150, orders 2, aov 75, conversion 2 / 150 * 100 = 1.333...
///   (missing): revenue 20,  orders 1, aov 20, visits 0 -> conversion undefined (division by zero).
///   The average of the channels' aov would be (30 + 75 + 20) / 3 = 41.67, not the total's 50.
/// </summary>
public sealed class DimensionTests
{
    private const string Client = """
        client: c
        use: [aov, conversion]
        datasets:
          orders: { path: orders.csv, time: ordered_at }
          traffic: { path: traffic.csv, time: day }
        inputs:
          revenue: { dataset: orders, formula: "Sum([total])" }
          orders: { dataset: orders, formula: "Count()" }
          visits: { dataset: traffic, formula: "Sum([visits])" }
        kpis:
          - { id: aov, unit: currency, direction: higher, formula: "[revenue] / [orders]" }
          - { id: conversion, unit: percent, direction: higher, formula: "[orders] / [visits] * 100" }
        """;

    private static ClientResult Run(params string[] dimensions) => RunClient(Client, dimensions);

    private static ClientResult RunClient(string clientYaml, params string[] dimensions)
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", """
            order_id,ordered_at,channel,region,total
            A1,2026-01-05,web,north,100
            A2,2026-01-06,web,south,50
            A3,2026-01-07,shop,north,30
            A4,2026-01-08,,north,20
            """);
        folder.Write("traffic.csv", """
            day,channel,visits
            2026-01-01,web,100
            2026-01-01,shop,10
            2026-01-02,web,50
            """);
        var client = folder.Write("client.yaml", clientYaml);
        return new KpiEvaluator().Run(client, new EvaluationOptions { Dimensions = dimensions });
    }

    private static KpiResult Result(ClientResult result, string kpi, params string?[] values) =>
        result.Results.Single(r => r.Kpi == kpi && r.Period == "2026-01" && r.Dimensions.Select(d => d.Value).SequenceEqual(values));

    [Fact]
    public void Run_ByChannel_RecomputesRatiosFromEachLevelsInputsNotAveragesThem()
    {
        var result = Run("channel");

        Assert.Equal(ClientStatus.Succeeded, result.Status);
        Assert.Equal(["channel"], result.Dimensions);
        Assert.Equal(50, Result(result, "aov").Value);
        Assert.Equal(30, Result(result, "aov", "shop").Value);
        Assert.Equal(75, Result(result, "aov", "web").Value);
        Assert.Equal(20, Result(result, "aov", [null]).Value);
        Assert.Equal(2.5, Result(result, "conversion").Value);
        Assert.Equal(10, Result(result, "conversion", "shop").Value);
        Assert.Equal(2.0 / 150 * 100, Result(result, "conversion", "web").Value!.Value, 12);
        Assert.Null(Result(result, "conversion", [null]).Value);
        Assert.Contains("division by zero", Result(result, "conversion", [null]).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ByChannel_OrdersByKpiThenPeriodThenTotalThenValuesWithMissingLast()
    {
        var result = Run("channel");

        var aov = result.Results.Where(r => r.Kpi == "aov").Select(r => r.Dimensions.Count == 0 ? "total" : r.Dimensions[0].Value ?? "missing");
        Assert.Equal(["total", "shop", "web", "missing"], aov);
        Assert.Equal(["aov", "conversion"], result.Results.Select(r => r.Kpi).Distinct());
        Assert.Empty(Result(result, "aov").Dimensions);
    }

    [Fact]
    public void Run_DatasetWithoutTheDimension_IsUndefinedPerValueWithReasonButHasItsTotal()
    {
        var result = Run("region");

        // north: A1, A3, A4 = 150 / 3 = 50; south: A2 = 50. Traffic has no region, so conversion exists only in total.
        Assert.Equal(50, Result(result, "aov", "north").Value);
        Assert.Equal(50, Result(result, "aov", "south").Value);
        Assert.Equal(2.5, Result(result, "conversion").Value);
        Assert.Null(Result(result, "conversion", "north").Value);
        Assert.Equal("dataset 'traffic' has no column 'region'", Result(result, "conversion", "north").Reason);
        var warning = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticCatalog.DimensionMissing.Id);
        Assert.Contains("'traffic'", warning.Message, StringComparison.Ordinal);
        Assert.Equal(ClientStatus.Succeeded, result.Status);
    }

    [Fact]
    public void Run_TwoDimensions_GivesEachCombinationSeenInTheData()
    {
        var result = Run("channel", "region");

        var combinations = result.Results.Where(r => r.Kpi == "aov" && r.Dimensions.Count > 0)
            .Select(r => string.Join("/", r.Dimensions.Select(d => d.Value ?? "-")));
        Assert.Equal(["shop/north", "web/north", "web/south", "-/north"], combinations);
        Assert.Equal(100, Result(result, "aov", "web", "north").Value);
        Assert.Equal(50, Result(result, "aov").Value);
    }

    [Fact]
    public void Run_UnknownDimension_IsAUsageErrorWithDidYouMean()
    {
        var result = Run("chanel");

        Assert.Equal(ClientStatus.Failed, result.Status);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(DiagnosticCatalog.Usage.Id, error.Id);
        Assert.Contains("'chanel'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'channel'", error.Suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WithoutDimensions_ReportsTotalsOnly()
    {
        var result = Run();

        Assert.Empty(result.Dimensions);
        Assert.All(result.Results, r => Assert.Empty(r.Dimensions));
        Assert.Equal(2, result.Results.Count);
    }

    [Fact]
    public void Run_ClientFileDeclaresBy_SplitsWithoutTheOption()
    {
        // The same figures as --by channel (see the class comment): shop aov 30, web 75, missing 20.
        var result = RunClient("by: [channel]\n" + Client);

        Assert.Equal(["channel"], result.Dimensions);
        Assert.Equal(30, Result(result, "aov", "shop").Value);
        Assert.Equal(75, Result(result, "aov", "web").Value);
        Assert.Equal(50, Result(result, "aov").Value);
    }

    [Fact]
    public void Run_OptionReplacesTheClientFilesBy()
    {
        // --by region wins over by: [channel]: north 150 / 3 = 50, south 50 / 1 = 50.
        var result = RunClient("by: [channel]\n" + Client, "region");

        Assert.Equal(["region"], result.Dimensions);
        Assert.Equal(50, Result(result, "aov", "north").Value);
        Assert.DoesNotContain(result.Results, r => r.Dimensions.Any(d => d.Key == "channel"));
    }

    [Fact]
    public void Run_ClientFileByNamesUnknownColumn_IsPositionedErrorWithDidYouMean()
    {
        var result = RunClient("by: [region, chanel]\n" + Client);

        Assert.Equal(ClientStatus.Failed, result.Status);
        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(DiagnosticCatalog.InvalidValue.Id, error.Id);
        Assert.StartsWith("by: chanel", error.Message, StringComparison.Ordinal);
        Assert.Equal((1, 14), (error.Span!.Value.Line, error.Span.Value.Column));
        Assert.Contains("'channel'", error.Suggestion, StringComparison.Ordinal);
    }
    private static ClientResult RunWithoutOrdersFile(string ordersTime, params string[] dimensions)
    {
        using var folder = new ClientFolder();
        folder.Write("traffic.csv", "day,channel,visits\n2026-01-01,web,100\n2026-01-01,shop,10\n2026-01-02,web,50\n");
        if (ordersTime != "ordered_at")
        {
            // Read, but its time column is not there: the dataset is unusable, its columns are known.
            folder.Write("orders.csv", "order_id,ordered_at,channel,region,total\nA1,2026-01-05,web,north,100\n");
        }

        var client = folder.Write("client.yaml", Client.Replace("time: ordered_at", $"time: {ordersTime}", StringComparison.Ordinal));
        return new KpiEvaluator().Run(client, new EvaluationOptions { Dimensions = dimensions, IncludeInputs = true });
    }

    [Fact]
    public void Run_DatasetNotRead_DimensionOnlyItCouldHaveIsNotCalledUnknown()
    {
        // orders.csv is missing, and only orders could have 'region'. The missing file is the one error;
        // no "no dataset has a column 'region'" beside it. traffic is still read: visits 100 + 10 + 50 = 160.
        var result = RunWithoutOrdersFile("ordered_at", "region");

        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(DiagnosticCatalog.DatasetFileMissing.Id, error.Id);
        Assert.DoesNotContain(result.Diagnostics, d => d.Message.Contains("The columns are", StringComparison.Ordinal)
            || (d.Suggestion ?? string.Empty).Contains("The columns are", StringComparison.Ordinal));
        Assert.Contains(result.Diagnostics, d => d.Id == DiagnosticCatalog.DimensionMissing.Id && d.Message.StartsWith("Dataset 'traffic' has no column 'region'", StringComparison.Ordinal));
        Assert.Equal(160, result.Results.Single(r => r.Kpi == "visits" && r.Period == "2026-01" && r.Dimensions.Count == 0).Value);
    }

    [Fact]
    public void Run_DatasetReadButTimeColumnUnusable_ItsColumnIsAKnownDimension()
    {
        // orders.csv has 'region' but no column 'placed_at': the time column is the one error.
        var result = RunWithoutOrdersFile("placed_at", "region");

        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(DiagnosticCatalog.ColumnMissing.Id, error.Id);
        Assert.Contains("placed_at", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_DatasetReadButTimeColumnUnusable_UnknownDimensionListsItsColumnsToo()
    {
        // 'regoin' is in no dataset, read or known from a file with a bad time column: still KPI5001, with orders' columns to choose from.
        var result = RunWithoutOrdersFile("placed_at", "regoin");

        var unknown = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticCatalog.Usage.Id);
        Assert.Contains("'region'", unknown.Suggestion, StringComparison.Ordinal);
        Assert.Equal(ClientStatus.Failed, result.Status);
    }
}
