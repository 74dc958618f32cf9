using KpiEngine.Definitions;
using KpiEngine.Diagnostics;

namespace KpiEngine.Tests.Benchmarks;

public class ProfileLoadingTests
{
    private const string Root = "TestData/Benchmarks/";

    [Fact]
    public void LoadClient_WithProfile_TakesItsIncludesKpisAndBenchmarks_ClientBenchmarksWin()
    {
        var result = new KpiSetLoader().LoadClient(Root + "clients/with-profile.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var set = result.Value!;
        Assert.Equal("derived", set.Profile!.Id);
        Assert.Equal("base", set.Profile.Base!.Id);
        Assert.Equal([Path.GetFullPath(Root + "catalog/metrics.yaml")], set.Includes);
        // The base's KPI list first, then the derived profile's new ones.
        Assert.Equal(["conversion", "churn"], set.Selected);
        // conversion: derived (4/2) replaces base (3/1); churn: the client's 1/4 replaces the profile's 2/5.
        Assert.Equal((4.0, 2.0), (set.Benchmarks["conversion"].Good, set.Benchmarks["conversion"].Poor));
        Assert.Equal((1.0, 4.0, "client target"), (set.Benchmarks["churn"].Good, set.Benchmarks["churn"].Poor, set.Benchmarks["churn"].Source));
        Assert.Equal(4, set.Benchmarks["churn"].Span.Line);
    }

    [Fact]
    public void LoadClient_OwnUse_WinsOverTheProfileKpis_AndAProfilePathWorks()
    {
        var set = new KpiSetLoader().LoadClient(Root + "clients/own-use.yaml").Value!;

        Assert.Equal(["conversion"], set.Selected);
        Assert.Equal(3.0, set.Benchmarks["churn"].Reference);
    }

    [Fact]
    public void LoadClient_UnknownProfile_IsKPI1012WithDidYouMean()
    {
        var result = new KpiSetLoader().LoadClient(Root + "clients/unknown-profile.yaml");

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("KPI1012", diagnostic.Id);
        Assert.Contains("Profile 'derivd' was not found", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal("Did you mean 'derived'?", diagnostic.Suggestion);
        Assert.Equal((2, 10), (diagnostic.Span!.Value.Line, diagnostic.Span.Value.Column));
    }

    [Fact]
    public void LoadClient_ExtendsCycle_IsKPI1014NamingTheChain()
    {
        var result = new KpiSetLoader().LoadClient(Root + "clients/loop.yaml");

        var cycle = Assert.Single(result.Diagnostics, d => d.Id == "KPI1014");
        Assert.Contains("loop-a.yaml -> ", cycle.Message, StringComparison.Ordinal);
        Assert.Contains("loop-b.yaml -> ", cycle.Message, StringComparison.Ordinal);
        Assert.EndsWith("loop-a.yaml.", cycle.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadProfile_ReportsEveryProblemAtItsPosition()
    {
        var result = new KpiSetLoader().LoadProfile(Root + "profiles/bad.yaml");

        var found = result.Diagnostics.Select(d => (d.Id, d.Span!.Value.Line, d.Span.Value.Column)).ToList();
        Assert.Equal(
            [
                ("KPI1003", 9, 1),    // extend: -> extends
                ("KPI1003", 8, 26),   // sorce: -> source
                ("KPI1004", 8, 15),   // conversion's mapping has no 'poor'
                ("KPI1012", 3, 15),   // churm -> churn
                ("KPI1005", 5, 3),    // churn is lower-is-better: good 5 above poor 2
                ("KPI1012", 6, 3),    // convrsion -> conversion
                ("KPI1005", 7, 3),    // mix is neutral
            ],
            found);
        var order = result.Diagnostics.Single(d => d.Id == "KPI1005" && d.Span!.Value.Line == 5);
        Assert.Contains("lower is better", order.Message, StringComparison.Ordinal);
        Assert.Equal("Swap them: 'good: 2, poor: 5'; or, if the KPI's direction is wrong, fix 'direction' of the KPI.", order.Suggestion);
        Assert.Equal("Did you mean 'conversion'?", result.Diagnostics.Single(d => d.Id == "KPI1012" && d.Span!.Value.Line == 6).Suggestion);
        Assert.Equal("Did you mean 'extends'?", result.Diagnostics.Single(d => d.Span!.Value.Line == 9).Suggestion);
    }

    [Fact]
    public void LoadProfile_Valid_MergesItsBase()
    {
        var result = new KpiSetLoader().LoadProfile(Root + "profiles/derived.yaml");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(["conversion", "churn"], result.Value!.Kpis);
        Assert.Equal(["conversion", "churn"], result.Value.Benchmarks.Select(b => b.KpiId));
    }

    [Fact]
    public void Classify_ProfileFile_IsProfile()
    {
        Assert.Equal(DefinitionFileKind.Profile, KpiSetLoader.Classify(Root + "profiles/base.yaml"));
        Assert.Equal(DefinitionFileKind.Client, KpiSetLoader.Classify(Root + "clients/with-profile.yaml"));
    }

    [Fact]
    public void Validate_ShippedProfiles_AreClean()
    {
        foreach (var profile in new[] { "physical-product", "service", "subscription", "premium" })
        {
            var result = new KpiSetLoader().LoadProfile($"../../../../../kpi-definitions/profiles/{profile}.yaml");
            Assert.True(result.Succeeded, profile + ": " + string.Join("\n", result.Diagnostics));
            Assert.All(result.Value!.Benchmarks, b => Assert.False(string.IsNullOrWhiteSpace(b.Source), $"{profile}: {b.KpiId} has no source"));
        }
    }

    [Fact]
    public void Severity_OfEveryProfileDiagnostic_IsError() =>
        Assert.All(new KpiSetLoader().LoadProfile(Root + "profiles/bad.yaml").Diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
}
