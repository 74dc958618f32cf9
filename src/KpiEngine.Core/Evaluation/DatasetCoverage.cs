namespace KpiEngine.Evaluation;

/// <summary>What one dataset's rows covered in a run: the dates of its first and last row, and how many records were read.</summary>
/// <param name="Dataset">The dataset's name.</param>
/// <param name="First">The date of the earliest row; null for a dataset without a time column or without rows.</param>
/// <param name="Last">The date of the latest row; null as for <paramref name="First"/>.</param>
/// <param name="Records">Records read from the dataset's file (0 for a derived dataset, which is computed, not read).</param>
/// <param name="HasTime">False for a dataset without a time column: its rows belong to no period.</param>
public sealed record DatasetCoverage(string Dataset, DateOnly? First, DateOnly? Last, long Records, bool HasTime)
{
    /// <summary>For a database dataset: pushed down or streamed, the SQL, and what was transferred; null for files.</summary>
    public DatasetAccess? Access { get; init; }
}
