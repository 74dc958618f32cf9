using System.Text;

namespace KpiEngine.Diagnostics;

/// <summary>How bad a diagnostic is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Worth knowing; nothing is wrong.</summary>
    Info,

    /// <summary>Suspicious, but the run can go on with a well-defined meaning.</summary>
    Warning,

    /// <summary>Wrong: validation fails, or the affected values are undefined.</summary>
    Error,
}

/// <summary>
/// One problem found while loading, validating or running: a stable id from
/// <see cref="DiagnosticCatalog"/>, a message, where it is, and a suggested fix when one is obvious.
/// </summary>
public sealed record Diagnostic(
    string Id,
    DiagnosticSeverity Severity,
    string Message,
    SourceSpan? Span = null,
    string? Suggestion = null)
{
    /// <summary>True for <see cref="DiagnosticSeverity.Error"/>.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>Prints <c>file(line,col): error KPI1001: message Suggestion</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (Span is { } span)
        {
            text.Append(span.ToString()).Append(": ");
        }

        text.Append(Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        });
        text.Append(' ').Append(Id).Append(": ").Append(Message);
        if (!string.IsNullOrEmpty(Suggestion))
        {
            text.Append(' ').Append(Suggestion);
        }

        return text.ToString();
    }
}

/// <summary>The catalog entry for one diagnostic id: its title and default severity.</summary>
public sealed record DiagnosticDescriptor(string Id, string Title, DiagnosticSeverity Severity)
{
    /// <summary>Makes a diagnostic of this kind.</summary>
    public Diagnostic Create(string message, SourceSpan? span = null, string? suggestion = null) =>
        new(Id, Severity, message, span, suggestion);
}
