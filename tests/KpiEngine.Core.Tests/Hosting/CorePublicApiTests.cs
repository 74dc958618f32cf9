using KpiEngine.Core.Tests.Plugins;
using KpiEngine.Definitions;

namespace KpiEngine.Core.Tests.Hosting;

/// <summary>
/// Core's public API, tracked like the plugin contract's (<see cref="ContractTests"/>): hosts build on
/// it (docs/hosting.md), so it changes only on purpose.
/// </summary>
public sealed class CorePublicApiTests
{
    [Fact]
    public void PublicApi_MatchesPublicAPIShippedTxt()
    {
        var shipped = File.ReadAllText(Path.Combine(RepositoryFolder.Root(), "src", "KpiEngine.Core", "PublicAPI.Shipped.txt")).ReplaceLineEndings("\n");
        var actual = ContractTests.Describe(typeof(KpiSet).Assembly);

        // On purpose? Copy the actual text below into src/KpiEngine.Core/PublicAPI.Shipped.txt, and say why in the commit.
        Assert.True(shipped == actual, "Core's public API changed. Actual surface:\n" + actual);
    }
}
