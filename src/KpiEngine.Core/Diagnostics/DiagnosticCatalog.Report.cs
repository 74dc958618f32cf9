namespace KpiEngine.Diagnostics;

/// <summary>Diagnostics of client reports (HTML, Markdown, Excel): KPI5020–5029 for their outputs.</summary>
public static partial class DiagnosticCatalog
{
    /// <summary>A report is one file per client: several clients cannot be written to one <c>--out</c> file or to standard output.</summary>
    public static readonly DiagnosticDescriptor OneReportPerClient = new("KPI5020", "One report per client", DiagnosticSeverity.Error);

    /// <summary>An Excel workbook is binary and is not written to standard output.</summary>
    public static readonly DiagnosticDescriptor WorkbookNeedsFile = new("KPI5021", "Workbook needs a file", DiagnosticSeverity.Error);
}
