namespace KpiEngine.Diagnostics;

/// <summary>Diagnostics of cohort KPIs' outputs: tracing one cell of a triangle, plugin metrics giving cohort cells.</summary>
public static partial class DiagnosticCatalog
{
    /// <summary>A cohort cell asked of a KPI reported per period, or a period asked of a cohort KPI (<c>kpi explain --cohort/--age</c> against <c>--period</c>).</summary>
    public static readonly DiagnosticDescriptor CohortCellOfPeriodKpi = new("KPI7140", "Not a cohort KPI", DiagnosticSeverity.Error);

    /// <summary>The cohort asked for is not one of the KPI's cohorts (no entity starts in it, or it lies outside the data).</summary>
    public static readonly DiagnosticDescriptor NoSuchCohort = new("KPI7141", "No such cohort", DiagnosticSeverity.Error);

    /// <summary>The age asked for is not in the cohort's row: negative, past the ages reported, or after the data ends.</summary>
    public static readonly DiagnosticDescriptor NoSuchCohortAge = new("KPI7142", "No such cohort age", DiagnosticSeverity.Error);
}
