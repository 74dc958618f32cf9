using KpiEngine.Diagnostics;

namespace KpiEngine.Cli.Output;

/// <summary>Prints diagnostics one per line as <c>file(line,col): error KPI1001: message suggestion</c>.</summary>
internal static class DiagnosticPrinter
{
    public static void Print(TextWriter writer, IEnumerable<Diagnostic> diagnostics, bool includeInfo = false)
    {
        foreach (var diagnostic in diagnostics)
        {
            if (includeInfo || diagnostic.Severity != DiagnosticSeverity.Info)
            {
                writer.WriteLine(diagnostic.ToString());
            }
        }
    }

    public static string Summary(IReadOnlyCollection<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        var warnings = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
        return $"{errors} error{(errors == 1 ? string.Empty : "s")}, {warnings} warning{(warnings == 1 ? string.Empty : "s")}";
    }
}
