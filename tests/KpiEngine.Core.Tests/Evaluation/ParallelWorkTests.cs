using KpiEngine.Evaluation;

namespace KpiEngine.Core.Tests.Evaluation;

public sealed class ParallelWorkTests
{
    [Theory]
    [InlineData(0, 2)]
    [InlineData(3, 2)]      // below four pieces: this thread alone
    [InlineData(4, 2)]
    [InlineData(17, 2)]
    [InlineData(1001, 2)]   // a run per client's thousand levels and a total
    [InlineData(1001, 3)]
    [InlineData(64, 8)]
    [InlineData(1000, 1)]
    public void For_AnyCountAndThreads_RunsEveryPieceExactlyOnce(int count, int threads)
    {
        var runs = new int[count];

        ParallelWork.For(count, threads, at => Interlocked.Increment(ref runs[at]), CancellationToken.None);

        Assert.All(runs, times => Assert.Equal(1, times));
    }

    [Fact]
    public void For_APieceThrows_StopsTheOthersAndThrowsItsException()
    {
        // Piece 100 fails: no piece may start after that, and the exception comes out whole (not wrapped).
        var ran = 0;
        var thrown = Assert.Throws<InvalidOperationException>(() => ParallelWork.For(1001, 2, at =>
        {
            Interlocked.Increment(ref ran);
            if (at == 100)
            {
                throw new InvalidOperationException("piece 100");
            }
        }, CancellationToken.None));

        Assert.Equal("piece 100", thrown.Message);
        Assert.True(Volatile.Read(ref ran) < 1001, $"{ran} pieces ran after the failure stopped the work");
    }

    [Fact]
    public void For_CancelledToken_ThrowsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => ParallelWork.For(100, 2, _ => { }, cancelled.Token));
    }
}
