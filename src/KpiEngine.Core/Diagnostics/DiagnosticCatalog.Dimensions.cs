namespace KpiEngine.Diagnostics;

/// <summary>Diagnostics of results split by dimension (<c>kpi run --by</c>).</summary>
public static partial class DiagnosticCatalog
{
    /// <summary>A dataset the run scans lacks a requested dimension column: its inputs are undefined per dimension value, its totals are normal.</summary>
    public static readonly DiagnosticDescriptor DimensionMissing = new("KPI3011", "Dataset lacks a dimension column", DiagnosticSeverity.Warning);
}
