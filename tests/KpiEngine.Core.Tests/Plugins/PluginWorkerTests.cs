using System.Diagnostics;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Plugins;
using static KpiEngine.Core.Tests.Plugins.PluginTestKit;

namespace KpiEngine.Core.Tests.Plugins;

/// <summary>Isolated mode: plugins described and run by KpiEngine.PluginWorker processes (deployed next to the tests).</summary>
public sealed class PluginWorkerTests
{
    [Fact]
    public void Isolated_GoodPlugin_IsDescribedAndComputedInAWorker()
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, isolated: true, folders: TestPlugin("GoodPlugin"));
        var schema = Schema("sales", ("amount", ColumnType.Number));

        var plugin = Assert.Single(catalog.Plugins);
        Assert.Equal(("good", "1.2.3", "sum"), (plugin.Name, plugin.Version, Assert.Single(plugin.Metrics).Name));
        var values = Run(catalog.Bind(PluginKpi("k", "good", "sum"), schema, bag)!, schema, [(January, [1.5]), (February, [double.NaN]), (February, [2.0])], January, February);

        // A missing cell (NaN) travels to the worker as NaN: February's sum is NaN + 2 = NaN, reported as non-finite.
        Assert.Equal(1.5, values[January].Number);
        Assert.Contains("returned NaN", values[February].Reason);
        Assert.Single(bag.WithId("KPI6006"));
        Assert.Contains("good plugin registered", Assert.Single(bag.WithId("KPI6010")).Message);
    }

    [Fact]
    public void Isolated_RowsWithDimensions_CarryTheirKeysToTheWorkerAndBack()
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, isolated: true, folders: TestPlugin("GoodPlugin"));
        var schema = Schema("sales", ("amount", ColumnType.Number));
        var channels = new KpiEngine.Evaluation.DimensionIndex(["channel"]);
        var web = channels.Intern(["web"]);
        var shop = channels.Intern(["shop"]);

        var values = RunByDimension(catalog.Bind(PluginKpi("k", "good", "sum"), schema, bag)!, schema, channels, [(January, web, [1.5]), (January, shop, [2.0]), (January, web, [3.0])], January);

        // web 1.5 + 3 = 4.5, shop 2, all rows 6.5.
        Assert.Equal(4.5, values[(January, web)].Number);
        Assert.Equal(2.0, values[(January, shop)].Number);
        Assert.Equal(6.5, values[(January, KpiEngine.Evaluation.DimensionIndex.Total)].Number);
    }

    [Fact]
    public void Isolated_PluginThatHangs_IsKilledAfterTheTimeoutAndItsKpiIsUndefined()
    {
        var bag = new DiagnosticBag();
        // The timeout also bounds the worker that lists the plugin when the catalog loads: long enough
        // for a worker to start on a busy machine, or the plugin is merely "not available".
        var catalog = Load(bag, isolated: true, timeoutSeconds: 4, folders: TestPlugin("HangingPlugin"));
        var binding = catalog.Bind(PluginKpi("k", "hangs", "value", dataset: null), null, bag)!;
        var clock = Stopwatch.StartNew();

        var value = Totals(binding, January)[January];

        Assert.True(clock.Elapsed.TotalSeconds is >= 3.9 and <= 30, $"{clock.Elapsed.TotalSeconds} s: {value.Reason} / {string.Join(" | ", bag.Items)}");
        Assert.Equal("plugin metric 'hangs/value' failed: plugin 'hangs' was stopped in its worker process: it did not finish within 4 s", value.Reason);
        Assert.Single(bag.WithId("KPI6007"));
    }

    [Theory]
    [InlineData("ExitingPlugin", "exits", "KPI6007", "plugin metric 'exits/value' failed: plugin 'exits' ended its worker process (exit code 3) without an answer")]
    [InlineData("ThrowingPlugin", "throws", "KPI6005", "plugin metric 'throws/value' failed: InvalidOperationException: boom in 2026-01")]
    public void Isolated_PluginThatExitsOrThrows_IsUndefinedWithTheReasonFromTheWorker(string folder, string plugin, string id, string reason)
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, isolated: true, folders: TestPlugin(folder));
        var binding = catalog.Bind(PluginKpi("k", plugin, "value", dataset: null), null, bag)!;

        var value = Totals(binding, January)[January];

        Assert.StartsWith(reason, value.Reason);
        Assert.Single(bag.WithId(id));
    }

    [Fact]
    public void Isolated_ContractMismatch_IsKPI6002WithoutStartingAWorker()
    {
        var bag = new DiagnosticBag();
        var options = new PluginHostOptions(true, TimeSpan.FromSeconds(5), WorkerPath: "/no/worker.dll");

        PluginCatalog.Load([TestPlugin("FutureContractPlugin")], options, bag);

        Assert.Equal(["KPI6002"], bag.Items.Select(d => d.Id));
    }

    [Fact]
    public void Isolated_WorkerMissing_IsKPI6001NamingTheWorkerPath()
    {
        var bag = new DiagnosticBag();
        var options = new PluginHostOptions(true, TimeSpan.FromSeconds(5), WorkerPath: "/no/worker.dll");

        PluginCatalog.Load([TestPlugin("GoodPlugin")], options, bag);

        Assert.Contains("the worker /no/worker.dll is missing", Assert.Single(bag.WithId("KPI6001")).Message);
    }

    [Fact]
    public void Worker_IsDeployedNextToTheApplication()
    {
        Assert.True(File.Exists(PluginWorkerProcess.ResolveWorker(PluginHostOptions.Default)));
    }
}
