using KpiEngine.Definitions;
using KpiEngine.Diagnostics;

namespace KpiEngine.Batch;

/// <summary>Turns client lists (paths, folders, globs) into the client files of a run.</summary>
public static class ClientFiles
{
    /// <summary>
    /// Expands every entry: a file is taken as it is; a folder gives every <c>.yaml</c>/<c>.yml</c>
    /// file below it, and a glob every such file it matches, catalog files (<c>kpis:</c> without
    /// <c>client:</c>) left out. An entry that names nothing is a KPI1008 error for that entry;
    /// the others are still expanded.
    /// </summary>
    /// <param name="entries">The entries, in any order.</param>
    /// <param name="baseFolder">The folder relative entries are taken from (the manifest's folder, or the current one).</param>
    /// <param name="diagnostics">Receives one error per entry that matches no file.</param>
    /// <returns>Full paths, each once, in ordinal order: the order clients are reported in.</returns>
    public static IReadOnlyList<string> Expand(IEnumerable<ClientPattern> entries, string baseFolder, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(baseFolder);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var files = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var matched = Find(entry.Pattern, baseFolder, out var problem);
            if (matched.Count == 0)
            {
                diagnostics.Add(
                    DiagnosticCatalog.FileNotFound,
                    problem ?? (FileGlob.IsPattern(entry.Pattern)
                        ? $"'{entry.Pattern}' matches no client file."
                        : $"'{entry.Pattern}' does not exist."),
                    entry.Span,
                    entry.Span is null ? "Check the path; quote patterns so the shell leaves them to kpi." : "Check the path; it is relative to the manifest.");
            }

            files.UnionWith(matched);
        }

        return [.. files.Order(StringComparer.Ordinal)];
    }

    private static List<string> Find(string pattern, string baseFolder, out string? problem)
    {
        problem = null;
        try
        {
            if (FileGlob.IsPattern(pattern))
            {
                return [.. FileGlob.Match(pattern, baseFolder).Where(IsClientFile)];
            }

            var path = Path.GetFullPath(pattern, Path.GetFullPath(baseFolder));
            if (Directory.Exists(path))
            {
                return [.. FileGlob.Match("**", path).Where(IsClientFile)];
            }

            return File.Exists(path) ? [path] : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problem = $"'{pattern}' cannot be searched: {e.Message}";
            return [];
        }
    }

    private static bool IsClientFile(string path) =>
        (path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        && KpiSetLoader.Classify(path) is not (DefinitionFileKind.Catalog or DefinitionFileKind.GoalTemplates or DefinitionFileKind.Profile);
}
