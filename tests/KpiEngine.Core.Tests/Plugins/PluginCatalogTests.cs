using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Plugins;
using Newtonsoft.Json;
using static KpiEngine.Core.Tests.Plugins.PluginTestKit;

namespace KpiEngine.Core.Tests.Plugins;

public sealed class PluginCatalogTests
{
    private static readonly KpiEngine.Expressions.DatasetSchema Sales = Schema("sales", ("amount", ColumnType.Number), ("label", ColumnType.Text), ("region", ColumnType.Text));

    private static readonly (int, object?[])[] SalesRows =
    [
        (January, [10.0, "a", "north"]),
        (January, [2.5, null, "south"]),
        (February, [4.0, "b", "north"]),
    ];

    [Fact]
    public void Load_GoodPlugin_ListsNameVersionContractAndMetrics()
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, folders: TestPlugin("GoodPlugin"));

        var plugin = Assert.Single(catalog.Plugins);
        Assert.True(plugin.IsLoaded);
        Assert.Equal(("good", "1.2.3", "1.2"), (plugin.Name, plugin.Version, plugin.ContractVersion));
        var metric = Assert.Single(plugin.Metrics);
        Assert.Equal("sum", metric.Name);
        Assert.Equal("Sums amount per period.", metric.Description);
        Assert.Equal(["total", "rows"], metric.Outputs);
        Assert.False(bag.HasErrors);
    }

    [Fact]
    public void Load_PluginLogsWarningThroughDependencyInjection_IsKPI6010NamingThePlugin()
    {
        var bag = new DiagnosticBag();
        Load(bag, folders: TestPlugin("GoodPlugin"));

        var log = Assert.Single(bag.WithId("KPI6010"));
        Assert.Contains("'good'", log.Message);
        Assert.Contains("good plugin registered", log.Message);
    }

    [Fact]
    public void Complete_GoodPlugin_ReturnsValuesPerPeriodAndUndefinedWhereThePluginSaysSo()
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, folders: TestPlugin("GoodPlugin"));
        var binding = catalog.Bind(PluginKpi("total", "good", "sum", parameters: ("factor", "2")), Sales, bag)!;
        var march = Months.OrdinalOf(new DateOnly(2026, 3, 1));

        var values = Run(binding, Sales, SalesRows, January, February, march);

        // January: (10 + 2.5) * factor 2 = 25; February: 4 * 2 = 8; March has no rows.
        Assert.Equal(25, values[January].Number);
        Assert.Equal(8, values[February].Number);
        Assert.Equal("no rows in 2026-03", values[march].Reason);
        Assert.Equal(["amount", "label"], binding.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Complete_SecondOutput_IsSelectedByTheKpisOutput()
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, folders: TestPlugin("GoodPlugin"));
        var binding = catalog.Bind(PluginKpi("rows", "good", "sum", output: "rows"), Sales, bag)!;

        var values = Run(binding, Sales, SalesRows, January, February);

        Assert.Equal(2, values[January].Number);
        Assert.Equal(1, values[February].Number);
    }

    [Fact]
    public void Bind_ColumnParameter_MapsTheMetricsColumnToADifferentlyNamedDatasetColumn()
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, folders: TestPlugin("GoodPlugin"));
        var schema = Schema("sales", ("price", ColumnType.Number));
        var binding = catalog.Bind(PluginKpi("total", "good", "sum", parameters: ("column.amount", "price")), schema, bag)!;

        var values = Run(binding, schema, [(January, [3.0]), (January, [4.0])], January);

        Assert.Equal(7, values[January].Number);
        Assert.False(bag.HasErrors);
    }

    [Fact]
    public void Bind_UnknownMetric_IsKPI6004WithDidYouMean()
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, folders: TestPlugin("GoodPlugin"));

        Assert.Null(catalog.Bind(PluginKpi("k", "good", "summ"), Sales, bag));

        var error = Assert.Single(bag.WithId("KPI6004"));
        Assert.Equal("Did you mean 'sum'?", error.Suggestion);
        Assert.Equal(7, error.Span!.Value.Line);
    }

    [Fact]
    public void Bind_UnknownOutput_IsKPI6004ListingTheOutputs()
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, folders: TestPlugin("GoodPlugin"));

        Assert.Null(catalog.Bind(PluginKpi("k", "good", "sum", output: "totl"), Sales, bag));

        var error = Assert.Single(bag.WithId("KPI6004"));
        Assert.Contains("it has total, rows", error.Message);
        Assert.Equal("Did you mean 'total'?", error.Suggestion);
    }

    [Fact]
    public void Bind_MissingRequiredColumn_IsKPI3002WithDidYouMean()
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, folders: TestPlugin("GoodPlugin"));
        var schema = Schema("sales", ("amount_", ColumnType.Number));

        Assert.Null(catalog.Bind(PluginKpi("k", "good", "sum"), schema, bag));

        var error = Assert.Single(bag.WithId("KPI3002"));
        Assert.Contains("dataset 'sales' has no column 'amount'", error.Message);
        Assert.Equal("Did you mean 'amount_'?", error.Suggestion);
    }

    [Fact]
    public void Bind_TextColumnWhereTheMetricNeedsNumbers_IsKPI2009()
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, folders: TestPlugin("GoodPlugin"));

        Assert.Null(catalog.Bind(PluginKpi("k", "good", "sum"), Schema("sales", ("amount", ColumnType.Text)), bag));

        Assert.Single(bag.WithId("KPI2009"));
    }

    [Fact]
    public void Bind_NoDatasetForAMetricThatReadsColumns_IsKPI1004()
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, folders: TestPlugin("GoodPlugin"));

        Assert.Null(catalog.Bind(PluginKpi("k", "good", "sum", dataset: null), null, bag));

        Assert.Contains("names no dataset", Assert.Single(bag.WithId("KPI1004")).Message);
    }

    [Fact]
    public void Bind_UnknownPluginWhenAllLoaded_IsKPI6003WithDidYouMean()
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, folders: TestPlugin("GoodPlugin"));

        Assert.Null(catalog.Bind(PluginKpi("k", "goood", "sum"), Sales, bag));

        Assert.Equal("Did you mean 'good'?", Assert.Single(bag.WithId("KPI6003")).Suggestion);
    }

    [Fact]
    public void Load_PluginBuiltForContract2_IsKPI6002AndNoneOfItsCodeRuns()
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, folders: TestPlugin("FutureContractPlugin"));

        // The plugin's constructor throws; had it run, the problem would be KPI6001 "failed while being created".
        var error = Assert.Single(bag.Items, d => d.IsError);
        Assert.Equal("KPI6002", error.Id);
        Assert.Contains("built for contract 2.0, this host has contract 1.2", error.Message);
        Assert.False(Assert.Single(catalog.Plugins).IsLoaded);
    }

    [Fact]
    public void Load_PluginBuiltForContract11_LoadsAndRunsUnchangedInThe12Host()
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, folders: TestPlugin("PastContractPlugin"));

        var values = Run(catalog.Bind(PluginKpi("k", "past", "rows", null, "sales", ("scale", "2")), Sales, bag)!, Sales, SalesRows, January);

        Assert.Empty(bag.Items);
        Assert.Equal(("past", "1.1"), (Assert.Single(catalog.Plugins).Name, catalog.Plugins[0].ContractVersion));
        // SalesRows has two January rows; scale 2 (a declared parameter, contract 1.1) makes 4.
        Assert.Equal(4.0, values[January].Number);
    }

    [Fact]
    public void Bind_KpiOfAPluginThatFailedToLoad_IsUndefinedWithTheLoadProblemAndTheRunGoesOn()
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, folders: [TestPlugin("FutureContractPlugin"), TestPlugin("GoodPlugin")]);

        var broken = catalog.Bind(PluginKpi("k", "future", "value", dataset: null), null, bag)!;
        var good = catalog.Bind(PluginKpi("t", "good", "sum"), Sales, bag)!;

        var value = Totals(broken, January)[January];
        Assert.False(value.IsDefined);
        Assert.Contains("plugin 'future' is not available", value.Reason);
        Assert.Contains("FutureContractPlugin", value.Reason);
        Assert.Single(bag.WithId("KPI6003"));
        Assert.Equal(12.5, Run(good, Sales, SalesRows, January)[January].Number);
    }

    [Fact]
    public void Complete_PrivateDependencyOfAnotherVersion_PluginGetsItsOwnCopy()
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, folders: TestPlugin("PrivateDependencyPlugin"));
        var empty = Schema("none");

        IReadOnlyDictionary<int, KpiEngine.Expressions.KpiValue> Output(string name) =>
            Run(catalog.Bind(PluginKpi(name, "private-dep", "json", output: name), empty, bag)!, empty, [], January);

        // The host runs Json.NET 13.0.3 (file version 13.0.3.x); the plugin asked for 13.0.1.
        var hostVersion = System.Diagnostics.FileVersionInfo.GetVersionInfo(typeof(JsonConvert).Assembly.Location).FileVersion;
        Assert.StartsWith("13.0.3", hostVersion);
        Assert.Equal(1, Output("patch")[January].Number);
        Assert.Equal(1, Output("private")[January].Number);
        Assert.Equal(42.5, Output("roundtrip")[January].Number);
        Assert.False(bag.HasErrors);
    }

    [Fact]
    public void Complete_PluginThatThrows_IsUndefinedNamingThePluginAndKPI6005()
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, folders: TestPlugin("ThrowingPlugin"));
        var binding = catalog.Bind(PluginKpi("k", "throws", "value", dataset: null), null, bag)!;

        var values = Totals(binding, January, February);

        Assert.All(values.Values, v => Assert.Equal("plugin metric 'throws/value' failed: InvalidOperationException: boom in 2026-01", v.Reason));
        var error = Assert.Single(bag.WithId("KPI6005"));
        Assert.Contains("KPI 'k'", error.Message);
    }

    [Fact]
    public void Complete_PluginThatReturnsNaN_OnlyThoseValuesAreUndefinedAndKPI6006()
    {
        var bag = new DiagnosticBag();
        var catalog = Load(bag, folders: TestPlugin("NaNPlugin"));
        var binding = catalog.Bind(PluginKpi("k", "nan", "value", dataset: null), null, bag)!;

        var values = Totals(binding, January, February);

        Assert.Equal(1, values[January].Number);
        Assert.Equal("plugin metric 'nan/value' returned NaN for 'value'", values[February].Reason);
        Assert.Contains("2026-02 (NaN)", Assert.Single(bag.WithId("KPI6006")).Message);
    }

    [Fact]
    public void Load_PluginWithAMissingDependency_IsKPI6001NamingTheDependency()
    {
        using var temp = new TempFolder();
        var folder = temp.CopyOf(TestPlugin("GoodPlugin"));
        File.Delete(Path.Combine(folder, "TestPluginHelper.dll"));
        var bag = new DiagnosticBag();

        var catalog = Load(bag, folders: folder);

        var error = Assert.Single(bag.WithId("KPI6001"));
        Assert.Contains("a dependency is missing: TestPluginHelper", error.Message);
        Assert.DoesNotContain(catalog.Plugins, p => p.IsLoaded);
    }

    [Fact]
    public void Load_FileThatIsNotAnAssembly_IsKPI6001BadImage()
    {
        using var temp = new TempFolder();
        var folder = Directory.CreateDirectory(Path.Combine(temp.Path, "Broken")).FullName;
        File.WriteAllText(Path.Combine(folder, "Broken.dll"), "not a PE file");
        var bag = new DiagnosticBag();

        Load(bag, folders: temp.Path);

        Assert.Contains("Broken.dll is not a valid .NET assembly", Assert.Single(bag.WithId("KPI6001")).Message);
    }

    [Fact]
    public void Load_MissingFolder_IsKPI6009()
    {
        var bag = new DiagnosticBag();

        Load(bag, folders: Path.Combine(AppContext.BaseDirectory, "no-such-plugins"));

        Assert.Single(bag.WithId("KPI6009"));
    }

    [Fact]
    public void Load_SamePluginInTwoFolders_IsKPI6008AndTheFirstIsUsed()
    {
        using var temp = new TempFolder();
        var copy = temp.CopyOf(TestPlugin("GoodPlugin"));
        var bag = new DiagnosticBag();

        var catalog = Load(bag, folders: [TestPlugin("GoodPlugin"), copy]);

        Assert.Contains("the first is used", Assert.Single(bag.WithId("KPI6008")).Message);
        Assert.NotNull(catalog.Bind(PluginKpi("k", "good", "sum"), Sales, bag));
    }

    [Fact]
    public void Load_RootOfAllTestPlugins_LoadsEachFolderInItsOwnContextAndReportsTheBadOnes()
    {
        var bag = new DiagnosticBag();

        var catalog = Load(bag, folders: TestPluginRoot);

        Assert.Equal(
            ["FutureContractPlugin", "exits", "good", "hangs", "nan", "past", "private-dep", "throws"],
            catalog.Plugins.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["KPI6002"], bag.Items.Where(d => d.IsError).Select(d => d.Id));
    }

    [Fact]
    public void SearchFolders_ClientFolderThenCommandLineThenClientFile()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(Path.Combine(temp.Path, "plugins"));
        var client = Path.Combine(temp.Path, "client.yaml");

        var folders = PluginCatalog.SearchFolders(client, ["/opt/a"], ["/opt/b", "/opt/a"]);

        Assert.Equal([Path.Combine(temp.Path, "plugins"), Path.GetFullPath("/opt/a"), Path.GetFullPath("/opt/b")], folders.Where(f => !f.StartsWith(AppContext.BaseDirectory, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(1, 0, 1, 0, true)]
    [InlineData(1, 0, 1, 3, true)]
    [InlineData(1, 4, 1, 3, false)]
    [InlineData(2, 0, 1, 3, false)]
    [InlineData(0, 9, 1, 3, false)]
    public void IsCompatible_MajorMustMatchAndMinorNotNewer(int pluginMajor, int pluginMinor, int hostMajor, int hostMinor, bool expected) =>
        Assert.Equal(expected, ContractReference.IsCompatible(new Version(pluginMajor, pluginMinor), new Version(hostMajor, hostMinor)));
}
