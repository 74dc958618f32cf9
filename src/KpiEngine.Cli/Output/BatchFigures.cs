using System.Globalization;
using KpiEngine.Batch;

namespace KpiEngine.Cli.Output;

/// <summary>Short, invariant texts for counts and times on the console: <c>1.2M</c>, <c>3.4 s</c>.</summary>
internal static class BatchFigures
{
    public static string Count(double count) => count switch
    {
        >= 1e9 => Format(count / 1e9, "G"),
        >= 1e6 => Format(count / 1e6, "M"),
        >= 1e4 => Format(count / 1e3, "K"),
        _ => Math.Round(count).ToString("0", CultureInfo.InvariantCulture),
    };

    public static string Duration(TimeSpan duration) => duration.TotalSeconds switch
    {
        < 1 => $"{Math.Round(duration.TotalMilliseconds).ToString("0", CultureInfo.InvariantCulture)} ms",
        < 60 => $"{duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s",
        _ => $"{((int)duration.TotalMinutes).ToString(CultureInfo.InvariantCulture)} min {duration.Seconds.ToString("00", CultureInfo.InvariantCulture)} s",
    };

    public static string Status(BatchClientStatus status) => status switch
    {
        BatchClientStatus.Succeeded => "succeeded",
        BatchClientStatus.CompletedWithErrors => "completed with errors",
        BatchClientStatus.Failed => "failed",
        _ => "skipped",
    };

    /// <summary>One line per finished client: <c>[3/10] acme: succeeded in 1.2 s, 1.2M rows</c>.</summary>
    public static string Line(BatchClientSummary client, int finished, int total)
    {
        var prefix = $"[{finished.ToString(CultureInfo.InvariantCulture)}/{total.ToString(CultureInfo.InvariantCulture)}] {client.Client}: ";
        return client.Status switch
        {
            BatchClientStatus.Skipped => prefix + "skipped (unchanged)",
            BatchClientStatus.Failed => prefix + $"failed ({client.Errors.ToString(CultureInfo.InvariantCulture)} error{(client.Errors == 1 ? string.Empty : "s")})",
            _ => prefix + $"{Status(client.Status)} in {Duration(client.Duration)}, {Count(client.Rows)} rows",
        };
    }

    private static string Format(double value, string suffix) =>
        value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + suffix;
}
