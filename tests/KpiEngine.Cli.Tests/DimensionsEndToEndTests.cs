using System.Text.Json;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// <c>kpi run --by</c> end to end over TestData/channel-shop (January 2026), worked out by hand:
///   orders A1 web/north 100, A2 web/south 50, A3 shop/north 30, A4 (no channel)/north 20;
///   traffic web 100 + 50 = 150 sessions, shop 10 (no region column).
///   total aov 200 / 4 = 50, conversion 4 / 160 * 100 = 2.5;
///   shop aov 30, conversion 10; web aov 75, conversion 2 / 150 * 100 = 1.3333;
///   (missing) aov 20, conversion undefined (no sessions: division by zero).
/// </summary>
public sealed class DimensionsEndToEndTests
{
    private static string ChannelShop => KpiProcess.TestData("channel-shop");

    [Fact]
    public void Run_ByChannelAsJson_HasTotalAndOneResultPerChannel()
    {
        var run = KpiProcess.Run(ChannelShop, "run", "channel-shop.yaml", "--by", "channel", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.Output);
        var client = document.RootElement.GetProperty("clients")[0];
        Assert.Equal("channel", client.GetProperty("dimensions")[0].GetString());
        var aov = client.GetProperty("results").EnumerateArray().Where(r => r.GetProperty("kpi").GetString() == "aov").ToList();
        Assert.Equal(4, aov.Count);
        Assert.False(aov[0].TryGetProperty("dimensions", out _)); // the total comes first and has no dimensions
        Assert.Equal(50, aov[0].GetProperty("value").GetDouble());
        Assert.Equal("shop", aov[1].GetProperty("dimensions").GetProperty("channel").GetString());
        Assert.Equal(30, aov[1].GetProperty("value").GetDouble());
        Assert.Equal("web", aov[2].GetProperty("dimensions").GetProperty("channel").GetString());
        Assert.Equal(75, aov[2].GetProperty("value").GetDouble());
        Assert.Equal(JsonValueKind.Null, aov[3].GetProperty("dimensions").GetProperty("channel").ValueKind);
        Assert.Equal(20, aov[3].GetProperty("value").GetDouble());
    }

    [Fact]
    public void Run_ByTwoDimensionsAsCsv_AddsOneColumnPerDimensionAfterPeriod()
    {
        var run = KpiProcess.Run(ChannelShop, "run", "channel-shop.yaml", "--by", "channel,region", "--format", "csv");

        // Traffic has no region: conversion per combination is undefined, its total is 2.5 (KPI3011 warns once).
        // The data covers only part of January, so every defined value is partial.
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("warning KPI3011", run.Error, StringComparison.Ordinal);
        var lines = run.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("client,kpi,period,channel,region,value,reason,unit,partial,status", lines[0]);
        Assert.Equal("channel-shop,aov,2026-01,,,50,,currency,true,", lines[1]);
        Assert.Equal("channel-shop,aov,2026-01,shop,north,30,,currency,true,", lines[2]);
        Assert.Equal("channel-shop,aov,2026-01,web,north,100,,currency,true,", lines[3]);
        Assert.Equal("channel-shop,aov,2026-01,web,south,50,,currency,true,", lines[4]);
        Assert.Equal("channel-shop,aov,2026-01,(missing),north,20,,currency,true,", lines[5]);
        Assert.Equal("channel-shop,conversion_rate,2026-01,,,2.5,,percent,true,", lines[6]);
        Assert.Equal("channel-shop,conversion_rate,2026-01,shop,north,,dataset 'traffic' has no column 'region',percent,false,", lines[7]);
        Assert.Equal(11, lines.Length);
    }

    [Fact]
    public void Run_RepeatedByOption_IsTheSameAsACommaList()
    {
        var repeated = KpiProcess.Run(ChannelShop, "run", "channel-shop.yaml", "--by", "channel", "--by", "region", "--format", "csv");
        var listed = KpiProcess.Run(ChannelShop, "run", "channel-shop.yaml", "--by", "channel,region", "--format", "csv");

        Assert.True(repeated.ExitCode == 0, repeated.ToString());
        Assert.Equal(listed.Output, repeated.Output);
    }

    [Fact]
    public void Run_Table_ShowsIndentedRowsPerChannel()
    {
        var run = KpiProcess.Run(ChannelShop, "run", "channel-shop.yaml", "--by", "channel");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("KPI / channel", run.Output, StringComparison.Ordinal);
        Assert.Contains("  (missing)", run.Output, StringComparison.Ordinal);
        Assert.Contains("75.00", run.Output, StringComparison.Ordinal);
        Assert.Contains("conversion_rate [(missing)]", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownByColumn_IsAUsageErrorWithDidYouMeanAndExitCode2()
    {
        var run = KpiProcess.Run(ChannelShop, "run", "channel-shop.yaml", "--by", "chanel");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error KPI5001", run.Error, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'channel'?", run.Error, StringComparison.Ordinal);
    }
}
