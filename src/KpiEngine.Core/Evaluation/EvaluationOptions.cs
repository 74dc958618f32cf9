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

    /// <summary>Attach a <see cref="ValueTrace"/> to every result: what the value was computed from.</summary>
    public bool Trace { get; init; }
}
