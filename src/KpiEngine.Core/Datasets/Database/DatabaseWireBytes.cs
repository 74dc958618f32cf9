using System.Diagnostics.Metrics;

namespace KpiEngine.Datasets;

/// <summary>
/// Counts the bytes Npgsql reads from PostgreSQL's socket, per thread, from Npgsql's own
/// <c>bytes_read</c> metric: a synchronous query reads its rows on the calling thread, so the
/// difference of <see cref="OnThisThread"/> before and after a scan is what that scan transferred,
/// even with other clients' scans running on other threads.
/// </summary>
internal static class DatabaseWireBytes
{
    [ThreadStatic]
    private static long _read;

    private static readonly MeterListener Listener = Start();

    /// <summary>The bytes read from PostgreSQL on this thread so far.</summary>
    public static long OnThisThread
    {
        get
        {
            GC.KeepAlive(Listener);
            return _read;
        }
    }

    private static MeterListener Start()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Npgsql" && instrument.Name.EndsWith("bytes_read", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, bytes, _, _) => _read += bytes);
        listener.SetMeasurementEventCallback<int>((_, bytes, _, _) => _read += bytes);
        listener.Start();
        return listener;
    }
}
