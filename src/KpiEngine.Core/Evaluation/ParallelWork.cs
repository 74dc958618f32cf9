using System.Runtime.ExceptionServices;

namespace KpiEngine.Evaluation;

/// <summary>Independent pieces of work shared among a run's threads, each piece writing only its own places.</summary>
internal static class ParallelWork
{
    /// <summary>
    /// Runs <paramref name="work"/> for 0 to <paramref name="count"/> − 1, on up to <paramref name="threads"/>
    /// threads (this one and pool threads) when there are enough to share; the first exception a piece throws
    /// stops the others from starting new pieces and comes out as a sequential run would throw it.
    /// </summary>
    /// <remarks>
    /// Not <see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/>: its first call in a process costs
    /// about 30 ms of set-up, a tenth of a small client's run, and these loops are few and short. Here the
    /// threads take the next piece from one counter.
    /// </remarks>
    public static void For(int count, int threads, Action<int> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (count < 4 || threads <= 1)
        {
            for (var at = 0; at < count; at++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                work(at);
            }

            return;
        }

        var next = -1;
        Exception? failure = null;
        void TakePieces()
        {
            try
            {
                int at;
                while (Volatile.Read(ref failure) is null && (at = Interlocked.Increment(ref next)) < count)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    work(at);
                }
            }
            catch (Exception exception)
            {
                Interlocked.CompareExchange(ref failure, exception, null);
            }
        }

        var helpers = new Task[Math.Min(threads, count) - 1];
        for (var i = 0; i < helpers.Length; i++)
        {
            helpers[i] = Task.Factory.StartNew(TakePieces, CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);
        }

        TakePieces();
        Task.WaitAll(helpers, CancellationToken.None);
        if (failure is not null)
        {
            ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }
}
