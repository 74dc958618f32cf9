using KpiEngine.Core.Tests.Evaluation;
using KpiEngine.Datasets;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;
using KpiEngine.Expressions;
using static KpiEngine.Core.Tests.Plugins.PluginTestKit;

namespace KpiEngine.Core.Tests.Plugins;

/// <summary>
/// Plugin KPIs split by dimension (<c>--by</c>). OEE events worked by hand (January 2026,
/// ideal 0.5 min/unit; availability = running / (running + unplanned), performance = 0.5 x units / running,
/// quality = good / units):
///   M1: running 400, planned stop 30 (ignored), unplanned 50, units 760, good 740
///       -> 400/450 x 380/400 x 740/760 = 380/450 x 740/760 = 0.82222... x 0.97368... = 0.800584795...
///   M2: running 420, unplanned 60, units 800, good 780
///       -> 420/480 x 400/420 x 780/800 = 400/480 x 780/800 = 0.8125
///   all rows: running 820, unplanned 110, units 1560, good 1520 -> 780/930 x 1520/1560 = 0.817204301...
///   (the mean of the machines' OEE, 0.80654..., is not the total).
/// </summary>
public sealed class PluginDimensionTests
{
    private static readonly object?[][] M1Rows = [["running", 400.0, 760.0, 740.0, 0.5], ["planned_stop", 30.0], ["unplanned_stop", 50.0]];
    private static readonly object?[][] M2Rows = [["running", 420.0, 800.0, 780.0, 0.5], ["unplanned_stop", 60.0]];

    private static readonly DatasetSchema Events = Schema(
        "events", ("status", ColumnType.Text), ("minutes", ColumnType.Number), ("total_units", ColumnType.Number), ("good_units", ColumnType.Number), ("ideal", ColumnType.Number));

    private static KpiDefinition Oee => PluginKpi("oee", "oee", "oee", null, "events", ("column.state", "status"), ("column.duration", "minutes"), ("column.ideal_cycle_time", "ideal"));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Complete_OeeByMachine_RecomputesEachMachineFromItsRowsAndTheTotalFromAllRows(bool isolated)
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, isolated, folders: ShippedPluginRoot);
        var machines = new DimensionIndex(["machine"]);
        var m1 = machines.Intern(["M1"]);
        var m2 = machines.Intern(["M2"]);
        var rows = M1Rows.Select(r => (January, m1, r)).Concat(M2Rows.Select(r => (January, m2, r)));

        var values = RunByDimension(catalog.Bind(Oee, Events, bag)!, Events, machines, rows, January);

        Assert.Equal(380.0 / 450 * 740 / 760, values[(January, m1)].Number, 12);
        Assert.Equal(400.0 / 480 * 780 / 800, values[(January, m2)].Number, 12);
        Assert.Equal(780.0 / 930 * 1520 / 1560, values[(January, DimensionIndex.Total)].Number, 12);
        Assert.Equal(3, values.Count);
        Assert.False(bag.HasErrors);
    }

    [Fact]
    public void Complete_CombinationsThatPrintAlike_GetDistinctKeysSoTheMetricKeepsThemApart()
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, folders: TestPlugin("GoodPlugin"));
        var schema = Schema("sales", ("amount", ColumnType.Number));
        var dimensions = new DimensionIndex(["a", "b"]);
        var first = dimensions.Intern(["x / y", "z"]);
        var second = dimensions.Intern(["x", "y / z"]);
        var missing = dimensions.Intern(["x", null]);

        var values = RunByDimension(catalog.Bind(PluginKpi("t", "good", "sum"), schema, bag)!, schema, dimensions, [(January, first, [1.0]), (January, second, [2.0]), (January, missing, [4.0])], January);

        // Both print "x / y / z"; merged they would each sum 1 + 2 = 3.
        Assert.Equal("x / y / z", dimensions.KeyOf(first));
        Assert.Equal("x / (missing)", dimensions.KeyOf(missing));
        Assert.Equal(1, values[(January, first)].Number);
        Assert.Equal(2, values[(January, second)].Number);
        Assert.Equal(4, values[(January, missing)].Number);
        Assert.Equal(7, values[(January, DimensionIndex.Total)].Number);
    }

    [Fact]
    public void Complete_PluginThatThrows_EveryCombinationIsUndefinedWithTheFailure()
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, folders: TestPlugin("ThrowingPlugin"));
        var dimensions = new DimensionIndex(["machine"]);
        var m1 = dimensions.Intern(["M1"]);

        var values = RunByDimension(catalog.Bind(PluginKpi("k", "throws", "value", dataset: null), null, bag)!, Schema("none"), dimensions, [(January, m1, Array.Empty<object?>())], January);

        Assert.Equal(new[] { (January, DimensionIndex.Total), (January, m1) }, values.Keys.Order());
        Assert.All(values.Values, v => Assert.StartsWith("plugin metric 'throws/value' failed: InvalidOperationException", v.Reason, StringComparison.Ordinal));
        Assert.Single(bag.WithId("KPI6005"));
    }

    [Fact]
    public void Run_ByMachine_PluginKpiOverADatasetWithoutTheColumnIsUndefinedExceptItsTotal()
    {
        using var folder = new ClientFolder();
        folder.Write("events.csv", """
            day,machine,state,minutes,total_units,good_units,ideal
            2026-01-05,M1,running,400,760,740,0.5
            2026-01-05,M1,planned_stop,30,,,
            2026-01-05,M1,unplanned_stop,50,,,
            2026-01-06,M2,running,420,800,780,0.5
            2026-01-06,M2,unplanned_stop,60,,,
            """);
        folder.Write("line.csv", """
            day,state,minutes,total_units,good_units,ideal
            2026-01-05,running,90,180,180,0.5
            2026-01-05,unplanned_stop,10,,,
            """);
        var client = folder.Write("client.yaml", """
            client: c
            use: [oee, line_availability]
            datasets:
              events: { path: events.csv, time: day }
              line: { path: line.csv, time: day }
            kpis:
              - { id: oee, unit: ratio, direction: higher, dataset: events, plugin: oee/oee, parameters: { column.duration: minutes, column.ideal_cycle_time: ideal } }
              - { id: line_availability, unit: ratio, direction: higher, dataset: line, plugin: oee/oee, output: availability, parameters: { column.duration: minutes, column.ideal_cycle_time: ideal } }
            """);

        var result = new KpiEvaluator().Run(client, new EvaluationOptions { Dimensions = ["machine"] });

        KpiResult Result(string kpi, params string?[] values) =>
            result.Results.Single(r => r.Kpi == kpi && r.Period == "2026-01" && r.Dimensions.Select(d => d.Value).SequenceEqual(values));
        Assert.Equal(380.0 / 450 * 740 / 760, Result("oee", "M1").Value!.Value, 12);
        Assert.Equal(400.0 / 480 * 780 / 800, Result("oee", "M2").Value!.Value, 12);
        Assert.Equal(780.0 / 930 * 1520 / 1560, Result("oee").Value!.Value, 12);

        // The line log has no machine column: availability 90 / (90 + 10) = 0.9 for the total only.
        Assert.Equal(0.9, Result("line_availability").Value!.Value, 12);
        Assert.Null(Result("line_availability", "M1").Value);
        Assert.Equal("dataset 'line' has no column 'machine'", Result("line_availability", "M2").Reason);
        Assert.Contains(result.Diagnostics, d => d.Id == DiagnosticCatalog.DimensionMissing.Id && d.Message.Contains("'line'", StringComparison.Ordinal));
    }
}
