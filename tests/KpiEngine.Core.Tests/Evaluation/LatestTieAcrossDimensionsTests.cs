using KpiEngine.Evaluation;

namespace KpiEngine.Core.Tests.Evaluation;

/// <summary>
/// First/Last when rows of different <c>--by</c> groups share the earliest/latest time. Worked by hand
/// (January 2026, file order = line order):
///   line 2  2026-01-20 north  5   north is met first, so under --by its group is merged into the total first
///   line 3  2026-01-03 south  7
///   line 4  2026-01-03 north  9
///   line 5  2026-01-31 south 20
///   line 6  2026-01-31 north 30
/// Without --by: First = the earliest day 01-03, tied by lines 3 and 4, the earlier line wins: 7;
/// Last = the latest day 01-31, tied by lines 5 and 6, the later line wins: 30.
/// Per group: north First 9 (01-03), Last 30 (01-31); south First 7 (01-03), Last 20 (01-31).
/// The total under --by must be 7 and 30 as well: merging north's picks first and south's second
/// must not hand the tie to south's 20 (Last) or keep north's 9 (First).
/// </summary>
public sealed class LatestTieAcrossDimensionsTests
{
    private const string Client = """
        client: c
        datasets:
          stock: { path: stock.csv, time: day }
        inputs:
          closing: { dataset: stock, formula: "Last([units])", kind: balance }
          opening: { dataset: stock, formula: "First([units])", kind: balance }
          closing_by: { dataset: stock, formula: "LastBy([units], [day])" }
          opening_by: { dataset: stock, formula: "FirstBy([units], [day])" }
        """;

    // Padding makes each record long enough that 64-byte ranges hold about one record each.
    private const string Stock = """
        day,warehouse,units,note
        2026-01-20,north,5,padding-padding-padding-padding-padding-padding
        2026-01-03,south,7,padding-padding-padding-padding-padding-padding
        2026-01-03,north,9,padding-padding-padding-padding-padding-padding
        2026-01-31,south,20,padding-padding-padding-padding-padding-padding
        2026-01-31,north,30,padding-padding-padding-padding-padding-padding

        """;

    private static ClientResult Run(string[] dimensions, long? rangeBytes = null, int? threads = null)
    {
        using var folder = new ClientFolder();
        folder.Write("stock.csv", Stock);
        var options = new EvaluationOptions { Dimensions = dimensions, IncludeInputs = true, ScanRangeBytes = rangeBytes, ScanThreads = threads };
        var result = new KpiEvaluator().Run(folder.Write("client.yaml", Client), options);
        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
        return result;
    }

    private static double? Value(ClientResult result, string input, string? warehouse) =>
        result.Results.Single(r => r.Kpi == input && r.Period == "2026-01"
            && (warehouse is null ? r.Dimensions.Count == 0 : r.Dimensions.Count == 1 && r.Dimensions[0].Value == warehouse)).Value;

    [Theory]
    [InlineData("closing", 30)]
    [InlineData("opening", 7)]
    [InlineData("closing_by", 30)]
    [InlineData("opening_by", 7)]
    public void Run_TiedTimesInDifferentGroups_TotalUnderByEqualsTheRunWithout(string input, double expected)
    {
        Assert.Equal(expected, Value(Run([]), input, null));
        Assert.Equal(expected, Value(Run(["warehouse"]), input, null));
        Assert.Equal(expected, Value(Run(["warehouse"], rangeBytes: 64, threads: 1), input, null));
        Assert.Equal(expected, Value(Run(["warehouse"], rangeBytes: 64, threads: 4), input, null));
        Assert.Equal(expected, Value(Run([], rangeBytes: 64, threads: 4), input, null));
    }

    [Fact]
    public void Run_TiedTimesInDifferentGroups_EachGroupKeepsItsOwnPick()
    {
        var result = Run(["warehouse"], rangeBytes: 64, threads: 4);

        Assert.Equal(30, Value(result, "closing", "north"));
        Assert.Equal(9, Value(result, "opening", "north"));
        Assert.Equal(20, Value(result, "closing", "south"));
        Assert.Equal(7, Value(result, "opening", "south"));
    }
}
