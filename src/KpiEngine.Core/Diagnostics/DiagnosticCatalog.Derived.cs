namespace KpiEngine.Diagnostics;

/// <summary>Diagnostics of derived and related data, clock times and export coverage (issue 11, items 5 and 6).</summary>
public static partial class DiagnosticCatalog
{
    /// <summary>A dataset has rows dated outside the <c>coverage</c> it declares: the declaration is wrong (the rows still count).</summary>
    public static readonly DiagnosticDescriptor RowsOutsideCoverage = new("KPI7040", "Rows outside the declared coverage", DiagnosticSeverity.Warning);

    /// <summary>A dataset's own time column is read with clock-time formats only (<c>HH:mm:ss</c>): a time of day names no period.</summary>
    public static readonly DiagnosticDescriptor ClockTimeColumn = new("KPI7041", "Clock time as time column", DiagnosticSeverity.Error);
}
