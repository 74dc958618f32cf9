namespace KpiEngine.Diagnostics;

/// <summary>Diagnostics of batch runs and outputs (the KPI5xxx range: command line and runs).</summary>
public static partial class DiagnosticCatalog
{
    /// <summary>The previous <c>run-summary.json</c> cannot be read, so <c>--skip-unchanged</c> runs every client.</summary>
    public static readonly DiagnosticDescriptor PreviousSummaryUnreadable = new("KPI5003", "Previous run summary unreadable", DiagnosticSeverity.Warning);

    /// <summary>An output path names a folder, a symbolic link, a named pipe, a device or a socket; it was left as it is and nothing was written.</summary>
    public static readonly DiagnosticDescriptor OutputTargetRefused = new("KPI5010", "Output target is not a regular file", DiagnosticSeverity.Error);

    /// <summary>The run produced no result (every client failed), so <c>--out</c> was not written and keeps its previous content.</summary>
    public static readonly DiagnosticDescriptor OutputKept = new("KPI5011", "Output left unchanged", DiagnosticSeverity.Warning);

    /// <summary><c>kpi</c> stopped on an error it did not expect (a defect); outputs are never half-written.</summary>
    public static readonly DiagnosticDescriptor InternalError = new("KPI5012", "Internal error", DiagnosticSeverity.Error);

    /// <summary>Temporary files an interrupted run left in the output folder were removed.</summary>
    public static readonly DiagnosticDescriptor LeftoversRemoved = new("KPI5013", "Leftover temporary files removed", DiagnosticSeverity.Info);
}
