namespace KpiEngine.Diagnostics;

/// <summary>Diagnostics of the consultant's tools: <c>kpi test</c>, <c>kpi init</c>, <c>kpi schema</c> and <c>kpi list</c>.</summary>
public static partial class DiagnosticCatalog
{
    /// <summary>A <c>NAME.tests.yaml</c> has no client or catalog file <c>NAME.yaml</c> beside it to test.</summary>
    public static readonly DiagnosticDescriptor TestTargetMissing = new("KPI1080", "Test file without the file it tests", DiagnosticSeverity.Error);

    /// <summary>A test's expected value differs from the computed one (or is missing from the results).</summary>
    public static readonly DiagnosticDescriptor TestFailed = new("KPI5040", "Test failed", DiagnosticSeverity.Error);

    /// <summary>A test could not run: the definitions it tests do not load, or its data cannot be prepared.</summary>
    public static readonly DiagnosticDescriptor TestNotRun = new("KPI5041", "Test could not run", DiagnosticSeverity.Error);

    /// <summary><c>kpi test</c> found no tests in the paths it was given.</summary>
    public static readonly DiagnosticDescriptor NoTests = new("KPI5042", "No tests found", DiagnosticSeverity.Error);
}
