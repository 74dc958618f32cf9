using System.CommandLine;
using KpiEngine.Cli.Output;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;
using Spectre.Console;

namespace KpiEngine.Cli.Commands;

/// <summary><c>kpi list kpis|inputs|plugins CLIENT.yaml</c>, and <c>kpi list profiles|catalogs|goals|functions</c> (<see cref="ListDefinitions"/>).</summary>
internal static class ListCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("list", "List what a client file defines, or the profiles, catalogs, goal templates and functions a project offers.");
        command.Add(Sub(context, "kpis", "The KPIs available to the client, and which are reported.", ListKpis));
        command.Add(Sub(context, "inputs", "The inputs the client binds, with their datasets and formulas.", ListInputs));
        command.Add(Plugins(context));
        foreach (var definitions in ListDefinitions.Create(context))
        {
            command.Add(definitions);
        }

        return command;
    }

    private static Command Plugins(CliContext context)
    {
        var client = new Argument<string?>("client") { Description = "A client file, to include plugins/ next to it and its own plugin folders", Arity = ArgumentArity.ZeroOrOne }.Paths();
        var options = PluginOptions.Create();
        var command = new Command("plugins", "The plugins found, their versions and metrics, and why any did not load.") { client };
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var diagnostics = new DiagnosticBag();
            var evaluation = new EvaluationOptions { PluginFolders = options.Folders(parse), IsolatePlugins = options.Isolated(parse), PluginTimeout = options.Timeout(parse) };
            var plugins = context.Evaluator().ListPlugins(parse.GetValue(client), evaluation, diagnostics);
            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumns("Plugin", "Version", "Contract", "Metrics (outputs)", "Folder / problem");

            foreach (var plugin in plugins)
            {
                var metrics = string.Join("\n", plugin.Metrics.Select(m => $"{plugin.Name}/{m.Name} ({string.Join(", ", m.Outputs)})"));
                var where = plugin.IsLoaded ? plugin.Folder : "[red]" + TerminalText.Markup(string.Join("; ", plugin.Problems)) + "[/]";
                table.AddRow(TerminalText.Markup(plugin.Name), TerminalText.Markup(plugin.Version ?? "?"), TerminalText.Markup(plugin.ContractVersion ?? "?"), TerminalText.Markup(metrics), plugin.IsLoaded ? TerminalText.Markup(where) : where);
            }

            context.Console.Write(table);
            context.Console.WriteLine($"{plugins.Count(p => p.IsLoaded)} plugin(s) loaded, {plugins.Count(p => !p.IsLoaded)} failed.");
            DiagnosticPrinter.Print(context.Error, diagnostics.Items);
            return diagnostics.HasErrors ? ExitCodes.PartialFailure : ExitCodes.Success;
        });
        return command;
    }

    private static Command Sub(CliContext context, string name, string description, Action<CliContext, KpiSet> list)
    {
        var client = new Argument<string>("client") { Description = "The client KPI set file" }.Paths();
        var command = new Command(name, description) { client };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(client)!;
            var loaded = new KpiSetLoader { AllowedFolders = context.AllowedFolders }.LoadClient(path);
            DiagnosticPrinter.Print(context.Error, loaded.Diagnostics);
            if (loaded.Value is not { } set)
            {
                return ExitCodes.CouldNotRun;
            }

            list(context, set);
            return loaded.Diagnostics.Any(d => d.IsError) ? ExitCodes.PartialFailure : ExitCodes.Success;
        });
        return command;
    }

    private static void ListKpis(CliContext context, KpiSet set)
    {
        var selected = set.Selected.ToHashSet(StringComparer.Ordinal);
        var table = new FittedTable()
            .Column("Id", isValue: false).Column("Name", isValue: false).Column("Category", isValue: false).Column("Unit", isValue: true)
            .Column("Direction", isValue: true).Column("Computed as", isValue: false).Column("Reported", isValue: true);
        foreach (var kpi in set.Kpis.OrderBy(k => k.Id, StringComparer.Ordinal))
        {
            var computed = kpi.Plugin is { } plugin ? $"plugin {plugin.Plugin}/{plugin.Metric}" : kpi.Formula?.Text ?? string.Empty;
            var unit = ValueFormat.Unit(kpi.Unit);
            table.Row(
                FittedCell.Text(kpi.Id),
                FittedCell.Text(kpi.Name),
                FittedCell.Text(kpi.Category ?? string.Empty),
                new(Markup.Remove(unit), unit),
                FittedCell.Text(kpi.Direction.ToString().ToUpperInvariant()[..1] + kpi.Direction.ToString()[1..]),
                FittedCell.Text(computed),
                FittedCell.Text(selected.Contains(kpi.Id) ? "yes" : "no"));
        }

        table.Write(context.Console, [4, 3]);
        context.Console.WriteLine($"{set.Kpis.Count} KPIs available, {set.Selected.Count} reported.");
    }

    private static void ListInputs(CliContext context, KpiSet set)
    {
        var table = new FittedTable().Column("Input", isValue: false).Column("Dataset", isValue: false).Column("Formula", isValue: false);
        foreach (var input in set.Inputs)
        {
            table.Row(FittedCell.Text(input.Name), FittedCell.Text(input.Dataset), FittedCell.Text(input.Formula.Text));
        }

        table.Write(context.Console, []);
        if (set.Parameters.Count > 0)
        {
            context.Console.WriteLine("Parameters: " + string.Join(", ", set.Parameters.Select(p => $"{p.Name} = {KpiEngine.Reporting.NumberFormat.Machine(p.Value)}")));
        }
    }
}
