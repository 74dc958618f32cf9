using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using static KpiEngine.Core.Tests.Plugins.PluginTestKit;

namespace KpiEngine.Core.Tests.Plugins;

/// <summary>Declared plugin parameters (contract 1.1): the shipped plugins declare theirs, in process and through the worker alike, and Bind checks a KPI's values against them.</summary>
public sealed class PluginParameterTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Load_ShippedPlugins_DeclareTheirParametersInProcessAndThroughTheWorker(bool isolated)
    {
        var bag = new DiagnosticBag();

        var catalog = Load(bag, isolated, folders: ShippedPluginRoot);

        Assert.Empty(bag.Items);
        var declared = catalog.Plugins.SelectMany(p => p.Metrics.Select(m => (Metric: $"{p.Name}/{m.Name}", m.Parameters)))
            .ToDictionary(m => m.Metric, m => m.Parameters);
        var offset = Assert.Single(declared["cohort/retention"]!);
        Assert.Equal(("offset", 1.0, false, null, true, false), (offset.Name, offset.Minimum, offset.ExclusiveMinimum, offset.Maximum, offset.WholeNumber, offset.Required));
        Assert.Equal(["ideal_cycle_time", "ideal_crew"], declared["oee/oee"]!.Select(p => p.Name));
        Assert.All(declared["oee/oee"]!, p => Assert.Equal((0.0, true, false), (p.Minimum, p.ExclusiveMinimum, p.WholeNumber)));

        // Declared as none (not left undeclared): a parameter given to it is an error.
        Assert.Empty(declared["sample/weighted_average"]!);
    }

    [Theory]
    [InlineData("0", "KPI7062", "parameter 'offset' of plugin metric 'cohort/retention' must be 1 or more, but is 0")]
    [InlineData("-3", "KPI7062", "must be 1 or more, but is -3")]
    [InlineData("1.5", "KPI7062", "must be a whole number, but is 1.5")]
    [InlineData("one", "KPI7062", "is 'one', which is not a number")]
    [InlineData("1e400", "KPI7062", "is '1e400', which is not a number")]
    public void Bind_OffsetTheMetricRefuses_IsReportedAndNotBound(string value, string id, string message)
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, folders: ShippedPluginRoot);
        var subs = Schema("subs", ("customer", ColumnType.Text));
        var kpi = PluginKpi("ret", "cohort", "retention", output: "cohort_retention", dataset: "subs", ("offset", value));

        var binding = catalog.Bind(kpi, subs, bag);

        Assert.Null(binding);
        var error = Assert.Single(bag.Items);
        Assert.Equal(id, error.Id);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("12")]
    [InlineData("2.0")]
    public void Bind_OffsetInRange_IsBound(string value)
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, folders: ShippedPluginRoot);
        var subs = Schema("subs", ("customer", ColumnType.Text));
        var kpi = PluginKpi("ret", "cohort", "retention", output: "cohort_retention", dataset: "subs", ("offset", value), ("column.customer", "customer"));

        Assert.NotNull(catalog.Bind(kpi, subs, bag));
        Assert.Empty(bag.Items);
    }

    [Fact]
    public void Bind_ParameterToAMetricThatDeclaresNone_IsUnknown()
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, folders: ShippedPluginRoot);
        var sales = Schema("sales", ("value", ColumnType.Number));
        var kpi = PluginKpi("avg", "sample", "weighted_average", null, "sales", ("offset", "1"));

        Assert.Null(catalog.Bind(kpi, sales, bag));
        var error = Assert.Single(bag.Items);
        Assert.Equal("KPI7063", error.Id);
        Assert.Equal("KPI 'avg': plugin metric 'sample/weighted_average' has no parameter 'offset' (it takes none).", error.Message);
    }

    [Fact]
    public void Bind_MetricThatDoesNotDeclareParameters_LeavesThemUnchecked()
    {
        // The test plugin 'good' is built the contract 1.0 way: no IDeclaresParameters.
        var catalog = Load(new DiagnosticBag(), folders: TestPlugin("GoodPlugin"));
        var metric = catalog.Plugins.Single().Metrics[0];
        var sales = Schema("sales", ("amount", ColumnType.Number));
        var kpi = PluginKpi("g", "good", metric.Name, null, "sales", ("anything", "-1"));
        var bag = new DiagnosticBag();

        Assert.Null(metric.Parameters);
        Assert.NotNull(catalog.Bind(kpi, sales, bag));
        Assert.Empty(bag.Items);
    }
}
