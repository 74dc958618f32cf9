using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Plugins;
using static KpiEngine.Core.Tests.Plugins.PluginTestKit;

namespace KpiEngine.Core.Tests.Plugins;

/// <summary>The shipped plugins, deployed by ShippedPlugins.targets as for the CLI, load and run through the host.</summary>
public sealed class ShippedPluginTests
{
    [Fact]
    public void SearchFolders_StartWithTheShippedPluginsNextToTheApplication()
    {
        Assert.Equal(ShippedPluginRoot, PluginCatalog.SearchFolders(null, [], [])[0]);
    }

    [Fact]
    public void Load_ShippedPlugins_AllLoadWithTheirMetrics()
    {
        var bag = new DiagnosticBag();

        var catalog = Load(bag, folders: ShippedPluginRoot);

        Assert.Empty(bag.Items);
        Assert.Equal(
            ["cohort/retention", "oee/oee", "sample/weighted_average"],
            catalog.Plugins.SelectMany(p => p.Metrics.Select(m => $"{p.Name}/{m.Name}")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Complete_OeeThroughTheHost_MapsColumnsAndReturnsAvailability()
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, folders: ShippedPluginRoot);
        var events = Schema("events", ("status", ColumnType.Text), ("minutes", ColumnType.Number));
        var kpi = PluginKpi("availability", "oee", "oee", output: "availability", dataset: "events", ("column.state", "status"), ("column.duration", "minutes"));

        var values = Run(catalog.Bind(kpi, events, bag)!, events, [(January, ["running", 90.0]), (January, ["unplanned_stop", 30.0]), (January, ["planned_stop", 60.0])], January);

        // Availability = running / (running + unplanned) = 90 / 120.
        Assert.Equal(0.75, values[January].Number);
        Assert.False(bag.HasErrors);
    }
}
