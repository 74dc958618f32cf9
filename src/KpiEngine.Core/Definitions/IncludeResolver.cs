using KpiEngine.Diagnostics;

namespace KpiEngine.Definitions;

/// <summary>
/// Resolves a file's includes depth first: each file is read once (a second include of it reuses
/// the first result), cycles are reported with their chain, and a file's own KPIs override the KPIs
/// of the files it includes. The same id from two included files is a conflict unless both come
/// from one definition and at most one of them changed it.
/// </summary>
internal sealed class IncludeResolver(YamlLimits limits, DiagnosticBag diagnostics, InputRoots roots)
{
    private readonly List<string> _chain = [];
    private readonly HashSet<string> _loaded = new(StringComparer.Ordinal);
    private readonly List<string> _includes = [];
    private readonly Dictionary<string, List<KpiDraft>> _resolved = new(StringComparer.Ordinal);
    private readonly List<YamlSource> _goalFiles = [];

    /// <summary>The absolute paths of every included file, in the order they were loaded.</summary>
    public IReadOnlyList<string> Includes => _includes;

    /// <summary>The included goal template files (a <c>templates:</c> root), in load order; they bring no KPIs.</summary>
    public IReadOnlyList<YamlSource> GoalFiles => _goalFiles;

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
                    var existing = merged[at];
                    if (existing.Origin == kpi.Origin && (ReferenceEquals(existing, kpi) || kpi.Span == kpi.Origin))
                    {
                        // The same definition reached through a second include.
                        continue;
                    }

                    if (existing.Origin == kpi.Origin && existing.Span == existing.Origin)
                    {
                        // A later include refines the definition an earlier one brought in as is.
                        merged[at] = kpi;
                        continue;
                    }

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
        _resolved[source.FullPath] = merged;
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
            // Loaded before through another include: the same KPIs again, without reading twice.
            return _resolved.TryGetValue(full, out var resolved) ? resolved : [];
        }

        if (YamlTreeReader.ReadFile(full, limits, diagnostics, include.Span, roots) is not { } included)
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

        if (included.Root is YamlMapping goals && goals.Find("templates") is not null && goals.Find("kpis") is null)
        {
            _goalFiles.Add(included);
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
