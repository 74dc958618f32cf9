namespace KpiEngine.Diagnostics;

/// <summary>Diagnostics that name a problem's cause (KPI706x, issue 11 item 7) and parent levels and subtotals under <c>--by</c> (item 4).</summary>
public static partial class DiagnosticCatalog
{
    /// <summary>A value that the dataset's declared <c>date_format</c> does not read; the message quotes format and value and suggests one that matches.</summary>
    public static readonly DiagnosticDescriptor DeclaredDateFormatFailed = new("KPI7060", "Declared date format does not match", DiagnosticSeverity.Error);

    /// <summary>A column empty in every sampled row (so inferred as text) used where a number is needed.</summary>
    public static readonly DiagnosticDescriptor EmptyColumnIsText = new("KPI7061", "Empty column inferred as text", DiagnosticSeverity.Error);

    /// <summary>A plugin parameter whose value the metric does not accept (not a number, out of its range, not whole), or a required one that is missing.</summary>
    public static readonly DiagnosticDescriptor PluginParameterInvalid = new("KPI7062", "Invalid plugin parameter", DiagnosticSeverity.Error);

    /// <summary>A parameter given to a plugin metric that declares its parameters and has no such one.</summary>
    public static readonly DiagnosticDescriptor UnknownPluginParameter = new("KPI7063", "Unknown plugin parameter", DiagnosticSeverity.Error);
}
