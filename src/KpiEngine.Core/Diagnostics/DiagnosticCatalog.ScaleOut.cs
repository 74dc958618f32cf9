namespace KpiEngine.Diagnostics;

/// <summary>Diagnostics of sharded batches (KPI5050–5069: command line and runs).</summary>
public static partial class DiagnosticCatalog
{
    /// <summary>Shard summaries cannot be merged: one is missing, appears twice, is unreadable, or the shards ran with different options or engines.</summary>
    public static readonly DiagnosticDescriptor ShardMergeRefused = new("KPI5050", "Shard summaries cannot be merged", DiagnosticSeverity.Error);
}
