namespace KpiEngine.Bench.Generation;

/// <summary>The two exports the benchmark measures; both carry the same sixteen measures.</summary>
internal enum ExportShape
{
    /// <summary>
    /// One shop's export: column <c>client</c> (40 values, not grouped on), dates sorted over
    /// 2023-2025. The workload is the KPI set per month (36 groups).
    /// </summary>
    PerMonth,

    /// <summary>
    /// Many clients in one file, as automation exports it: column <c>client_id</c>
    /// (<see cref="ExportLayout.ClientCount"/> ids C0001..C1000), dates over the 24 months of
    /// 2024-2025 in random order. The workload is the KPI set per client and month
    /// (<c>kpi run --by client_id</c>, 24,000 groups plus the 24 monthly totals).
    /// </summary>
    PerClient,
}
