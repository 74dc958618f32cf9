using KpiEngine.Benchmarks;
using KpiEngine.Definitions;
using KpiEngine.Evaluation;
using KpiEngine.Goals;
using KpiEngine.Time;

namespace KpiEngine.Reporting;

/// <summary>
/// One client's report, as every report format (HTML, Markdown, Excel) shows it: built once from a
/// <see cref="ClientResult"/> by <see cref="ClientReportBuilder"/>, so the formats cannot disagree
/// on a number, a status or a change. Each part is its own record, so a new section (a scorecard,
/// a goal tree) is a new part here and one more section in each writer.
/// </summary>
/// <param name="Header">Who the report is for and what it was made from.</param>
/// <param name="Kpis">One entry per reported KPI, in the client's order.</param>
/// <param name="Goals">The client's goals, in file order.</param>
/// <param name="Breakdowns">Per KPI, the values per dimension value; empty without <c>--by</c>.</param>
/// <param name="Notes">Every undefined value with its reason, runs of periods with one reason together.</param>
internal sealed record ClientReport(
    ReportHeader Header,
    IReadOnlyList<KpiReport> Kpis,
    IReadOnlyList<GoalResult> Goals,
    IReadOnlyList<KpiBreakdown> Breakdowns,
    IReadOnlyList<ReportNote> Notes)
{
    /// <summary>The weighted score per reported period (<see cref="ClientResult.Scorecard"/>); empty without a scorecard.</summary>
    public IReadOnlyList<PeriodScore> Scorecard { get; init; } = [];

    /// <summary>Every value whose status was not judged — insufficient data, or a benchmark that cannot judge this grain — with the reason, runs of periods together.</summary>
    public IReadOnlyList<ReportNote> StatusNotes { get; init; } = [];

    /// <summary>The cohort KPIs, each as a cohort × age table; empty when the client has none.</summary>
    public IReadOnlyList<CohortReport> Cohorts { get; init; } = [];
}

/// <summary>The report's header: the client, the periods, the data behind them and the files the report was made from.</summary>
/// <param name="Client">The client id.</param>
/// <param name="Name">The client's display name.</param>
/// <param name="Profile">The offer-type profile's name and id; null without a profile.</param>
/// <param name="Currency">The client's currency code; null when not given.</param>
/// <param name="Grain">The period length.</param>
/// <param name="Periods">The reported period labels, in time order.</param>
/// <param name="Dimensions">The dimension columns of the breakdowns; empty without <c>--by</c>.</param>
/// <param name="Coverage">The dates each dataset's rows covered.</param>
/// <param name="Sources">The files the report was made from, with their hashes.</param>
/// <param name="EngineVersion">The engine's version.</param>
/// <param name="Problems">How many errors and warnings the run had (details on the run's standard error).</param>
internal sealed record ReportHeader(
    string Client,
    string Name,
    string? Profile,
    string? Currency,
    Grain Grain,
    IReadOnlyList<string> Periods,
    IReadOnlyList<string> Dimensions,
    IReadOnlyList<DatasetCoverage> Coverage,
    IReadOnlyList<ReportSource> Sources,
    string EngineVersion,
    ReportProblems Problems)
{
    /// <summary>The client's fiscal year and week start, to read and extend period labels on charts.</summary>
    public CalendarSettings Calendar { get; init; } = CalendarSettings.Default;

    /// <summary>The grain as a word (<c>month</c>).</summary>
#pragma warning disable CA1308 // Grains are written in lower case on the command line and in outputs.
    public string GrainName => Grain.ToString().ToLowerInvariant();
#pragma warning restore CA1308
}

/// <summary>How many errors and warnings the run reported.</summary>
internal sealed record ReportProblems(int Errors, int Warnings);

/// <summary>One file a report was made from.</summary>
/// <param name="Role">What the file is: <c>client</c>, <c>include</c>, <c>profile</c> or <c>dataset</c>.</param>
/// <param name="Path">The path relative to the client file's folder, with <c>/</c>, so the report does not change with the folder it was run from.</param>
/// <param name="Hash"><c>sha256:…</c> of its bytes, or <c>missing</c>.</param>
internal sealed record ReportSource(string Role, string Path, string Hash);

/// <summary>The status a report shows for a value: a benchmark verdict, or why there is none.</summary>
internal enum ReportStatus
{
    /// <summary>At or beyond the good threshold.</summary>
    Good,

    /// <summary>Between the good and the poor threshold.</summary>
    Warning,

    /// <summary>At or beyond the poor threshold.</summary>
    Poor,

    /// <summary>Too little data behind the value to judge it (a partial period, a sample below the minimum): never good, warning or poor.</summary>
    InsufficientData,

    /// <summary>The KPI has no benchmark, is neutral, or the value is undefined: nothing to judge.</summary>
    NotJudged,
}

/// <summary>A KPI's value in one period, as a report shows it.</summary>
/// <param name="Period">The period label.</param>
/// <param name="Value">The value; null when undefined.</param>
/// <param name="Reason">Why it is undefined; null when defined.</param>
/// <param name="Partial">The data covers only part of the period.</param>
/// <param name="Status">The benchmark status.</param>
internal sealed record ReportPoint(string Period, double? Value, string? Reason, bool Partial, ReportStatus Status)
{
    /// <summary>Why the status is insufficient data, or why the benchmark does not judge this grain; null otherwise.</summary>
    public string? StatusReason { get; init; }
}

/// <summary>A change between two periods: absolute, and relative to the earlier value when that is not zero.</summary>
/// <param name="FromPeriod">The earlier period.</param>
/// <param name="Absolute">Later minus earlier (percentage points for a percent KPI).</param>
/// <param name="Relative">(later − earlier) / |earlier| × 100; null when the earlier value is 0.</param>
internal sealed record ReportChange(string FromPeriod, double Absolute, double? Relative);

/// <summary>One KPI's part of the report: its definition, its values and how the latest compares.</summary>
/// <param name="Id">The KPI id.</param>
/// <param name="Name">The display name.</param>
/// <param name="Category">The category; null when none.</param>
/// <param name="Unit">The unit.</param>
/// <param name="Direction">Whether higher or lower is better.</param>
/// <param name="Description">What the KPI measures; null when not described.</param>
/// <param name="Benchmark">Its bands; null without a benchmark.</param>
/// <param name="Points">The total's value in every reported period.</param>
/// <param name="Latest">The last point with a value; null when no period has one.</param>
/// <param name="VersusPrevious">The latest value against the period before it; null when either is undefined.</param>
/// <param name="VersusYearAgo">The latest value against the same period a year earlier; null when that is not reported or undefined.</param>
/// <param name="GoalLines">The targets and projections of the goals on this KPI, for its chart.</param>
/// <param name="Bands">The bands the values are judged against at the run's grain (converted from the benchmark's grain when needed); null when none judges this grain.</param>
internal sealed record KpiReport(
    string Id,
    string Name,
    string? Category,
    KpiUnit Unit,
    KpiDirection Direction,
    string? Description,
    Benchmark? Benchmark,
    IReadOnlyList<ReportPoint> Points,
    ReportPoint? Latest,
    ReportChange? VersusPrevious,
    ReportChange? VersusYearAgo,
    IReadOnlyList<GoalLine> GoalLines,
    JudgedBands? Bands);

/// <summary>A goal drawn on its KPI's chart: the target as a level, the projection as a line from the current value to the deadline.</summary>
internal sealed record GoalLine(string Goal, double Target, string Deadline, GoalPoint Current, double? Projection);

/// <summary>One KPI per dimension value: the last <see cref="ClientReportBuilder.BreakdownPeriods"/> periods.</summary>
/// <param name="Kpi">The KPI id.</param>
/// <param name="Name">The KPI's display name.</param>
/// <param name="Unit">The unit.</param>
/// <param name="Periods">The periods shown, oldest first; the last is the chart's.</param>
/// <param name="Rows">One row per dimension combination, the total first.</param>
internal sealed record KpiBreakdown(string Kpi, string Name, KpiUnit Unit, IReadOnlyList<string> Periods, IReadOnlyList<BreakdownRow> Rows);

/// <summary>One dimension combination's values in a breakdown.</summary>
/// <param name="Label">The combination (<c>channel = email</c>), or <c>Total</c>.</param>
/// <param name="IsTotal">True for the total row.</param>
/// <param name="Points">One point per period of the breakdown.</param>
internal sealed record BreakdownRow(string Label, bool IsTotal, IReadOnlyList<ReportPoint> Points);

/// <summary>An undefined value (or a run of consecutive periods with the same reason) for the notes.</summary>
/// <param name="Kpi">The KPI id.</param>
/// <param name="Name">The KPI's display name.</param>
/// <param name="Dimensions">The dimension combination, or null for the total.</param>
/// <param name="FirstPeriod">The first period of the run.</param>
/// <param name="LastPeriod">The last period of the run (the same as the first for one period).</param>
/// <param name="Reason">Why the value is undefined.</param>
internal sealed record ReportNote(string Kpi, string Name, string? Dimensions, string FirstPeriod, string LastPeriod, string Reason)
{
    /// <summary><c>2026-02</c>, or <c>2026-02 to 2026-04</c> for a run.</summary>
    public string Periods => FirstPeriod == LastPeriod ? FirstPeriod : $"{FirstPeriod} to {LastPeriod}";
}
