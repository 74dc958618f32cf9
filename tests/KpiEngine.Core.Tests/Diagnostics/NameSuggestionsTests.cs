using KpiEngine.Diagnostics;

namespace KpiEngine.Core.Tests.Diagnostics;

/// <summary>"Did you mean" never repeats the name it is about (issue 11 item 7).</summary>
public sealed class NameSuggestionsTests
{
    [Theory]
    [InlineData("first_order_at", new[] { "customer", "first_order_at", "first_order_on" })]
    [InlineData("Sum", new[] { "Sum", "Min", "Max" })]
    public void DidYouMean_NameIsAmongTheCandidates_SuggestsNothing(string name, string[] candidates)
    {
        // The name exists, so its spelling is not the problem; the nearest other name (first_order_on) would mislead.
        Assert.Null(NameSuggestions.Nearest(name, candidates));
        Assert.Null(NameSuggestions.DidYouMean(name, candidates));
    }

    [Fact]
    public void DidYouMean_SameNameInOtherCase_IsSuggestedWithItsSpelling()
    {
        Assert.Equal("Did you mean 'Revenue'?", NameSuggestions.DidYouMean("revenue", ["Revenue", "orders"]));
    }

    [Fact]
    public void DidYouMeanFile_FileThatExists_SuggestsNothing()
    {
        var folder = Directory.CreateTempSubdirectory("kpi-names-");
        try
        {
            var path = Path.Combine(folder.FullName, "orders.csv");
            File.WriteAllText(path, "a\n");
            File.WriteAllText(Path.Combine(folder.FullName, "order.csv"), "a\n");

            Assert.Null(NameSuggestions.DidYouMeanFile(path));
            Assert.Equal("Did you mean 'orders.csv'?", NameSuggestions.DidYouMeanFile(Path.Combine(folder.FullName, "orders.cvs")));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
