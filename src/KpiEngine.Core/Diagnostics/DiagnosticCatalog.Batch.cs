namespace KpiEngine.Diagnostics;

/// <summary>Diagnostics of batch runs (the KPI5xxx range: command line and runs).</summary>
public static partial class DiagnosticCatalog
{
    /// <summary>The previous <c>run-summary.json</c> cannot be read, so <c>--skip-unchanged</c> runs every client.</summary>
    public static readonly DiagnosticDescriptor PreviousSummaryUnreadable = new("KPI5003", "Previous run summary unreadable", DiagnosticSeverity.Warning);
}
