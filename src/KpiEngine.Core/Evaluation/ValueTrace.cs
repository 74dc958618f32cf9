using KpiEngine.Definitions;

namespace KpiEngine.Evaluation;

/// <summary>How one value of one period was computed: its formula, what every name in it was worth then, and where those values came from.</summary>
/// <param name="Id">The KPI or input id.</param>
/// <param name="Kind"><c>kpi</c> or <c>input</c>.</param>
/// <param name="Period">The period label.</param>
/// <param name="Formula">The formula text; null for a plugin KPI.</param>
/// <param name="Value">The value, or null when undefined.</param>
/// <param name="Reason">Why the value is undefined; null when defined.</param>
/// <param name="Partial">True when the value reads a period its data does not cover entirely.</param>
/// <param name="Dataset">The dataset the formula's own aggregates read, with the period's rows.</param>
/// <param name="Aggregates">The formula's own aggregates and their values in the period.</param>
/// <param name="Names">Every input, KPI and parameter the formula names, with its value in the period.</param>
/// <param name="TimeValues">What each time function (Prev, RollingSum, YTD ...) gave.</param>
public sealed record ValueTrace(
    string Id,
    string Kind,
    string Period,
    string? Formula,
    double? Value,
    string? Reason,
    bool Partial,
    TracedDataset? Dataset,
    IReadOnlyList<TracedValue> Aggregates,
    IReadOnlyList<TracedName> Names,
    IReadOnlyList<TracedValue> TimeValues)
{
    /// <summary>For a cell of a cohort KPI: the cohort (the period its entities start); null for a value of a period.</summary>
    public string? Cohort { get; init; }

    /// <summary>For a cell of a cohort KPI: whole periods since the cohort, from 0 (<see cref="Period"/> is the cohort plus the age).</summary>
    public int? Age { get; init; }
}

/// <summary>A dataset as one value read it in one period.</summary>
/// <param name="Name">The dataset name.</param>
/// <param name="Rows">Rows in the period that passed the dataset's filter.</param>
/// <param name="Filter">The dataset's filter formula, if any.</param>
/// <param name="Covered">False when the dataset has no rows at all from that period (before its first or after its last row).</param>
public sealed record TracedDataset(string Name, long Rows, string? Filter, bool Covered)
{
    /// <summary>For a database dataset: how its rows were aggregated (pushed down or streamed, the SQL, what was transferred).</summary>
    public DatasetAccess? Access { get; init; }
}

/// <summary>A sub-expression's value in a period: an aggregate, or a time function call.</summary>
/// <param name="Text">The expression as written (aggregates in canonical form).</param>
/// <param name="Period">The period it was evaluated for.</param>
/// <param name="Value">The value, or null when undefined.</param>
/// <param name="Reason">Why it is undefined.</param>
public sealed record TracedValue(string Text, string Period, double? Value, string? Reason);

/// <summary>A name in a traced formula and its value in the period.</summary>
/// <param name="Name">The name as written in brackets.</param>
/// <param name="Kind"><c>input</c>, <c>kpi</c> or <c>parameter</c>.</param>
/// <param name="Value">The value, or null when undefined.</param>
/// <param name="Reason">Why it is undefined.</param>
/// <param name="Formula">The input's or KPI's formula.</param>
/// <param name="Dataset">For inputs (and KPIs with a dataset): the dataset and its rows in the period.</param>
/// <param name="InputKind">For inputs: flow or balance.</param>
public sealed record TracedName(string Name, string Kind, double? Value, string? Reason, string? Formula, TracedDataset? Dataset, InputKind? InputKind);
