using KpiEngine.Definitions;
using static KpiEngine.Tests.Definitions.DefinitionFiles;

namespace KpiEngine.Tests.Definitions;

public class KpiSetLoaderTests
{
    [Fact]
    public void LoadClient_ValidClient_BuildsTheWholeModel()
    {
        var result = Client("clients/online-shop.yaml");

        Assert.Empty(result.Diagnostics);
        Assert.True(result.Succeeded);
        var set = result.Value!;
        Assert.Equal("online-shop", set.ClientId);
        Assert.Equal("Example Online Shop", set.Name);
        Assert.Equal("EUR", set.Currency);
        Assert.Equal(Path.GetFullPath(Root + "clients/online-shop.yaml"), set.SourceFile);
        // ../../plugins from TestData/Definitions/clients/
        Assert.Equal([Path.GetFullPath("TestData/plugins")], set.PluginFolders);
        Assert.Equal(["gross_margin", "target"], set.Parameters.Select(p => p.Name));
        Assert.Equal([0.42, -1500.0], set.Parameters.Select(p => p.Value));
        Assert.Equal(["orders", "revenue", "visits", "ad_spend"], set.Inputs.Select(i => i.Name));
        Assert.Equal("Net revenue", set.Inputs[1].Description);
        Assert.Equal("traffic", set.Inputs[2].Dataset);
    }

    [Fact]
    public void LoadClient_Includes_ResolveRelativeToTheIncludingFile()
    {
        var set = Client("clients/online-shop.yaml").Value!;

        Assert.Equal(
            [Path.GetFullPath(Root + "catalog/sales.yaml"), Path.GetFullPath(Root + "catalog/marketing.yaml")],
            set.Includes);
        Assert.Equal(Root + "catalog/marketing.yaml", set.Kpis.Single(k => k.Id == "cost_per_visit").SourceFile);
    }

    [Fact]
    public void LoadClient_Datasets_TakeEveryOptionAndDefaults()
    {
        var datasets = Client("clients/online-shop.yaml").Value!.Datasets;

        Assert.Equal(["orders", "payments", "traffic"], datasets.Select(d => d.Name));
        var orders = datasets[0];
        Assert.Equal(Path.GetFullPath(Root + "data/orders.csv"), orders.Path);
        Assert.Equal(DatasetFormat.Csv, orders.Format);
        Assert.Equal("ordered_at", orders.TimeColumn);
        Assert.Equal(
            [("ordered_at", ColumnType.Date), ("total", ColumnType.Number), ("status", ColumnType.Text), ("paid", ColumnType.Boolean)],
            orders.Columns.Select(c => (c.Name, c.Type)));
        Assert.Equal("de-DE", orders.Culture);
        Assert.Equal(["dd.MM.yyyy", "yyyy-MM-dd"], orders.DateFormats);
        Assert.Equal(';', orders.Delimiter);
        Assert.Equal("[status] != 'test'", orders.Filter!.Text);

        var payments = datasets[1];
        Assert.Equal(DatasetFormat.JsonLines, payments.Format);
        Assert.Equal("", payments.Culture);
        Assert.Equal(',', payments.Delimiter);
        Assert.Null(payments.TimeColumn);
        var borrow = payments.Borrow!;
        Assert.Equal(("orders", "order_id", "id"), (borrow.From, borrow.Key, borrow.LenderKey));
        Assert.Equal(["ordered_at", "status"], borrow.Columns);

        Assert.Equal(DatasetFormat.Json, datasets[2].Format);
        Assert.Equal('\t', datasets[2].Delimiter);
    }

    [Fact]
    public void LoadClient_ClientKpiWithIncludedId_OverridesOnlyTheFieldsItGives()
    {
        var set = Client("clients/online-shop.yaml").Value!;
        var aov = set.Kpis.Single(k => k.Id == "aov");

        // Given by the client:
        Assert.Equal("AOV (net)", aov.Name);
        Assert.Equal("Sum([total]) / Count()", aov.Formula!.Text);
        Assert.Equal("orders", aov.Dataset);
        // Inherited from catalog/sales.yaml:
        Assert.Equal("sales", aov.Category);
        Assert.Equal(KpiUnit.Currency, aov.Unit);
        Assert.Equal(KpiDirection.Higher, aov.Direction);
        Assert.Equal("Average revenue per order.", aov.Description);
    }

    [Fact]
    public void LoadClient_WithoutUse_SelectsIncludedThenClientKpisInFileOrder()
    {
        var set = Client("clients/online-shop.yaml").Value!;

        string[] expected = ["aov", "conversion_rate", "cost_per_visit", "oee", "revenue_per_visit"];
        Assert.Equal(expected, set.Kpis.Select(k => k.Id));
        Assert.Equal(expected, set.Selected);
    }

    [Fact]
    public void LoadClient_Use_SelectsInItsOrder()
    {
        var result = Client("clients/use-order.yaml");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["orders_per_visit", "aov", "conversion_rate"], result.Value!.Selected);
        Assert.Equal(["aov", "conversion_rate", "orders_per_visit"], result.Value.Kpis.Select(k => k.Id));
    }

    [Fact]
    public void LoadCatalog_IncludingCatalog_OverridesAndAppends()
    {
        var result = Catalog("catalog/profiles/webshop.yaml");

        Assert.Empty(result.Diagnostics);
        var kpis = result.Value!.Kpis;
        Assert.Equal("profile", result.Value.Category);
        var conversion = kpis.Single(k => k.Id == "conversion_rate");
        Assert.Equal(KpiDirection.Neutral, conversion.Direction);
        Assert.Equal("sales", conversion.Category);
        Assert.Equal("profile", kpis.Single(k => k.Id == "orders_per_visit").Category);
    }

    [Fact]
    public void LoadClient_SameCatalogThroughTwoIncludes_IsNoConflictAndTheRefinementWins()
    {
        // diamond.yaml includes sales.yaml and webshop.yaml, which includes sales.yaml again and
        // changes conversion_rate's direction.
        var result = Client("clients/diamond.yaml");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["aov", "conversion_rate", "orders_per_visit"], result.Value!.Kpis.Select(k => k.Id));
        Assert.Equal(KpiDirection.Neutral, result.Value.Kpis[1].Direction);
        Assert.Equal(2, result.Value.Includes.Count);
    }

    [Fact]
    public void LoadCatalog_PluginKpi_KeepsReferenceOutputAndParametersAsWritten()
    {
        var oee = Catalog("catalog/marketing.yaml").Value!.Kpis.Single(k => k.Id == "oee");

        Assert.Null(oee.Formula);
        Assert.Equal("production", oee.Category);
        Assert.Equal("oee", oee.Name); // name defaults to the id
        var plugin = oee.Plugin!;
        Assert.Equal(("oee", "oee", "availability"), (plugin.Plugin, plugin.Metric, plugin.Output));
        Assert.Equal("30", plugin.Parameters["ideal_cycle_seconds"]);
        Assert.Equal("early", plugin.Parameters["shift"]);
    }

    [Fact]
    public void LoadCatalog_ByteOrderMarkCrlfAndTabs_AreAccepted()
    {
        var result = Catalog("bom-crlf-tabs.yaml");

        Assert.Empty(result.Diagnostics);
        var aov = Assert.Single(result.Value!.Kpis);
        Assert.Equal(KpiUnit.Currency, aov.Unit);
        Assert.Equal("[revenue]\t/ [orders]", aov.Formula!.Text);
        // Line 1 starts with the mark; columns count from after it.
        Assert.Equal((3, 5), (aov.Span.Line, aov.Span.Column));
    }

    [Fact]
    public void LoadCatalog_Aliases_ReuseTheirAnchorsValue()
    {
        var result = Catalog("aliases.yaml");

        Assert.Empty(result.Diagnostics);
        var arpu = result.Value!.Kpis[1];
        Assert.Equal((KpiUnit.Currency, KpiDirection.Higher), (arpu.Unit, arpu.Direction));
    }

    [Theory]
    [InlineData("clients/online-shop.yaml", DefinitionFileKind.Client)]
    [InlineData("catalog/sales.yaml", DefinitionFileKind.Catalog)]
    [InlineData("bom-crlf-tabs.yaml", DefinitionFileKind.Catalog)]
    [InlineData("errors/wrong-node-type.yaml", DefinitionFileKind.Client)]
    [InlineData("errors/cycle-a.yaml", DefinitionFileKind.Catalog)]
    [InlineData("errors/billion-laughs.yaml", DefinitionFileKind.Catalog)]
    [InlineData("does-not-exist.yaml", DefinitionFileKind.Unknown)]
    [InlineData("catalog", DefinitionFileKind.Unknown)]
    public void Classify_LooksAtTopLevelKeys(string file, DefinitionFileKind expected) =>
        Assert.Equal(expected, KpiSetLoader.Classify(Root + file));

    [Fact]
    public void Classify_FileWithoutClientOrKpis_IsUnknown()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kpi-classify-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "name: nothing\n  client: nested\n");
        try
        {
            Assert.Equal(DefinitionFileKind.Unknown, KpiSetLoader.Classify(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
