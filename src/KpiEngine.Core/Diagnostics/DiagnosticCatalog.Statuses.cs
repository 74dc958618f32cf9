namespace KpiEngine.Diagnostics;

/// <summary>Diagnostics of trustworthy statuses and the scorecard (KPI1060–1069, KPI4020–4049).</summary>
public static partial class DiagnosticCatalog
{
    /// <summary>A <c>min_sample</c> that cannot be counted: the formula has no denominator to count, or the name is no input, KPI or dataset.</summary>
    public static readonly DiagnosticDescriptor SampleNotCountable = new("KPI1060", "Minimum sample cannot be counted", DiagnosticSeverity.Error);

    /// <summary>A scorecard weight that never counts: its KPI is not reported or has no benchmark, or no reported KPI has its category.</summary>
    public static readonly DiagnosticDescriptor ScorecardWeightUnused = new("KPI1061", "Scorecard weight never counts", DiagnosticSeverity.Warning);
}
