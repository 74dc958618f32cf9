using KpiEngine.Batch;

namespace KpiEngine.Core.Tests.Batch;

public sealed class BatchShardTests
{
    [Theory]
    // First 8 bytes of SHA-256 of the lower-case id, big-endian, modulo the count, from
    // `printf tiny-shop | sha256sum`: 26adfce18e2f76e0 = 2787213542917584608, which is 0 mod 4 and 1 mod 3;
    // acme: 822b33ad87c148a0, 0 mod 4 and 0 mod 3; shop-01: c5bb500c3f4daf93, 3 mod 4 and 2 mod 3.
    [InlineData("tiny-shop", 4, 0)]
    [InlineData("tiny-shop", 3, 1)]
    [InlineData("acme", 4, 0)]
    [InlineData("acme", 3, 0)]
    [InlineData("shop-01", 4, 3)]
    [InlineData("shop-01", 3, 2)]
    public void Of_IsTheSha256OfTheIdModuloTheCount(string id, int count, int expected) =>
        Assert.Equal(expected, BatchShard.Of(id, count));

    [Fact]
    public void Of_IdsThatDifferOnlyInCase_LandInOneShard() =>
        // Such ids write the same files on Windows and macOS; in one shard the batch reports the clash (KPI1009).
        Assert.Equal(BatchShard.Of("tiny-shop", 7), BatchShard.Of("Tiny-SHOP", 7));

    [Fact]
    public void Contains_EveryIdIsInExactlyOneShard()
    {
        var ids = Enumerable.Range(0, 200).Select(i => $"client-{i}").ToList();
        var shards = Enumerable.Range(0, 5).Select(i => new BatchShard(i, 5)).ToList();

        Assert.All(ids, id => Assert.Single(shards, s => s.Contains(id)));
        Assert.All(shards, s => Assert.InRange(ids.Count(s.Contains), 20, 60));
    }

    [Theory]
    [InlineData("0/1", 0, 1)]
    [InlineData("3/4", 3, 4)]
    public void Parse_IndexOfCount_IsTheShard(string text, int index, int count)
    {
        Assert.Equal(new BatchShard(index, count), BatchShard.Parse(text, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("4/4", "count from 0")]
    [InlineData("1/0", "from 1 to")]
    [InlineData("-1/4", "INDEX/COUNT")]
    [InlineData("1 / 4", "INDEX/COUNT")]
    [InlineData("2", "INDEX/COUNT")]
    [InlineData("0/100001", "from 1 to 100000")]
    public void Parse_NotAShard_SaysWhy(string text, string reason)
    {
        Assert.Null(BatchShard.Parse(text, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void SummaryFileName_NamesIndexAndCount() =>
        Assert.Equal("run-summary.shard-2-of-8.json", new BatchShard(2, 8).SummaryFileName);
}
