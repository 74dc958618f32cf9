using KpiEngine.Batch;

namespace KpiEngine.Cli.Output;

/// <summary>Progress for logs (redirected output, CI): one plain line per finished client, nothing that redraws.</summary>
internal sealed class BatchProgressLog(TextWriter writer) : IBatchProgress
{
    private readonly Lock _gate = new();

    public void BatchStarted(int clientCount)
    {
    }

    public void ClientStarted(string clientFile)
    {
    }

    public void RowsScanned(string clientFile, long rows)
    {
    }

    public void ClientFinished(BatchClientSummary client, int finished, int total)
    {
        lock (_gate)
        {
            writer.WriteLine(BatchFigures.Line(client, finished, total));
            writer.Flush();
        }
    }
}
