using KpiEngine.Batch;

namespace KpiEngine.Core.Tests.Batch;

public sealed class FileGlobTests
{
    [Theory]
    [InlineData("alpha.yaml", "*.yaml", true)]
    [InlineData("alpha.yaml", "a*", true)]
    [InlineData("alpha.yaml", "*", true)]
    [InlineData("alpha.yaml", "alph?.yaml", true)]
    [InlineData("alpha.yaml", "?.yaml", false)]
    [InlineData("alpha.yaml", "*.yml", false)]
    [InlineData("a.b.yaml", "*.*.yaml", true)]
    [InlineData("alpha.yaml", "*ha*a*", true)]
    [InlineData("alpha.yaml", "alpha.yaml?", false)]
    public void MatchesSegment_StarIsAnyRunAndQuestionMarkOneCharacter(string name, string segment, bool expected) =>
        Assert.Equal(expected, FileGlob.MatchesSegment(name, segment));

    [Fact]
    public void Match_StarStopsAtFoldersAndDoubleStarCrossesAnyNumber()
    {
        using var folder = new BatchFolder();

        var star = FileGlob.Match("clients/*.yaml", folder.Path);
        var deep = FileGlob.Match("**/*.yaml", folder.Path);
        var question = FileGlob.Match("clients/?eta.yaml", folder.Path);

        Assert.Equal(folder.Clients("alpha", "beta", "broken"), star);
        Assert.Equal([folder["catalog/sales.yaml"], .. folder.Clients("alpha", "beta", "broken"), folder["manifest.yaml"]], deep);
        Assert.Equal(folder.Clients("beta"), question);
    }

    [Fact]
    public void Match_AbsolutePatternAndBackslashes_WorkLikeRelativeOnes()
    {
        using var folder = new BatchFolder();

        var absolute = FileGlob.Match(Path.Combine(folder.Path, "clients", "b*.yaml"), "/nowhere");
        var backslash = FileGlob.Match(@"clients\b*.yaml", folder.Path);

        Assert.Equal(folder.Clients("beta", "broken"), absolute);
        Assert.Equal(absolute, backslash);
    }

    [Fact]
    public void Match_NothingMatching_IsEmpty()
    {
        using var folder = new BatchFolder();

        Assert.Empty(FileGlob.Match("clients/*.json", folder.Path));
        Assert.Empty(FileGlob.Match("no-such-folder/**/*.yaml", folder.Path));
    }
}
