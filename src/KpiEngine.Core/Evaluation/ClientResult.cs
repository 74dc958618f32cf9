using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Time;

namespace KpiEngine.Evaluation;

/// <summary>One KPI's value in one period: a number, or null with the reason it is undefined.</summary>
/// <param name="Client">The client id.</param>
/// <param name="Kpi">The KPI (or input) id.</param>
/// <param name="Name">The KPI's display name.</param>
/// <param name="Period">The period label (<c>2026-03</c>, <c>2026-Q1</c>, <c>2026</c> ...).</param>
/// <param name="Value">The value, or null when undefined.</param>
/// <param name="Reason">Why the value is undefined; null when defined.</param>
/// <param name="Unit">The KPI's unit.</param>
public sealed record KpiResult(string Client, string Kpi, string Name, string Period, double? Value, string? Reason, KpiUnit Unit)
{
    /// <summary>
    /// The dimension values this result is for, in the order of <see cref="ClientResult.Dimensions"/>
    /// (<c>channel = email</c>); empty for the total. A null value stands for rows whose cell is empty.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Dimensions { get; init; } = [];

    /// <summary>The cohort (its period label) of a cohort KPI's value; null for a value of a period.</summary>
    public string? Cohort { get; init; }

    /// <summary>Whole periods since the cohort's own (0 is the cohort period); null for a value of a period. <see cref="Period"/> is the cohort's period plus the age.</summary>
    public int? Age { get; init; }

    /// <summary>True for a cohort value whose period is after the data ends (the empty corner of a triangle): undefined, never 0.</summary>
    public bool AfterData { get; init; }

    /// <summary>True when the value is defined but reads a dataset's first or last period, which its rows do not cover entirely (a half month).</summary>
    public bool Partial { get; init; }

    /// <summary>How the value was computed, when asked for (<see cref="EvaluationOptions.Trace"/>).</summary>
    public ValueTrace? Trace { get; init; }

    /// <summary>The KPI's benchmark (from the client's profile or its own <c>benchmarks:</c>); null when it has none.</summary>
    public Definitions.Benchmark? Benchmark { get; init; }

    /// <summary>
    /// How the value compares with <see cref="Benchmark"/>: good, warning or poor against <see cref="Bands"/>, or
    /// <see cref="Benchmarks.BenchmarkStatus.InsufficientData"/> (a partial period, too small a sample; see <see cref="StatusReason"/>).
    /// Null when there is no benchmark, the value is undefined, or the benchmark cannot judge this grain (<see cref="StatusReason"/> says why).
    /// </summary>
    public Benchmarks.BenchmarkStatus? Status { get; init; }

    /// <summary>
    /// Why the status is insufficient data (<c>3 orders, fewer than 30</c>, <c>partial period: ...</c>) or, with a null
    /// status, why the benchmark does not judge this grain; null for an ordinary verdict and when there is no benchmark.
    /// </summary>
    public string? StatusReason { get; init; }

    /// <summary>
    /// The bands the value is judged against at the run's grain: <see cref="Benchmark"/>'s own, or converted from the grain it
    /// is stated for (<see cref="Benchmarks.JudgedBands.Converted"/>); null without a benchmark or when it cannot judge this grain.
    /// </summary>
    public Benchmarks.JudgedBands? Bands { get; init; }
}

/// <summary>What happened to one client.</summary>
public enum ClientStatus
{
    /// <summary>Every value was computed from clean data.</summary>
    Succeeded,

    /// <summary>Results were produced, but something failed on the way (bad rows, a failing plugin).</summary>
    CompletedWithErrors,

    /// <summary>The client could not be run: its definitions or datasets are invalid.</summary>
    Failed,
}

/// <summary>The outcome of evaluating one client: results in a stable order and every diagnostic.</summary>
/// <param name="Client">The client id (the file name when the file could not be read).</param>
/// <param name="Name">The client's display name.</param>
/// <param name="SourceFile">The client file.</param>
/// <param name="Grain">The grain of <paramref name="Periods"/>.</param>
/// <param name="Periods">The period labels reported, in time order.</param>
/// <param name="Results">Results ordered by KPI (in selection order), then period, then the total before each dimension combination (ordinal order of the values, missing last).</param>
/// <param name="Diagnostics">Every problem found while loading, validating and running.</param>
/// <param name="Status">Whether the client ran, and how cleanly.</param>
/// <param name="Currency">The client's currency code for display, if given.</param>
public sealed record ClientResult(
    string Client,
    string Name,
    string SourceFile,
    Grain Grain,
    IReadOnlyList<string> Periods,
    IReadOnlyList<KpiResult> Results,
    IReadOnlyList<Diagnostic> Diagnostics,
    ClientStatus Status,
    string? Currency = null)
{
    /// <summary>The dimension columns results are split by (<see cref="EvaluationOptions.Dimensions"/>); empty when only totals are reported.</summary>
    public IReadOnlyList<string> Dimensions { get; init; } = [];

    /// <summary>How each of the client's goals stands (<see cref="KpiSet.Goals"/>), in file order; empty without goals.</summary>
    public IReadOnlyList<Goals.GoalResult> Goals { get; init; } = [];

    /// <summary>The weighted score of each reported period (<see cref="KpiSet.Scorecard"/>), in period order; empty without a scorecard.</summary>
    public IReadOnlyList<PeriodScore> Scorecard { get; init; } = [];

    /// <summary>The definitions the results were computed from (KPI directions, categories, benchmarks, included files); null when the client did not run.</summary>
    public KpiSet? Definitions { get; init; }

    /// <summary>What each scanned dataset's rows covered (first and last date, records read), in plan order; empty when the client did not run.</summary>
    public IReadOnlyList<DatasetCoverage> Coverage { get; init; } = [];
    /// <summary>
    /// At <see cref="Grain.All"/>, the first date the one period covers: --from when given, else the
    /// first date of the data; null at other grains and when no dataset has dates.
    /// </summary>
    public DateOnly? FirstDate { get; init; }

    /// <summary>At <see cref="Grain.All"/>, the last date the one period covers: the end of --to when given, else the last date of the data.</summary>
    public DateOnly? LastDate { get; init; }
}
