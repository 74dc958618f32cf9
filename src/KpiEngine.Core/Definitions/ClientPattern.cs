using KpiEngine.Diagnostics;

namespace KpiEngine.Definitions;

/// <summary>One entry of a client list: a file, a folder or a glob, and where it was written (for manifests).</summary>
/// <param name="Pattern">A path, a folder, or a pattern with <c>*</c>, <c>?</c> or <c>**</c>.</param>
/// <param name="Span">Where the entry stands in a manifest; null for command-line arguments.</param>
public sealed record ClientPattern(string Pattern, SourceSpan? Span = null);
