namespace KpiEngine.Batch;

/// <summary>
/// Hears how a batch run goes, for progress displays and logs. Clients run in parallel, so the
/// methods are called from several threads at once: implementations must be thread-safe and quick.
/// </summary>
public interface IBatchProgress
{
    /// <summary>Called once, before any client runs.</summary>
    void BatchStarted(int clientCount);

    /// <summary>A client starts evaluating (skipped clients do not start).</summary>
    void ClientStarted(string clientFile);

    /// <summary>A client read <paramref name="rows"/> more dataset records.</summary>
    void RowsScanned(string clientFile, long rows);

    /// <summary>A client is done (or skipped); <paramref name="finished"/> clients of <paramref name="total"/> are done now.</summary>
    void ClientFinished(BatchClientSummary client, int finished, int total);
}
