using System.CommandLine;
using KpiEngine.Cli.Output;
using KpiEngine.Definitions;
using Spectre.Console;

namespace KpiEngine.Cli.Commands;

/// <summary><c>kpi list kpis|inputs CLIENT.yaml</c>.</summary>
internal static class ListCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("list", "List what a client file defines.");
        command.Add(Sub(context, "kpis", "The KPIs available to the client, and which are reported.", ListKpis));
        command.Add(Sub(context, "inputs", "The inputs the client binds, with their datasets and formulas.", ListInputs));
        return command;
    }

    private static Command Sub(CliContext context, string name, string description, Action<CliContext, KpiSet> list)
    {
        var client = new Argument<string>("client") { Description = "The client KPI set file" };
        var command = new Command(name, description) { client };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(client)!;
            var loaded = new KpiSetLoader().LoadClient(path);
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
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "Id", "Name", "Category", "Unit", "Direction", "Computed as", "Reported" })
        {
            table.AddColumn(column);
        }

        foreach (var kpi in set.Kpis.OrderBy(k => k.Id, StringComparer.Ordinal))
        {
            var computed = kpi.Plugin is { } plugin ? $"plugin {plugin.Plugin}/{plugin.Metric}" : kpi.Formula?.Text ?? string.Empty;
            table.AddRow(
                Markup.Escape(kpi.Id),
                Markup.Escape(kpi.Name),
                Markup.Escape(kpi.Category ?? string.Empty),
                ValueFormat.Unit(kpi.Unit),
                Markup.Escape(kpi.Direction.ToString().ToUpperInvariant()[..1] + kpi.Direction.ToString()[1..]),
                Markup.Escape(computed),
                selected.Contains(kpi.Id) ? "yes" : "no");
        }

        context.Console.Write(table);
        context.Console.WriteLine($"{set.Kpis.Count} KPIs available, {set.Selected.Count} reported.");
    }

    private static void ListInputs(CliContext context, KpiSet set)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("Input");
        table.AddColumn("Dataset");
        table.AddColumn("Formula");
        foreach (var input in set.Inputs)
        {
            table.AddRow(Markup.Escape(input.Name), Markup.Escape(input.Dataset), Markup.Escape(input.Formula.Text));
        }

        context.Console.Write(table);
        if (set.Parameters.Count > 0)
        {
            context.Console.WriteLine("Parameters: " + string.Join(", ", set.Parameters.Select(p => $"{p.Name} = {p.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}")));
        }
    }
}
