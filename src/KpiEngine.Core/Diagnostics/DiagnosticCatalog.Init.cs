namespace KpiEngine.Diagnostics;

/// <summary>Diagnostics of <c>kpi init</c>: reading an unseen export and writing a starter client file.</summary>
public static partial class DiagnosticCatalog
{
    /// <summary>The file <c>kpi init</c> would write exists; it is never overwritten without <c>--force</c>.</summary>
    public static readonly DiagnosticDescriptor InitTargetExists = new("KPI7080", "Starter file exists", DiagnosticSeverity.Error);

    /// <summary>The export's format cannot be told from its extension.</summary>
    public static readonly DiagnosticDescriptor InitUnknownFormat = new("KPI7081", "Export format unknown", DiagnosticSeverity.Error);

    /// <summary>The export has a header but no data rows, so no column type can be inferred.</summary>
    public static readonly DiagnosticDescriptor InitNoRows = new("KPI7082", "Export has no rows to sample", DiagnosticSeverity.Error);

    /// <summary>No column of the export holds dates: the starter dataset is written as a snapshot (<c>time: none</c>).</summary>
    public static readonly DiagnosticDescriptor InitNoTimeColumn = new("KPI7083", "Export has no date column", DiagnosticSeverity.Warning);

    /// <summary>The profile named with <c>--profile</c> cannot be found.</summary>
    public static readonly DiagnosticDescriptor InitUnknownProfile = new("KPI7084", "Profile not found", DiagnosticSeverity.Error);

    /// <summary>Day-first and month-first dates both read every sampled date; the starter picks day-first and says so.</summary>
    public static readonly DiagnosticDescriptor InitAmbiguousDates = new("KPI7085", "Dates read both day-first and month-first", DiagnosticSeverity.Warning);
}
