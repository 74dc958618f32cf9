using System.Text;
using KpiEngine.Diagnostics;

namespace KpiEngine.Definitions;

/// <summary>
/// Loads client KPI sets and KPI catalogs from YAML into the immutable model, reporting every
/// problem as a positioned diagnostic. It never throws for bad input.
/// </summary>
public sealed partial class KpiSetLoader
{
    private readonly YamlLimits _limits;

    /// <summary>Creates a loader with <see cref="YamlLimits.Default"/>.</summary>
    public KpiSetLoader()
        : this(YamlLimits.Default)
    {
    }

    /// <summary>Creates a loader with the given limits.</summary>
    public KpiSetLoader(YamlLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
    }

    /// <summary>
    /// Folders a client may read from besides its project tree (<c>--allow-folder</c>): includes,
    /// profiles and data files elsewhere are refused (KPI1021), so an untrusted client file cannot
    /// pull other files into its results or diagnostics. See <see cref="InputRoots"/>.
    /// </summary>
    public IReadOnlyList<string> AllowedFolders { get; init; } = [];

    /// <summary>
    /// Tells a client file from a catalog by its top-level keys, without parsing it: cheap enough
    /// to sort a folder of files. Never throws; <see cref="DefinitionFileKind.Unknown"/> when unreadable.
    /// </summary>
    public static DefinitionFileKind Classify(string path)
    {
        try
        {
            // Only regular files, and never more than a definition file's limit, however long a line is.
            if (InputFile.ReadAll(Path.GetFullPath(path), YamlLimits.Default.MaxFileBytes, out _) is not { } bytes)
            {
                return DefinitionFileKind.Unknown;
            }

            using var reader = new StringReader(Encoding.UTF8.GetString(bytes.AsSpan(bytes.AsSpan().StartsWith(Utf8Text.ByteOrderMark) ? 3 : 0)));
            var hasKpis = false;
            var hasTemplates = false;
            var hasProfile = false;
            var hasTests = false;
            while (reader.ReadLine() is { } line)
            {
                if (line.StartsWith("client:", StringComparison.Ordinal))
                {
                    return DefinitionFileKind.Client;
                }

                hasKpis |= line.StartsWith("kpis:", StringComparison.Ordinal);
                hasTemplates |= line.StartsWith("templates:", StringComparison.Ordinal);
                hasProfile |= line.StartsWith("profile:", StringComparison.Ordinal);
                hasTests |= line.StartsWith(TestSuiteReader.SectionKey + ":", StringComparison.Ordinal);
            }

            return hasProfile ? DefinitionFileKind.Profile : hasKpis ? DefinitionFileKind.Catalog : hasTemplates ? DefinitionFileKind.GoalTemplates
                : hasTests ? DefinitionFileKind.Tests : DefinitionFileKind.Unknown;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return DefinitionFileKind.Unknown;
        }
    }

    /// <summary>Loads a client file and everything it includes into a resolved <see cref="KpiSet"/>.</summary>
    /// <param name="path">The client file; relative paths are taken from the current directory.</param>
    /// <returns>
    /// The set (null only when the client file cannot be read or parsed) and every diagnostic found
    /// in it and in its includes.
    /// </returns>
    public LoadResult<KpiSet> LoadClient(string path)
    {
        var diagnostics = new DiagnosticBag();
        if (Open(path, "client", diagnostics) is not { } source
            || new DefinitionFileReader(source, diagnostics).ReadClient() is not { } client)
        {
            return new LoadResult<KpiSet>(null, diagnostics.Items);
        }

        var roots = InputRoots.For(source.FullPath, AllowedFolders);
        var profile = client.Profile is { } reference ? new ProfileResolver(_limits, diagnostics, roots).Resolve(source.Directory, reference) : null;
        var resolver = new IncludeResolver(_limits, diagnostics, roots);
        var drafts = resolver.Resolve(source, [.. profile?.Includes ?? [], .. client.Includes], client.Kpis);
        var kpis = Complete(drafts, diagnostics);
        var check = new ReferenceCheck(diagnostics);
        check.Datasets(client.Datasets, client.Inputs, drafts);
        check.SharedNamespace(drafts, client.Inputs, client.Parameters);
        var benchmarks = new BenchmarkCheck(diagnostics);
        var selected = (client.Use, profile) switch
        {
            ({ } use, _) => check.Selection(use, drafts),
            (null, { } resolved) => benchmarks.Selection(resolved.Profile.Id, resolved.Kpis, drafts),
            _ => kpis.Select(k => k.Id).ToList(),
        };
        selected = selected.Where(id => kpis.Exists(k => k.Id == id)).ToList();
        var set = new KpiSet(
            client.ClientId,
            client.Name ?? client.ClientId,
            source.FullPath,
            client.Currency,
            client.Datasets.Select(d => Confine(d.Definition, roots, diagnostics)).ToList(),
            client.Inputs.Select(i => i.Definition).ToList(),
            client.Parameters,
            kpis,
            selected,
            [.. resolver.Includes],
            client.PluginFolders)
        {
            Calendar = client.Calendar,
            Goals = new GoalReader(source, diagnostics).ReadGoals(client.Goals, GoalTemplates(resolver.GoalFiles, diagnostics), [.. kpis.Select(k => k.Id)]),
            Profile = profile?.Profile,
            Benchmarks = benchmarks.Apply([.. profile?.Profile.Benchmarks ?? [], .. client.Benchmarks], drafts, kpis),
            Dimensions = [.. client.By.Select(b => b.Value)],
            DimensionSpans = [.. client.By.Select(b => b.Span)],
            Subtotals = client.Subtotals?.Value ?? false,
            SubtotalsSpan = client.Subtotals?.Span,
            HasTests = source.Root is YamlMapping root && root.Find(TestSuiteReader.SectionKey) is not null,
        };
        set = set with { Scorecard = new ScorecardCheck(diagnostics).Check(client.Scorecard ?? profile?.Profile.Scorecard, set, drafts, own: client.Scorecard is not null) };
        return new LoadResult<KpiSet>(set, diagnostics.Items);
    }

    /// <summary>Loads one catalog file, with the catalogs it includes.</summary>
    /// <param name="path">The catalog file.</param>
    /// <returns>The catalog (null only when the file cannot be read or parsed) and every diagnostic found.</returns>
    public LoadResult<KpiCatalog> LoadCatalog(string path)
    {
        var diagnostics = new DiagnosticBag();
        if (Open(path, "catalog", diagnostics) is not { } source
            || new DefinitionFileReader(source, diagnostics).ReadCatalog() is not { } catalog)
        {
            return new LoadResult<KpiCatalog>(null, diagnostics.Items);
        }

        var drafts = new IncludeResolver(_limits, diagnostics, InputRoots.For(source.FullPath, AllowedFolders)).Resolve(source, catalog.Includes, catalog.Kpis);
        return new LoadResult<KpiCatalog>(new KpiCatalog(source.FullPath, catalog.Category, Complete(drafts, diagnostics)), diagnostics.Items);
    }

    /// <summary>Loads a goal template file (<c>templates:</c>), checking each template on its own.</summary>
    /// <param name="path">The goal template file.</param>
    /// <returns>Its templates (null only when the file cannot be read or parsed) and every diagnostic found.</returns>
    public LoadResult<IReadOnlyList<GoalTemplate>> LoadGoalTemplates(string path)
    {
        var diagnostics = new DiagnosticBag();
        if (Open(path, "goal template", diagnostics) is not { } source)
        {
            return new LoadResult<IReadOnlyList<GoalTemplate>>(null, diagnostics.Items);
        }

        return new LoadResult<IReadOnlyList<GoalTemplate>>(new GoalReader(source, diagnostics).ReadTemplates(), diagnostics.Items);
    }

    /// <summary>The templates of every included goal file; the same id in two files is KPI1009.</summary>
    private static List<GoalTemplate> GoalTemplates(IReadOnlyList<YamlSource> files, DiagnosticBag diagnostics)
    {
        var templates = new List<GoalTemplate>();
        foreach (var template in files.SelectMany(file => new GoalReader(file, diagnostics).ReadTemplates()))
        {
            if (templates.Find(t => t.Id == template.Id) is { } first)
            {
                diagnostics.Add(DiagnosticCatalog.DuplicateId, $"Goal template '{template.Id}' is defined in two included files: {first.Span} and {template.Span}.", template.Span, "Include only one of the files, or rename one template.");
                continue;
            }

            templates.Add(template);
        }

        return templates;
    }

    /// <summary>
    /// Loads an offer-type profile on its own, with the profiles it extends and the catalogs it
    /// includes, checking its KPI list and benchmarks against those catalogs.
    /// </summary>
    /// <param name="path">The profile file.</param>
    /// <returns>The resolved profile (null when it cannot be read) and every diagnostic found.</returns>
    public LoadResult<OfferProfile> LoadProfile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var diagnostics = new DiagnosticBag();
        if (FullPath(path, diagnostics) is not { } full
            || new ProfileResolver(_limits, diagnostics, InputRoots.For(full, AllowedFolders)).Load(full, reference: null) is not { } profile)
        {
            return new LoadResult<OfferProfile>(null, diagnostics.Items);
        }

        var drafts = new IncludeResolver(_limits, diagnostics, InputRoots.For(full, AllowedFolders)).Resolve(profile.Source, profile.Includes, []);
        var kpis = Complete(drafts, diagnostics);
        var check = new BenchmarkCheck(diagnostics);
        check.Selection(profile.Profile.Id, profile.Kpis, drafts);
        check.Apply(profile.Profile.Benchmarks, drafts, kpis);
        new ScorecardCheck(diagnostics).CheckNames(profile.Profile.Scorecard, drafts);
        return new LoadResult<OfferProfile>(profile.Profile, diagnostics.Items);
    }

    /// <summary>A dataset whose file lies outside the allowed folders is reported (KPI1021) and marked so no one reads it.</summary>
    private static DatasetDefinition Confine(DatasetDefinition dataset, InputRoots roots, DiagnosticBag diagnostics)
    {
        if (dataset.Derived is not null || dataset.Source is not null || roots.Allows(dataset.Path))
        {
            return dataset;
        }

        var (problem, suggestion) = roots.Refusal($"Dataset '{dataset.Name}': the data file", dataset.Path);
        diagnostics.Add(DiagnosticCatalog.PathOutsideAllowedFolders, problem, dataset.Span, suggestion);
        return dataset with { Refused = true };
    }

    private YamlSource? Open(string path, string what, DiagnosticBag diagnostics)
    {
        if (FullPath(path, diagnostics) is not { } full)
        {
            return null;
        }

        var source = YamlTreeReader.ReadFile(full, _limits, diagnostics, reference: null);
        if (source is { Root: null, Failed: false })
        {
            diagnostics.Add(DiagnosticCatalog.MissingKey, $"'{source.File}' is empty; a {what} file needs at least '{(what switch { "client" => "client", "catalog" => "kpis", "tests" => "tests", _ => "templates" })}'.", SourceSpan.At(source.File, 1, 1));
            return null;
        }

        return source is { Failed: false } ? source : null;
    }

    private static string? FullPath(string path, DiagnosticBag diagnostics)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            diagnostics.Add(DiagnosticCatalog.FileNotFound, $"'{path}' is not a valid path: {e.Message}");
            return null;
        }
    }

    /// <summary>Turns resolved drafts into definitions, reporting what a KPI still lacks after overrides.</summary>
    private static List<KpiDefinition> Complete(IReadOnlyList<KpiDraft> drafts, DiagnosticBag diagnostics)
    {
        var kpis = new List<KpiDefinition>();
        foreach (var draft in drafts)
        {
            var owner = $"KPI '{draft.Id}'";
            var complete = true;
            foreach (var (key, present, example) in new[]
            {
                ("unit", draft.Unit is not null, "unit: currency"),
                ("direction", draft.Direction is not null, "direction: higher"),
            })
            {
                if (!present)
                {
                    complete = false;
                    if (!draft.Keys.Contains(key))
                    {
                        diagnostics.Add(DiagnosticCatalog.MissingKey, $"{owner} has no '{key}'.", draft.Span, $"Add a line like '{example}'.");
                    }
                }
            }

            if (draft.Formula is null && draft.Plugin is null)
            {
                complete = false;
                if (!draft.Keys.Contains("formula") && !draft.Keys.Contains("plugin"))
                {
                    diagnostics.Add(
                        DiagnosticCatalog.MissingKey,
                        $"{owner} has neither a 'formula' nor a 'plugin'.",
                        draft.Span,
                        "Add a line like 'formula: \"[revenue] / [orders]\"' or 'plugin: oee/oee'.");
                }
            }

            PluginReference? plugin = null;
            if (draft.Plugin is { } reference)
            {
                var parts = reference.Value.Split('/');
                plugin = new PluginReference(
                    parts[0].Trim(),
                    parts[1].Trim(),
                    draft.Output?.Value,
                    draft.PluginParameters?.Value ?? new Dictionary<string, string>(StringComparer.Ordinal),
                    reference.Span)
                {
                    ParameterSpans = draft.ParameterSpans ?? new Dictionary<string, SourceSpan>(StringComparer.Ordinal),
                };
            }
            else
            {
                foreach (var (key, span) in new[] { ("output", draft.Output?.Span), ("parameters", draft.PluginParameters?.Span) })
                {
                    if (span is { } at && draft.Formula is not null)
                    {
                        diagnostics.Add(DiagnosticCatalog.InvalidValue, $"{owner} has '{key}', which only applies to a plugin KPI.", at, $"Remove '{key}', or compute the KPI with a plugin.");
                    }
                }
            }

            if (complete)
            {
                kpis.Add(new KpiDefinition(
                    draft.Id,
                    draft.Name ?? draft.Id,
                    draft.Category ?? draft.DefaultCategory,
                    draft.Unit!.Value,
                    draft.Direction!.Value,
                    draft.Description,
                    draft.Formula,
                    draft.Dataset?.Value,
                    plugin,
                    draft.Span)
                {
                    Scaling = ScorecardCheck.CheckScaling(draft, owner, diagnostics),
                    MinSample = draft.MinSample,
                    Cohort = draft.Cohort,
                });
            }
        }

        return kpis;
    }
}
