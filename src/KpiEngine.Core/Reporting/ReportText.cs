using KpiEngine.Definitions;
using KpiEngine.Goals;

namespace KpiEngine.Reporting;

/// <summary>The words every report format uses for statuses, changes and goals, so HTML, Markdown and Excel say the same.</summary>
internal static class ReportText
{
    /// <summary>The status as a word (<c>good</c>, <c>not judged</c>).</summary>
    public static string Status(ReportStatus status) => status switch
    {
        ReportStatus.Good => "good",
        ReportStatus.Warning => "warning",
        ReportStatus.Poor => "poor",
        ReportStatus.InsufficientData => "insufficient data",
        _ => "not judged",
    };

    /// <summary>The status as a CSS class name.</summary>
    public static string StatusClass(ReportStatus status) => status switch
    {
        ReportStatus.Good => "good",
        ReportStatus.Warning => "warning",
        ReportStatus.Poor => "poor",
        ReportStatus.InsufficientData => "insufficient",
        _ => "none",
    };

    /// <summary>Why a point is not judged, or its status word: a reader must not take "no benchmark" for "fine".</summary>
    public static string Verdict(KpiReport kpi, ReportPoint? point)
    {
        if (point is null || point.Value is null)
        {
            return "no value";
        }

        if (point.Status != ReportStatus.NotJudged)
        {
            return Status(point.Status);
        }

        return kpi.Benchmark is null ? "no benchmark"
            : kpi.Direction == KpiDirection.Neutral ? "neutral KPI"
            : point.StatusReason is not null ? "not judged at this grain"
            : "not judged";
    }

    /// <summary>A goal's status in words (<c>on track</c>).</summary>
    public static string Goal(GoalStatus status) => status switch
    {
        GoalStatus.Achieved => "achieved",
        GoalStatus.OnTrack => "on track",
        GoalStatus.AtRisk => "at risk",
        GoalStatus.OffTrack => "off track",
        _ => "unknown",
    };

    /// <summary>The report status that colours a goal's verdict.</summary>
    public static ReportStatus GoalColour(GoalStatus status) => status switch
    {
        GoalStatus.Achieved or GoalStatus.OnTrack => ReportStatus.Good,
        GoalStatus.AtRisk => ReportStatus.Warning,
        GoalStatus.OffTrack => ReportStatus.Poor,
        _ => ReportStatus.NotJudged,
    };

    /// <summary>
    /// A change for people: relative (<c>+12.5 %</c>) for most units, in percentage points
    /// (<c>+1.20 pp</c>) for a percent KPI, where a relative change of a rate misleads; absolute
    /// when the earlier value is 0. <c>n/a</c> when there is no change to show.
    /// </summary>
    public static string Change(ReportChange? change, KpiUnit unit, string? currency)
    {
        if (change is null)
        {
            return "n/a";
        }

        if (unit == KpiUnit.Percent)
        {
            return Signed(change.Absolute, NumberFormat.Display(Math.Abs(change.Absolute), 2)) + " pp";
        }

        return change.Relative is { } relative
            ? Signed(relative, NumberFormat.Display(Math.Abs(relative), 1)) + " %"
            : Signed(change.Absolute, UnitFormat.Display(Math.Abs(change.Absolute), unit, currency));
    }

    /// <summary>Whether a change is for the better (+1), the worse (−1) or neither (0), by the KPI's direction.</summary>
    public static int Better(ReportChange? change, KpiDirection direction) =>
        change is null || change.Absolute == 0 || direction == KpiDirection.Neutral ? 0
        : (change.Absolute > 0) == (direction == KpiDirection.Higher) ? 1 : -1;

    private static string Signed(double value, string magnitude) =>
        magnitude.Trim('0', '.', ',').Length == 0 ? magnitude : (value > 0 ? "+" : value < 0 ? "−" : string.Empty) + magnitude;

    /// <summary>
    /// The thresholds a KPI is judged by at the run's grain, for people: <c>good ≥ 110.00 EUR, poor ≤ 80.00 EUR</c>,
    /// saying when they were converted from the grain the benchmark is stated for, or why it judges
    /// nothing at this grain; null for a KPI without benchmark or a neutral one.
    /// </summary>
    public static string? Thresholds(KpiReport kpi, string? currency)
    {
        if (kpi.Benchmark is not { } benchmark || kpi.Direction == KpiDirection.Neutral)
        {
            return null;
        }

        var higher = kpi.Direction == KpiDirection.Higher;
        string Pair(double good, double poor) =>
            $"good {(higher ? "≥" : "≤")} {UnitFormat.Display(good, kpi.Unit, currency)}, poor {(higher ? "≤" : "≥")} {UnitFormat.Display(poor, kpi.Unit, currency)}";
        var stated = $"{Pair(benchmark.Good, benchmark.Poor)} per {GrainWord(benchmark.StatedPer)}";
        return kpi.Bands switch
        {
            null => $"benchmark {stated}: not judged at this grain" + (kpi.Points.FirstOrDefault(p => p.StatusReason is not null)?.StatusReason is { } why ? $" ({why})" : string.Empty),
            { Converted: true } bands => $"{Pair(bands.Good, bands.Poor)} (converted from {stated})",
            _ => stated,
        };
    }

#pragma warning disable CA1308 // Grains are written in lower case in YAML and outputs.
    /// <summary>The grain as a word (<c>month</c>).</summary>
    public static string GrainWord(Time.Grain grain) => grain.ToString().ToLowerInvariant();
#pragma warning restore CA1308

    /// <summary><c>2026-01 to 2026-06</c>, one period, or <c>no periods</c>.</summary>
    public static string Range(IReadOnlyList<string> periods) => periods.Count switch
    {
        0 => "no periods",
        1 => periods[0],
        _ => $"{periods[0]} to {periods[^1]}",
    };
}
