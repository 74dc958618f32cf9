using KpiEngine.Evaluation;

namespace KpiEngine.Batch;

/// <summary>What a batch run evaluates and where its files go.</summary>
public sealed record BatchOptions
{
    /// <summary>The client files (see <see cref="ClientFiles.Expand"/>); reported in ordinal order of their full paths.</summary>
    public required IReadOnlyList<string> ClientFiles { get; init; }

    /// <summary>The folder for the per-client outputs and <c>run-summary.json</c>; created when missing.</summary>
    public required string OutputFolder { get; init; }

    /// <summary>The output formats; each client gets one file per format.</summary>
    public IReadOnlyList<ResultFormat> Formats { get; init; } = [ResultFormat.Json];

    /// <summary>Grain, period range and inputs, the same for every client.</summary>
    public EvaluationOptions Evaluation { get; init; } = new();

    /// <summary>How many clients run at once; the core count by default.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Skip clients that succeeded in the previous run into the same folder when their definitions,
    /// data, the engine version and the options are unchanged and their output files still exist.
    /// </summary>
    public bool SkipUnchanged { get; init; }

    /// <summary>
    /// Run only the clients of this shard (see <see cref="BatchShard"/>) and write the summary as
    /// <see cref="BatchShard.SummaryFileName"/>, so shards can share one output folder; null runs every client.
    /// </summary>
    public BatchShard? Shard { get; init; }
}
