using System.Diagnostics;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using static KpiEngine.Tests.Definitions.DefinitionFiles;

namespace KpiEngine.Tests.Definitions;

public class KpiSetLoaderDiagnosticsTests
{
    [Fact]
    public void Load_YamlSyntaxError_IsKpi1001AtTheParsersPositionAndNoModel()
    {
        var result = Catalog("errors/syntax-error.yaml");

        Assert.Null(result.Value);
        var error = Single(result.Diagnostics, "KPI1001", "errors/syntax-error.yaml", 4, 4);
        Assert.Contains("did not find expected '-' indicator", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicateKey_IsKpi1002AtTheSecondNamingTheFirstLine()
    {
        var error = Single(Catalog("errors/duplicate-key.yaml").Diagnostics, "KPI1002", "errors/duplicate-key.yaml", 5, 5);

        Assert.Contains("'unit'", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MisspelledKey_IsKpi1003WithDidYouMean()
    {
        var error = Single(Catalog("errors/unknown-key.yaml").Diagnostics, "KPI1003", "errors/unknown-key.yaml", 5, 5);

        Assert.Contains("KPI 'aov'", error.Message, StringComparison.Ordinal);
        Assert.Equal("Did you mean 'formula'?", error.Suggestion);
    }

    [Fact]
    public void Load_MissingAndEmptyRequiredKeys_AreKpi1004NamingKpiAndKey()
    {
        var diagnostics = Catalog("errors/missing-key.yaml").Diagnostics;

        Assert.Equal(2, diagnostics.Count);
        var missing = At(diagnostics, "KPI1004", 2, 5);
        Assert.Equal("KPI 'aov' has no 'unit'.", missing.Message);
        Assert.Equal("Add a line like 'unit: currency'.", missing.Suggestion);
        var empty = At(diagnostics, "KPI1004", 3, 5);
        Assert.Equal("KPI 'aov' has an empty 'direction'.", empty.Message);
    }

    [Fact]
    public void Load_NumberWithLeadingZero_IsKpi1005SuggestingTheNumber()
    {
        var error = At(Client("errors/bad-scalars.yaml").Diagnostics, "KPI1005", 3, 10);

        Assert.Contains("'010'", error.Message, StringComparison.Ordinal);
        Assert.Equal("Write 10, or quote it if it is text.", error.Suggestion);
    }

    [Theory]
    [InlineData(4, 17, "'.nan' is not a usable number")]
    [InlineData(5, 9, "'1e400' is too large")]
    [InlineData(6, 9, "'yes' is not a number")]
    public void Load_NumberThatIsNotFinite_IsKpi1005(int line, int column, string message)
    {
        var error = At(Client("errors/bad-scalars.yaml").Diagnostics, "KPI1005", line, column);

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_YesAsPluginParameter_IsKpi1005AskingForTrueOrFalse()
    {
        var error = At(Client("errors/bad-scalars.yaml").Diagnostics, "KPI1005", 13, 29);

        Assert.Equal("Write true or false, or quote it if it is text.", error.Suggestion);
    }

    [Fact]
    public void Load_EnumInWrongCase_IsKpi1005SuggestingTheLowercaseValue()
    {
        var error = At(Client("errors/bad-scalars.yaml").Diagnostics, "KPI1005", 10, 11);

        Assert.Equal("'Currency' is not a valid 'unit' for KPI 'uptime'.", error.Message);
        Assert.Equal("Did you mean 'currency'?", error.Suggestion);
    }

    [Theory]
    [InlineData(4, 11, "The format of dataset 'orders' cannot be told from the extension '.txt'.")]
    [InlineData(5, 14, "'xx-NOPE' is not a known culture for dataset 'orders'.")]
    [InlineData(6, 16, "The delimiter of dataset 'orders' must be exactly one character, not ';;'.")]
    [InlineData(11, 5, "KPI 'both' has both a 'formula' and a 'plugin'.")]
    [InlineData(17, 13, "KPI 'stray' has 'output', which only applies to a plugin KPI.")]
    public void Load_DatasetAndKpiValuesThatCannotWork_AreKpi1005(int line, int column, string message)
    {
        var diagnostics = Client("errors/bad-values.yaml").Diagnostics;

        Assert.Equal(5, diagnostics.Count);
        Assert.Equal(message, At(diagnostics, "KPI1005", line, column).Message);
    }

    [Fact]
    public void Load_InvalidNames_AreKpi1013WithAFixedName()
    {
        var diagnostics = Client("errors/bad-scalars.yaml").Diagnostics;

        var client = At(diagnostics, "KPI1013", 1, 9);
        Assert.Contains("'bad scalars'", client.Message, StringComparison.Ordinal);
        var parameter = At(diagnostics, "KPI1013", 7, 3);
        Assert.Equal("Write it as '_2nd'.", parameter.Suggestion);
    }

    [Fact]
    public void Load_FormulaWithUnquotedBracketsThatBreaksYaml_IsKpi1006WithTheQuotedForm()
    {
        var result = Catalog("errors/formula-unquoted-syntax.yaml");

        Assert.Null(result.Value);
        var error = Single(result.Diagnostics, "KPI1006", "errors/formula-unquoted-syntax.yaml", 5, 14);
        Assert.True(error.IsError);
        Assert.Equal("Write it as formula: \"[revenue] / [orders]\"", error.Suggestion);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "KPI1001");
    }

    [Theory]
    [InlineData("errors/formula-unquoted-list.yaml", "a list", "Quote the formula: formula: \"[revenue, orders]\"")]
    [InlineData("errors/formula-unquoted-mapping.yaml", "a mapping", "Quote the formula: formula: \"{revenue}\"")]
    public void Load_FormulaReadAsListOrMapping_IsKpi1006WithTheQuotedForm(string file, string kind, string suggestion)
    {
        var error = Single(Catalog(file).Diagnostics, "KPI1006", file, 5, 14);

        Assert.True(error.IsError);
        Assert.Contains(kind, error.Message, StringComparison.Ordinal);
        Assert.Equal(suggestion, error.Suggestion);
    }

    [Fact]
    public void Load_PlainFormulaFollowedByComment_IsKpi1006WarningAndTheCutFormulaIsKept()
    {
        var result = Catalog("errors/formula-comment.yaml");

        var warning = Single(result.Diagnostics, "KPI1006", "errors/formula-comment.yaml", 5, 14);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("'# net of refunds'", warning.Message, StringComparison.Ordinal);
        Assert.Equal("If it belongs to the formula, quote it: formula: \"Sum([total]) / Count() # net of refunds\"", warning.Suggestion);
        Assert.True(result.Succeeded);
        Assert.Equal("Sum([total]) / Count()", result.Value!.Kpis[0].Formula!.Text);
    }

    [Fact]
    public void Load_ListWhereMappingExpected_IsKpi1007()
    {
        var error = Single(Client("errors/wrong-node-type.yaml").Diagnostics, "KPI1007", "errors/wrong-node-type.yaml", 2, 11);

        Assert.Contains("not a list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingInclude_IsKpi1008AtTheIncludeEntryAndTheRestLoads()
    {
        var result = Client("errors/missing-include.yaml");

        Single(result.Diagnostics, "KPI1008", "errors/missing-include.yaml", 4, 5);
        Assert.Equal(["aov", "conversion_rate"], result.Value!.Selected);
    }

    [Fact]
    public void Load_MissingTopFile_IsKpi1008AndNoModel()
    {
        var result = Client("no-such-client.yaml");

        Assert.Null(result.Value);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("KPI1008", error.Id);
        Assert.Contains("no-such-client.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SameIdFromTwoIncludesOrAcrossKpisInputsParameters_IsKpi1009NamingBothPlaces()
    {
        var diagnostics = Client("errors/duplicate-ids.yaml").Diagnostics;

        // webshop.yaml refines sales.yaml's conversion_rate (no conflict); dup-catalog.yaml defines
        // another one, which meets the refined version.
        Assert.Equal(3, diagnostics.Count);
        var twoIncludes = Single(diagnostics.Where(d => d.Span!.Value.File != Root + "errors/duplicate-ids.yaml").ToList(), "KPI1009", "errors/dup-catalog.yaml", 2, 5);
        Assert.Contains("catalog/profiles/webshop.yaml(5,5)", twoIncludes.Message, StringComparison.Ordinal);
        Assert.Contains("dup-catalog.yaml(2,5)", twoIncludes.Message, StringComparison.Ordinal);
        var input = At(diagnostics, "KPI1009", 6, 3);
        Assert.Contains("input 'aov'", input.Message, StringComparison.Ordinal);
        Assert.Contains("catalog/sales.yaml(4,5)", input.Message, StringComparison.Ordinal);
        var parameter = At(diagnostics, "KPI1009", 8, 3);
        Assert.Contains("parameter 'aov'", parameter.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BillionLaughs_FailsFastWithKpi1010()
    {
        var clock = Stopwatch.StartNew();
        var result = Catalog("errors/billion-laughs.yaml");
        clock.Stop();

        Assert.Null(result.Value);
        // 10 + 10*11 + 100*11 + ... : the budget of 100,000 is passed while reading line 5.
        Single(result.Diagnostics, "KPI1010", "errors/billion-laughs.yaml", 5, 36);
        Assert.True(clock.ElapsedMilliseconds < 2000, $"took {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Load_DeepNesting_IsKpi1010AtTheLevelPastTheLimit()
    {
        var result = Catalog("errors/deep-nesting.yaml");

        Assert.Null(result.Value);
        // The root mapping is level 1, so the 64th '[' (column 6 + 63) is level 65.
        Single(result.Diagnostics, "KPI1010", "errors/deep-nesting.yaml", 1, 70);
    }

    [Fact]
    public void Load_AliasInsideItsOwnAnchor_IsKpi1010()
    {
        var error = Single(Catalog("errors/self-alias.yaml").Diagnostics, "KPI1010", "errors/self-alias.yaml", 3, 11);

        Assert.Contains("'*loop'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FileLargerThanTheLimit_IsKpi1010()
    {
        var result = new KpiSetLoader(new YamlLimits(MaxFileBytes: 100, MaxDepth: 64, MaxNodes: 1000)).LoadCatalog(Root + "aliases.yaml");

        Assert.Null(result.Value);
        Assert.Equal("KPI1010", Assert.Single(result.Diagnostics).Id);
    }

    [Fact]
    public void Load_SecondDocument_IsKpi1011AndTheFirstIsKept()
    {
        var result = Catalog("errors/multi-doc.yaml");

        Single(result.Diagnostics, "KPI1011", "errors/multi-doc.yaml", 6, 1);
        Assert.Equal("aov", Assert.Single(result.Value!.Kpis).Id);
    }

    [Fact]
    public void Load_MergeKey_IsKpi1011()
    {
        var error = Single(Catalog("errors/merge-key.yaml").Diagnostics, "KPI1011", "errors/merge-key.yaml", 7, 5);

        Assert.Contains("'<<'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CustomTag_IsKpi1011()
    {
        var error = Single(Catalog("errors/custom-tag.yaml").Diagnostics, "KPI1011", "errors/custom-tag.yaml", 3, 11);

        Assert.Contains("'!currency'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownDatasetsAndKpis_AreKpi1012WithDidYouMean()
    {
        var diagnostics = Client("errors/unknown-references.yaml").Diagnostics;

        Assert.Equal(4, diagnostics.Count);
        Assert.Equal("Did you mean 'orders'?", At(diagnostics, "KPI1012", 8, 21).Suggestion);
        Assert.Equal("Did you mean 'orders'?", At(diagnostics, "KPI1012", 10, 23).Suggestion);
        Assert.Contains("'refunds'", At(diagnostics, "KPI1012", 15, 14).Message, StringComparison.Ordinal);
        Assert.Equal("Did you mean 'conversion_rate'?", At(diagnostics, "KPI1012", 3, 12).Suggestion);
    }

    [Fact]
    public void Load_IncludeCycle_IsKpi1014NamingTheChain()
    {
        var error = Single(Catalog("errors/cycle-a.yaml").Diagnostics, "KPI1014", "errors/cycle-b.yaml", 1, 11);

        Assert.Contains(
            "errors/cycle-a.yaml -> TestData/Definitions/errors/cycle-b.yaml -> TestData/Definitions/errors/cycle-a.yaml",
            error.Message,
            StringComparison.Ordinal);
    }
}
