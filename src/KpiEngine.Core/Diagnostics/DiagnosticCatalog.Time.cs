namespace KpiEngine.Diagnostics;

/// <summary>Diagnostics of time functions (KPI2xxx, formulas).</summary>
public static partial class DiagnosticCatalog
{
    /// <summary>A balance input (or a value that reads one) summed across periods by RollingSum, Cumulative, YTD, QTD or MTD.</summary>
    public static readonly DiagnosticDescriptor BalanceSummed = new("KPI2012", "Balance summed across periods", DiagnosticSeverity.Error);

    /// <summary>A time function's number of periods that is not a whole number literal from 1 to 1000.</summary>
    public static readonly DiagnosticDescriptor BadPeriodCount = new("KPI2013", "Invalid number of periods", DiagnosticSeverity.Error);
}
