using System.CommandLine;
using KpiEngine.Cli.Output;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;
using Spectre.Console;

namespace KpiEngine.Cli.Commands;

/// <summary>
/// <c>kpi list profiles|catalogs|goals [FOLDER]</c> and <c>kpi list functions</c>: what a project offers
/// before any client file exists. FOLDER is a kpi-definitions folder (default: the one in the current
/// folder or above it) or the profiles, catalog or goals folder itself.
/// </summary>
internal static class ListDefinitions
{
    private const string DefinitionsFolder = "kpi-definitions";

    public static IEnumerable<Command> Create(CliContext context)
    {
        yield return Folder(context, "profiles", "profiles", "The offer-type profiles: their KPIs and the catalogs they draw on.", ListProfiles);
        yield return Folder(context, "catalogs", "catalog", "The KPI catalogs: their category and KPIs.", ListCatalogs);
        yield return Folder(context, "goals", "goals", "The goal templates a client's goals can use, with their parameters.", ListGoals);
        var functions = new Command("functions", "The functions formulas can call, with their signature and an example.");
        functions.SetAction(_ => ListFunctions(context));
        yield return functions;
    }

    private static Command Folder(CliContext context, string name, string subfolder, string description, Func<CliContext, IReadOnlyList<string>, DiagnosticBag, int> list)
    {
        var folder = new Argument<string?>("folder")
        {
            Description = $"A kpi-definitions folder, or its {subfolder} folder (default: {DefinitionsFolder}/ in the current folder or above it)",
            Arity = ArgumentArity.ZeroOrOne,
        }.Paths();
        var command = new Command(name, description) { folder };
        command.SetAction(parse =>
        {
            var diagnostics = new DiagnosticBag();
            if (Locate(parse.GetValue(folder), subfolder, diagnostics) is not { } found)
            {
                DiagnosticPrinter.Print(context.Error, diagnostics.Items);
                return ExitCodes.CouldNotRun;
            }

            var files = Directory.EnumerateFiles(found, "*.yaml")
                .Where(f => !f.EndsWith(".tests.yaml", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToList();
            var shown = list(context, files, diagnostics);
            DiagnosticPrinter.Print(context.Error, diagnostics.Items);
            context.Console.WriteLine($"{shown} {name} in {Path.GetRelativePath(Directory.GetCurrentDirectory(), found)}" + (diagnostics.HasErrors ? "; files with errors are left out (see above)." : "."));
            return diagnostics.HasErrors ? ExitCodes.PartialFailure : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The folder to list: given, or kpi-definitions/SUBFOLDER from the current folder up.</summary>
    private static string? Locate(string? given, string subfolder, DiagnosticBag diagnostics)
    {
        if (given is not null)
        {
            var full = Path.GetFullPath(given);
            if (Directory.Exists(Path.Combine(full, subfolder)))
            {
                return Path.Combine(full, subfolder);
            }

            if (Directory.Exists(full))
            {
                return full;
            }

            diagnostics.Add(DiagnosticCatalog.FileNotFound, $"Folder '{given}' was not found.", null,
                NameSuggestions.DidYouMeanFile(full) ?? $"Give a {DefinitionsFolder} folder or its {subfolder} folder.");
            return null;
        }

        for (var folder = new DirectoryInfo(Directory.GetCurrentDirectory()); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, DefinitionsFolder, subfolder);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        diagnostics.Add(DiagnosticCatalog.FileNotFound, $"No {DefinitionsFolder}/{subfolder} folder in the current folder or above it.", null,
            $"Run kpi list inside a project, or name the folder: kpi list {(subfolder == "catalog" ? "catalogs" : subfolder)} path/to/{DefinitionsFolder}.");
        return null;
    }

    private static int ListProfiles(CliContext context, IReadOnlyList<string> files, DiagnosticBag diagnostics)
    {
        var loader = new KpiSetLoader();
        var table = new FittedTable().Column("Profile", isValue: true).Column("Name", isValue: false).Column("KPIs", isValue: true).Column("Catalogs", isValue: false).Column("KPI ids", isValue: false);
        var shown = 0;
        foreach (var file in files)
        {
            var loaded = loader.LoadProfile(file);
            diagnostics.AddRange(loaded.Diagnostics);
            if (loaded.Value is not { } profile)
            {
                continue;
            }

            shown++;
            table.Row(
                FittedCell.Text(profile.Id),
                FittedCell.Text(profile.Name),
                FittedCell.Text(profile.Kpis.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                FittedCell.Text(string.Join(", ", profile.Includes.Select(Path.GetFileNameWithoutExtension))),
                FittedCell.Text(string.Join(", ", profile.Kpis)));
        }

        Write(context, table, dropOrder: [4, 3, 2]);
        return shown;
    }

    private static int ListCatalogs(CliContext context, IReadOnlyList<string> files, DiagnosticBag diagnostics)
    {
        var loader = new KpiSetLoader();
        var table = new FittedTable().Column("Catalog", isValue: true).Column("Category", isValue: true).Column("KPIs", isValue: true).Column("KPI ids", isValue: false);
        var shown = 0;
        foreach (var file in files)
        {
            var loaded = loader.LoadCatalog(file);
            diagnostics.AddRange(loaded.Diagnostics);
            if (loaded.Value is not { } catalog)
            {
                continue;
            }

            shown++;
            table.Row(
                FittedCell.Text(Path.GetFileName(file)),
                FittedCell.Text(catalog.Category ?? string.Empty),
                FittedCell.Text(catalog.Kpis.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                FittedCell.Text(string.Join(", ", catalog.Kpis.Select(k => k.Id))));
        }

        Write(context, table, dropOrder: [1, 2]);
        return shown;
    }

    private static int ListGoals(CliContext context, IReadOnlyList<string> files, DiagnosticBag diagnostics)
    {
        var loader = new KpiSetLoader();
        var table = new FittedTable().Column("Template", isValue: true).Column("Parameters", isValue: false).Column("Goal", isValue: false).Column("Description", isValue: false);
        var shown = 0;
        foreach (var file in files)
        {
            var loaded = loader.LoadGoalTemplates(file);
            diagnostics.AddRange(loaded.Diagnostics);
            foreach (var template in loaded.Value ?? [])
            {
                shown++;
                table.Row(
                    FittedCell.Text(template.Id),
                    FittedCell.Text(string.Join(", ", template.Parameters)),
                    FittedCell.Text(template.Name),
                    FittedCell.Text(template.Description ?? string.Empty));
            }
        }

        Write(context, table, dropOrder: [3]);
        return shown;
    }

    private static int ListFunctions(CliContext context)
    {
        var table = new FittedTable().Column("Function", isValue: false).Column("Kind", isValue: true).Column("What it gives", isValue: false).Column("Example", isValue: false);
        foreach (var function in FormulaLanguage.Functions)
        {
            table.Row(FittedCell.Text(function.Signature), FittedCell.Text(function.Kind), FittedCell.Text(function.Description), FittedCell.Text(function.Example));
        }

        Write(context, table, dropOrder: [1]);
        context.Console.WriteLine($"{FormulaLanguage.Functions.Count} functions. Aggregates read a dataset's rows of the period; row functions work inside aggregates and filters; period functions over KPI and input values. See docs/formulas.md.");
        return ExitCodes.Success;
    }

    private static void Write(CliContext context, FittedTable table, int[] dropOrder) => table.Write(context.Console, dropOrder);
}
