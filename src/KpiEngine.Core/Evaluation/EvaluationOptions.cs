using KpiEngine.Time;

namespace KpiEngine.Evaluation;

/// <summary>How a client KPI set is evaluated.</summary>
public sealed record EvaluationOptions
{
    /// <summary>The period length results are computed for; months by default.</summary>
    public Grain Grain { get; init; } = Grain.Month;

    /// <summary>The first period to report (any period label, e.g. <c>2026-01</c> or <c>2026-Q1</c>); null for the first period with data.</summary>
    public string? From { get; init; }

    /// <summary>The last period to report; null for the last period with data.</summary>
    public string? To { get; init; }

    /// <summary>Also report inputs, not only the selected KPIs.</summary>
    public bool IncludeInputs { get; init; }

    /// <summary>Plugin folders to search besides <c>plugins/</c> next to the executable and the client file, and the client's own.</summary>
    public IReadOnlyList<string> PluginFolders { get; init; } = [];

    /// <summary>Run plugin metrics in a worker process that is killed after <see cref="PluginTimeout"/>, for plugins you do not trust.</summary>
    public bool IsolatePlugins { get; init; }

    /// <summary>How long an isolated plugin call may take.</summary>
    public TimeSpan PluginTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Dimension columns to split results by (<c>channel</c>, <c>region</c>): each KPI gets a value per
    /// period for every combination of their values found in the data, plus the total. Empty for totals only.
    /// </summary>
    public IReadOnlyList<string> Dimensions { get; init; } = [];

    /// <summary>
    /// Also report the subtotals of two or more <see cref="Dimensions"/> (<c>--subtotals</c>): with
    /// <c>region, channel</c>, each region over all its channels, computed from its rows like the total.
    /// The client file's <c>subtotals: true</c> turns them on as well.
    /// </summary>
    public bool Subtotals { get; init; }

    /// <summary>
    /// Receives the number of dataset records read since its last report, about every 64K records
    /// and once at the end of each dataset (or range of a file read in parallel); for progress displays.
    /// It may be called from several scan threads at once.
    /// </summary>
    public IProgress<long>? RowProgress { get; init; }

    /// <summary>
    /// How many threads may read one large CSV file at once; null for one per core. Results are the
    /// same, byte for byte, for every thread count: use it to leave cores to other work.
    /// </summary>
    public int? ScanThreads { get; init; }

    /// <summary>
    /// The byte-range size of the parallel scan, for tests that cut small files into many ranges
    /// (null: <see cref="ScanParallelism.RangeBytesVariable"/> from the environment, else 32 MiB).
    /// </summary>
    internal long? ScanRangeBytes { get; init; }

    /// <summary>The parallel scan's settings for this run.</summary>
    internal ScanParallelism ScanParallelism => ScanParallelism.For(ScanThreads, ScanRangeBytes ?? ScanParallelism.RangeBytesFromEnvironment());

    /// <summary>The clock plugins are given (through their constructor); null for the system clock. Set by a host's <c>KpiEngineOptions.TimeProvider</c>.</summary>
    internal TimeProvider? Time { get; init; }

    /// <summary>
    /// Let PostgreSQL compute the groups of database datasets whose aggregates translate exactly (SQL
    /// pushdown); false (<c>--no-pushdown</c>) streams every dataset's rows into the engine's scan.
    /// </summary>
    public bool Pushdown { get; init; } = true;

    /// <summary>Attach a <see cref="ValueTrace"/> to every result: what the value was computed from.</summary>
    public bool Trace { get; init; }

    /// <summary>
    /// The period goals are judged at ("today"); null for the last period reported, so that results
    /// depend on the data, never on the wall clock.
    /// </summary>
    public string? AsOf { get; init; }
}
