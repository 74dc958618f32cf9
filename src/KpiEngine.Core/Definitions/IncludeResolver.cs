using KpiEngine.Diagnostics;

namespace KpiEngine.Definitions;

/// <summary>
/// Resolves a file's includes depth first: each file is loaded once (a second include of it is
/// skipped), cycles are reported with their chain, and a file's own KPIs override the KPIs of the
/// files it includes, while the same id from two included files is a conflict.
/// </summary>
internal sealed class IncludeResolver(YamlLimits limits, DiagnosticBag diagnostics)
{
    private readonly List<string> _chain = [];
    private readonly HashSet<string> _loaded = new(StringComparer.Ordinal);
    private readonly List<string> _includes = [];

    /// <summary>The absolute paths of every included file, in the order they were loaded.</summary>
    public IReadOnlyList<string> Includes => _includes;

    /// <summary>The KPIs of <paramref name="source"/>'s includes with its own KPIs written over them.</summary>
    public List<KpiDraft> Resolve(YamlSource source, IReadOnlyList<Spanned<string>> includes, IReadOnlyList<KpiDraft> own)
    {
        _chain.Add(source.FullPath);
        _loaded.Add(source.FullPath);
        var merged = new List<KpiDraft>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var include in includes)
        {
            foreach (var kpi in LoadInclude(source, include))
            {
                if (index.TryGetValue(kpi.Id, out var at))
                {
                    diagnostics.Add(
                        DiagnosticCatalog.DuplicateId,
                        $"KPI '{kpi.Id}' is defined in two included files: {merged[at].Span} and {kpi.Span}.",
                        kpi.Span,
                        "Remove one of them, or include only one of the files.");
                    continue;
                }

                index[kpi.Id] = merged.Count;
                merged.Add(kpi);
            }
        }

        var seen = new Dictionary<string, KpiDraft>(StringComparer.Ordinal);
        foreach (var kpi in own)
        {
            if (seen.TryGetValue(kpi.Id, out var first))
            {
                diagnostics.Add(
                    DiagnosticCatalog.DuplicateId,
                    $"KPI '{kpi.Id}' is defined twice in this file; the first is at {first.Span}.",
                    kpi.Span,
                    "Remove one of them.");
                continue;
            }

            seen[kpi.Id] = kpi;
            if (index.TryGetValue(kpi.Id, out var at))
            {
                merged[at] = kpi.Over(merged[at]);
            }
            else
            {
                index[kpi.Id] = merged.Count;
                merged.Add(kpi);
            }
        }

        _chain.RemoveAt(_chain.Count - 1);
        return merged;
    }

    private List<KpiDraft> LoadInclude(YamlSource source, Spanned<string> include)
    {
        string full;
        try
        {
            full = Path.GetFullPath(Path.Combine(source.Directory, include.Value));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            diagnostics.Add(DiagnosticCatalog.FileNotFound, $"'{include.Value}' is not a valid path: {e.Message}", include.Span);
            return [];
        }

        var cycleStart = _chain.IndexOf(full);
        if (cycleStart >= 0)
        {
            var cycle = _chain.Skip(cycleStart).Append(full).Select(DefinitionPath.Display);
            diagnostics.Add(
                DiagnosticCatalog.IncludeCycle,
                $"Files include each other: {string.Join(" -> ", cycle)}.",
                include.Span,
                "Remove one of the includes in the cycle.");
            return [];
        }

        if (!_loaded.Add(full))
        {
            return [];
        }

        if (YamlTreeReader.ReadFile(full, limits, diagnostics, include.Span) is not { } included)
        {
            return [];
        }

        _includes.Add(full);
        if (included.Root is YamlMapping root && root.Find("client") is not null)
        {
            diagnostics.Add(
                DiagnosticCatalog.InvalidValue,
                $"'{included.File}' is a client file; only catalog files can be included.",
                include.Span,
                "Include the catalogs it includes instead.");
            return [];
        }

        if (included.Failed)
        {
            return [];
        }

        if (included.Root is null)
        {
            diagnostics.Add(DiagnosticCatalog.MissingKey, $"'{included.File}' is empty; a catalog needs 'kpis'.", include.Span);
            return [];
        }

        return new DefinitionFileReader(included, diagnostics).ReadCatalog() is { } catalog
            ? Resolve(included, catalog.Includes, catalog.Kpis)
            : [];
    }
}
