using KpiEngine.Diagnostics;

namespace KpiEngine.Definitions;

/// <summary>
/// A profile with its <c>extends:</c> chain merged, and the positions its includes and KPI list were
/// written at, so problems found later (a missing catalog, an unknown KPI) point into the profile.
/// </summary>
internal sealed record ResolvedProfile(
    OfferProfile Profile,
    YamlSource Source,
    IReadOnlyList<Spanned<string>> Includes,
    IReadOnlyList<Spanned<string>> Kpis);

/// <summary>
/// Finds and reads offer-type profiles. A reference that looks like a path (<c>.yaml</c>, or with a
/// folder) is taken relative to the file naming it; a bare name <c>subscription</c> is looked up as
/// <c>profiles/subscription.yaml</c> in that file's folder and each folder above it, so a client in
/// <c>kpi-definitions/clients/</c> and a profile extending another both find
/// <c>kpi-definitions/profiles/</c>. Unknown profiles are KPI1012, <c>extends</c> cycles KPI1014.
/// </summary>
internal sealed partial class ProfileResolver(YamlLimits limits, DiagnosticBag diagnostics, InputRoots roots)
{
    private const string Folder = "profiles";
    private static readonly string[] ProfileKeys = ["profile", "name", "description", "extends", "include", "kpis", "benchmarks", "scorecard"];
    private readonly List<string> _chain = [];

    /// <summary>The profile a file names with <c>profile:</c> (or <c>extends:</c>); null when it cannot be found or read.</summary>
    public ResolvedProfile? Resolve(string referrerDirectory, Spanned<string> reference)
    {
        var path = Locate(referrerDirectory, reference);
        return path is null ? null : Load(path, reference.Span);
    }

    /// <summary>Reads the profile file at <paramref name="fullPath"/> and the profiles it extends.</summary>
    public ResolvedProfile? Load(string fullPath, SourceSpan? reference)
    {
        var cycleStart = _chain.IndexOf(fullPath);
        if (cycleStart >= 0)
        {
            var cycle = _chain.Skip(cycleStart).Append(fullPath).Select(DefinitionPath.Display);
            diagnostics.Add(
                DiagnosticCatalog.IncludeCycle,
                $"Profiles extend each other: {string.Join(" -> ", cycle)}.",
                reference,
                "Remove one of the 'extends' in the cycle.");
            return null;
        }

        if (YamlTreeReader.ReadFile(fullPath, limits, diagnostics, reference, reference is null ? null : roots) is not { Failed: false } source)
        {
            return null;
        }

        var schema = new SchemaReader(source, diagnostics);
        if (source.Root is null)
        {
            diagnostics.Add(DiagnosticCatalog.MissingKey, $"'{source.File}' is empty; a profile needs at least 'profile' and 'kpis'.", reference ?? SourceSpan.At(source.File, 1, 1));
            return null;
        }

        if (schema.Mapping(source.Root, "the profile") is not { } root)
        {
            return null;
        }

        const string Owner = "the profile";
        if (!schema.CheckRootKeys(root, ProfileKeys, "a profile file"))
        {
            return null;
        }

        var id = schema.Required(root, "profile", Owner)?.Value ?? Path.GetFileNameWithoutExtension(fullPath);
        var name = schema.Text(root, "name", Owner) ?? id;
        var extends = schema.Scalar(root["extends"], "extends", Owner);
        var includes = schema.TextList(root["include"], "include", Owner)
            .Select(i => i with { Value = Path.GetFullPath(Path.Combine(source.Directory, i.Value)) })
            .ToList();
        var kpis = schema.TextList(root["kpis"], "kpis", Owner);
        var benchmarks = new BenchmarkReader(schema).Read(root["benchmarks"]);
        ReportRepeated(kpis, id);

        ResolvedProfile? parent = null;
        if (extends is not null)
        {
            _chain.Add(fullPath);
            parent = Resolve(source.Directory, new Spanned<string>(extends.Value, schema.Span(extends)));
            _chain.RemoveAt(_chain.Count - 1);
        }

        var mergedIncludes = Merge(parent?.Includes ?? [], includes);
        var mergedKpis = Merge(parent?.Kpis ?? [], kpis);
        var mergedBenchmarks = new List<Benchmark>(parent?.Profile.Benchmarks ?? []);
        foreach (var benchmark in benchmarks)
        {
            var at = mergedBenchmarks.FindIndex(b => b.KpiId == benchmark.KpiId);
            if (at >= 0)
            {
                mergedBenchmarks[at] = benchmark;
            }
            else
            {
                mergedBenchmarks.Add(benchmark);
            }
        }

        var profile = new OfferProfile(
            id,
            name,
            source.FullPath,
            parent?.Profile,
            [.. mergedIncludes.Select(i => i.Value)],
            [.. mergedKpis.Select(k => k.Value)],
            mergedBenchmarks) { Scorecard = new SufficiencyReader(schema).Scorecard(root["scorecard"], Owner) ?? parent?.Profile.Scorecard };
        return new ResolvedProfile(profile, source, mergedIncludes, mergedKpis);
    }

    private string? Locate(string directory, Spanned<string> reference)
    {
        var value = reference.Value;
        if (value.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || value.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            || value.Contains('/', StringComparison.Ordinal) || value.Contains('\\', StringComparison.Ordinal))
        {
            try
            {
                return Path.GetFullPath(Path.Combine(directory, value));
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                diagnostics.Add(DiagnosticCatalog.FileNotFound, $"'{value}' is not a valid path: {e.Message}", reference.Span);
                return null;
            }
        }

        var known = new List<string>();
        var searched = new List<string>();
        for (var folder = new DirectoryInfo(directory); folder is not null; folder = folder.Parent)
        {
            var profiles = Path.Combine(folder.FullName, Folder);
            if (!Directory.Exists(profiles))
            {
                continue;
            }

            searched.Add(DefinitionPath.Display(profiles));
            foreach (var extension in new[] { ".yaml", ".yml" })
            {
                var candidate = Path.Combine(profiles, value + extension);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            known.AddRange(Directory.EnumerateFiles(profiles, "*.y*ml").Select(Path.GetFileNameWithoutExtension).OfType<string>());
        }

        var where = searched.Count == 0
            ? $"no '{Folder}' folder was found beside '{DefinitionPath.Display(directory)}' or above it"
            : $"it is not in {string.Join(", ", searched)}";
        var names = known.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        diagnostics.Add(
            DiagnosticCatalog.UnknownReference,
            $"Profile '{value}' was not found: {where}.",
            reference.Span,
            NameSuggestions.DidYouMean(value, names) ?? (names.Count > 0 ? $"Known profiles: {string.Join(", ", names)}." : "Give the profile's path, like 'profile: ../profiles/subscription.yaml'."));
        return null;
    }

    private void ReportRepeated(IReadOnlyList<Spanned<string>> kpis, string profile)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kpi in kpis.Where(k => !seen.Add(k.Value)))
        {
            diagnostics.Add(DiagnosticCatalog.InvalidValue, $"Profile '{profile}' lists KPI '{kpi.Value}' twice.", kpi.Span, "Remove the second mention.");
        }
    }

    /// <summary>The base's entries, then the derived profile's that the base does not have.</summary>
    private static List<Spanned<string>> Merge(IReadOnlyList<Spanned<string>> inherited, IReadOnlyList<Spanned<string>> own)
    {
        var merged = new List<Spanned<string>>(inherited);
        foreach (var item in own)
        {
            if (!merged.Exists(m => m.Value == item.Value))
            {
                merged.Add(item);
            }
        }

        return merged;
    }
}
