using System.CommandLine;
using System.Text;
using KpiEngine.Cli.Output;
using KpiEngine.Datasets;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;
using KpiEngine.Reporting;

namespace KpiEngine.Cli.Commands;

/// <summary>
/// <c>kpi init --data EXPORT [--profile NAME] [--out FILE] [--force]</c>: reads an unseen export's header
/// and first rows with the engine's own inference and writes a starter client file that validates,
/// binding the profile's inputs the column names plainly give and listing the rest as comments.
/// </summary>
internal static class InitCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "The export to start from: .csv, .json, .jsonl, .xlsx or .parquet", Required = true }.Paths();
        var profile = new Option<string?>("--profile") { Description = "An offer-type profile (physical-product, subscription, service, premium) or a profile file's path" };
        var output = new Option<string?>("--out") { Description = "The client file to write (default: kpi-definitions/clients/<export>.yaml when that folder is here, else ./<export>.yaml)" }.Paths();
        var force = new Option<bool>("--force") { Description = "Overwrite the file if it exists" };
        var command = new Command("init", "Write a starter client file for an export: columns, types, date format, time column and the profile inputs it can guess.") { data, profile, output, force };
        command.SetAction(parse => Execute(context, parse.GetValue(data)!, parse.GetValue(profile), parse.GetValue(output), parse.GetValue(force)));
        return command;
    }

    private static int Execute(CliContext context, string dataPath, string? profileName, string? outPath, bool force)
    {
        var diagnostics = new DiagnosticBag();
        var target = Path.GetFullPath(outPath ?? DefaultTarget(dataPath));
        if (File.Exists(target) && !force)
        {
            diagnostics.Add(DiagnosticCatalog.InitTargetExists, $"'{outPath ?? Path.GetRelativePath(Directory.GetCurrentDirectory(), target)}' exists; kpi init never overwrites a file on its own.",
                SourceSpan.At(target, 1, 0), "Give another --out, or add --force to replace it.");
        }
        else if (OutputTarget.Problem(target) is { } problem)
        {
            diagnostics.Add(DiagnosticCatalog.OutputTargetRefused, problem, SourceSpan.At(target, 1, 0), "Give --out a regular file in a folder you can write to.");
        }

        var profilePath = profileName is null ? null : FindProfile(profileName, Path.GetDirectoryName(target)!, diagnostics);
        if (diagnostics.HasErrors || (profileName is not null && profilePath is null))
        {
            DiagnosticPrinter.Print(context.Error, diagnostics.Items);
            return ExitCodes.CouldNotRun;
        }

        var export = ExportProbe.Describe(dataPath, diagnostics);
        if (export is null)
        {
            DiagnosticPrinter.Print(context.Error, diagnostics.Items);
            return ExitCodes.CouldNotRun;
        }

        var plan = Plan(target, export, profilePath, diagnostics);
        if (plan is null)
        {
            DiagnosticPrinter.Print(context.Error, diagnostics.Items);
            return ExitCodes.CouldNotRun;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            AtomicFile.Write(target, stream => stream.Write(new UTF8Encoding(false).GetBytes(StarterYaml.Write(plan))));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            DiagnosticPrinter.Print(context.Error, diagnostics.Items);
            context.Error.WriteLine($"error {DiagnosticCatalog.OutputTargetRefused.Id}: '{target}' could not be written: {exception.Message}");
            return ExitCodes.CouldNotRun;
        }

        DiagnosticPrinter.Print(context.Error, diagnostics.Items);
        var shown = Path.GetRelativePath(Directory.GetCurrentDirectory(), target);
        context.Output.WriteLine($"Wrote {shown}: dataset '{plan.DatasetName}' with {export.Columns.Count} columns, time column {export.TimeColumn ?? "none"}"
            + (plan.ProfileReference is null ? "." : $", {plan.Inputs.Count} input(s) bound, {plan.Reported.Count} of {plan.Reported.Count + plan.Unfed.Count} profile KPIs reported."));
        context.Output.WriteLine($"Next: kpi validate {shown}   then   kpi run {shown}");
        return ExitCodes.Success;
    }

    /// <summary>Where the starter goes without --out: the documented layout when the current folder has it.</summary>
    private static string DefaultTarget(string dataPath)
    {
        var name = StarterYaml.Identifier(Path.GetFileNameWithoutExtension(dataPath)).Replace('_', '-') + ".yaml";
        var clients = Path.Combine("kpi-definitions", "clients");
        return Directory.Exists(clients) ? Path.Combine(clients, name) : name;
    }

    /// <summary>
    /// A profile by path, or by name in a <c>profiles/</c> (or <c>kpi-definitions/profiles/</c>) folder beside
    /// the target or above it, then beside the current folder or above it: where the client will look for it.
    /// </summary>
    private static string? FindProfile(string reference, string targetFolder, DiagnosticBag diagnostics)
    {
        if (reference.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || reference.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            || reference.Contains('/', StringComparison.Ordinal) || reference.Contains('\\', StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(reference);
            if (File.Exists(full))
            {
                return full;
            }

            diagnostics.Add(DiagnosticCatalog.InitUnknownProfile, $"Profile file '{reference}' was not found.", null,
                NameSuggestions.DidYouMeanFile(full) ?? "Give a profile's name (kpi list profiles shows them) or the path of its .yaml file.");
            return null;
        }

        var known = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var start in new[] { targetFolder, Directory.GetCurrentDirectory() })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                foreach (var profiles in new[] { Path.Combine(folder.FullName, "profiles"), Path.Combine(folder.FullName, "kpi-definitions", "profiles") })
                {
                    if (!Directory.Exists(profiles))
                    {
                        continue;
                    }

                    var candidate = Path.Combine(profiles, reference + ".yaml");
                    if (File.Exists(candidate))
                    {
                        return candidate;
                    }

                    known.UnionWith(Directory.EnumerateFiles(profiles, "*.yaml").Select(Path.GetFileNameWithoutExtension).OfType<string>());
                }
            }
        }

        diagnostics.Add(DiagnosticCatalog.InitUnknownProfile,
            known.Count == 0
                ? $"Profile '{reference}' was not found: no 'profiles' or 'kpi-definitions/profiles' folder is beside the target file or the current folder, or above them."
                : $"Profile '{reference}' was not found.",
            null,
            NameSuggestions.DidYouMean(reference, known) is { } hint ? $"{hint} Known profiles: {string.Join(", ", known)}."
            : known.Count > 0 ? $"Known profiles: {string.Join(", ", known)}."
            : "Run kpi init inside a project with kpi-definitions/profiles, or give the profile's path (--profile path/to/profile.yaml).");
        return null;
    }

    /// <summary>Decides the starter's dataset, inputs and KPI list; null when the profile or its catalogs do not load.</summary>
    private static StarterPlan? Plan(string target, ExportDescription export, string? profilePath, DiagnosticBag diagnostics)
    {
        var folder = Path.GetDirectoryName(target)!;
        var dataset = StarterYaml.Identifier(Path.GetFileNameWithoutExtension(export.Path));
        var dataPath = Path.GetRelativePath(folder, export.Path).Replace('\\', '/');
        var clientId = StarterYaml.Identifier(Path.GetFileNameWithoutExtension(target)).Replace('_', '-');
        var clientName = string.Join(' ', clientId.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        if (profilePath is null)
        {
            return new StarterPlan(clientId, clientName, dataset, dataPath, export, null, null, [], [], []);
        }

        var loader = new KpiSetLoader();
        var profile = loader.LoadProfile(profilePath);
        diagnostics.AddRange(profile.Diagnostics);
        if (profile.Value is not { } loaded)
        {
            return null;
        }

        var kpis = new Dictionary<string, KpiDefinition>(StringComparer.Ordinal);
        foreach (var include in loaded.Includes)
        {
            var catalog = loader.LoadCatalog(include);
            diagnostics.AddRange(catalog.Diagnostics);
            foreach (var kpi in catalog.Value?.Kpis ?? [])
            {
                kpis.TryAdd(kpi.Id, kpi);
            }
        }

        if (diagnostics.HasErrors)
        {
            return null;
        }

        var inputs = new List<InputGuess>();
        var reported = new List<string>();
        var unfed = new List<UnfedKpi>();
        foreach (var id in loaded.Kpis.Where(kpis.ContainsKey))
        {
            var missing = new List<string>();
            foreach (var name in Needs(id, kpis, []).Distinct())
            {
                if (inputs.Exists(i => i.Input == name))
                {
                    continue;
                }

                if (InputGuesses.Guess(name, export, dataset) is { } guess)
                {
                    inputs.Add(guess);
                }
                else
                {
                    missing.Add(name);
                }
            }

            if (missing.Count == 0 && kpis[id].Plugin is null)
            {
                reported.Add(id);
            }
            else
            {
                unfed.Add(new UnfedKpi(id, kpis[id].Name, kpis[id].Plugin is { } plugin ? [$"the plugin metric {plugin.Plugin}/{plugin.Metric}"] : missing));
            }
        }

        // Inputs only unfed KPIs asked for are left out: an input nothing reports would be noise.
        var used = reported.SelectMany(id => Needs(id, kpis, [])).ToHashSet(StringComparer.Ordinal);
        inputs.RemoveAll(i => !used.Contains(i.Input));
        var reference = ResolvesByName(folder, profilePath) ? Path.GetFileNameWithoutExtension(profilePath) : Path.GetRelativePath(folder, profilePath).Replace('\\', '/');
        return new StarterPlan(clientId, clientName, dataset, dataPath, export, reference, loaded.Name, inputs, reported, unfed);
    }

    /// <summary>True when the client's own lookup of the bare profile name from the target folder finds this very file.</summary>
    private static bool ResolvesByName(string targetFolder, string profilePath)
    {
        var name = Path.GetFileName(profilePath);
        for (var folder = new DirectoryInfo(targetFolder); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "profiles", name);
            if (File.Exists(candidate))
            {
                return string.Equals(Path.GetFullPath(candidate), profilePath, StringComparison.Ordinal);
            }
        }

        return false;
    }

    /// <summary>The inputs and parameters a catalog KPI needs: the names its formula reads that are no KPI, and those of the KPIs it reads.</summary>
    private static IEnumerable<string> Needs(string id, Dictionary<string, KpiDefinition> kpis, HashSet<string> seen)
    {
        if (!seen.Add(id) || kpis[id].Formula is not { } formula)
        {
            yield break;
        }

        foreach (var name in FormulaLanguage.ReferencedNames(formula.Text))
        {
            if (!kpis.ContainsKey(name))
            {
                yield return name;
                continue;
            }

            foreach (var inner in Needs(name, kpis, seen))
            {
                yield return inner;
            }
        }
    }
}
