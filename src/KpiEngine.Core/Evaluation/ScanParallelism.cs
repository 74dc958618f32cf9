using System.Globalization;
using KpiEngine.Datasets;

namespace KpiEngine.Evaluation;

/// <summary>
/// How one large CSV file is read in parallel: cut into byte ranges of about <see cref="RangeBytes"/>
/// (the cuts depend only on the file and this size) and read by up to <see cref="Threads"/> threads,
/// their partial results merged in file order. The thread count never changes a result; the range
/// size is a test setting, so tests can cut small files into many ranges as production cuts big ones.
/// </summary>
/// <param name="RangeBytes">About this many bytes per range; a file shorter than two ranges is read in one pass.</param>
/// <param name="Threads">Threads reading ranges at once.</param>
internal sealed record ScanParallelism(long RangeBytes, int Threads)
{
    /// <summary>The environment variable that overrides <see cref="RangeBytes"/> (for testing the parallel scan end to end).</summary>
    public const string RangeBytesVariable = "KPIENGINE_SCAN_RANGE_BYTES";

    /// <summary>Ranges of 32 MiB, one thread per core.</summary>
    public static ScanParallelism Default { get; } = new(CsvPartitions.PartitionBytes, Environment.ProcessorCount);

    /// <summary>The settings for a run: <paramref name="threads"/> when given (else one per core), ranges of <paramref name="rangeBytes"/> when given (else 32 MiB).</summary>
    public static ScanParallelism For(int? threads, long? rangeBytes) => new(
        rangeBytes is > 0 ? rangeBytes.Value : CsvPartitions.PartitionBytes,
        threads is > 0 ? threads.Value : Environment.ProcessorCount);

    /// <summary>The range size <see cref="RangeBytesVariable"/> asks for, when it holds a positive whole number.</summary>
    public static long? RangeBytesFromEnvironment() =>
        long.TryParse(Environment.GetEnvironmentVariable(RangeBytesVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0 ? bytes : null;
}
