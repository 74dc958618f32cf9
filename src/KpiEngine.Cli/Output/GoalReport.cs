using KpiEngine.Definitions;
using KpiEngine.Evaluation;
using KpiEngine.Goals;
using KpiEngine.Reporting;
using Spectre.Console;

namespace KpiEngine.Cli.Output;

/// <summary>The "Goals" section: one row per goal and per supporting KPI (as a tree under it) with baseline, target, current, progress and a coloured status.</summary>
internal static class GoalReport
{
    public static void Write(IAnsiConsole console, ClientResult client)
    {
        if (client.Goals.Count == 0)
        {
            return;
        }

        console.MarkupLine("[bold]Goals[/]");
        var table = new FittedTable();
        foreach (var column in new[] { "Goal", "Baseline", "Target", "Current", "Progress", "Expected", "Projection", "Status" })
        {
            table.Column(column, isValue: column != "Goal");
        }

        foreach (var goal in client.Goals)
        {
            AddRow(table, client, TerminalText.Markup($"{goal.Name} ({goal.Id})"), goal.Unit, goal.Baseline, goal.Target, goal.Deadline, goal.Current, goal.Progress, goal.ExpectedProgress, goal.Projection, goal.Status);
            AddCascade(table, client, goal.Supporting, goal.Deadline, string.Empty);
        }

        // Too narrow: the columns a reader can do without go first, never part of a value.
        var (fitted, dropped) = table.Build(FittedTable.WidthOf(console), [5, 6, 4, 1]);
        console.Write(fitted);
        if (dropped.Count > 0)
        {
            console.MarkupLine($"[grey]The console is {FittedTable.WidthOf(console)} columns wide: {dropped.Count} goal column(s) left out rather than cut; widen the terminal (or set COLUMNS), or use --format json.[/]");
        }

        foreach (var goal in client.Goals)
        {
            if (goal.Reason is { } reason)
            {
                console.MarkupLine($"  [grey]{TerminalText.Markup(goal.Id)}: {TerminalText.Markup(reason)}[/]");
            }

            WriteReasons(console, goal.Id, goal.Supporting);
        }
    }

    /// <summary>One row per supporting KPI under its goal, drawn as a tree (├─ / └─), with its own target and status.</summary>
    private static void AddCascade(FittedTable table, ClientResult client, IReadOnlyList<SupportingKpiResult> entries, string deadline, string indent)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var last = i == entries.Count - 1;
            var label = $"{indent}{(last ? "└─ " : "├─ ")}{entry.Name} ({entry.Kpi}, {(entry.Derivation == TargetDerivation.Declared ? "declared" : "proportional")})";
            AddRow(table, client, TerminalText.Markup(label), entry.Unit, entry.Baseline, entry.Target, deadline, entry.Current, entry.Progress, entry.ExpectedProgress, entry.Projection, entry.Status);
            AddCascade(table, client, entry.Supporting, deadline, indent + (last ? "   " : "│  "));
        }
    }

    private static void AddRow(FittedTable table, ClientResult client, string label, KpiUnit unit, GoalPoint baseline, double? target, string deadline, GoalPoint current, double? progress, double? expected, double? projection, GoalStatus status)
    {
        string Value(double? value) => TerminalText.Markup(ValueFormat.Display(value, unit, client.Currency));
        static FittedCell Cell(string markup) => new(Markup.Remove(markup), markup);
        table.Row(
            Cell(label),
            Cell($"{Value(baseline.Value)} [grey]{TerminalText.Markup(baseline.Period)}[/]"),
            Cell($"{Value(target)} [grey]{TerminalText.Markup(deadline)}[/]"),
            Cell($"{Value(current.Value)} [grey]{TerminalText.Markup(current.Period)}[/]"),
            Cell(Percent(progress)),
            Cell(Percent(expected)),
            Cell(Value(projection)),
            Cell($"[{Colour(status)}]{ResultWriters.GoalStatusText(status).Replace('_', ' ')}[/]"));
    }

    /// <summary>The reason of every supporting KPI, named by its path from the goal (<c>mrr_plus_40 › new_mrr</c>).</summary>
    private static void WriteReasons(IAnsiConsole console, string path, IReadOnlyList<SupportingKpiResult> entries)
    {
        foreach (var entry in entries)
        {
            var here = $"{path} › {entry.Kpi}";
            if (entry.Reason is { } reason)
            {
                console.MarkupLine($"  [grey]{TerminalText.Markup(here)}: {TerminalText.Markup(reason)}[/]");
            }

            WriteReasons(console, here, entry.Supporting);
        }
    }

    private static string Percent(double? value) =>
        value is { } v ? NumberFormat.Display(v, 1) + " %" : "[grey]n/a[/]";

    private static string Colour(GoalStatus status) => status switch
    {
        GoalStatus.Achieved => "green",
        GoalStatus.OnTrack => "green",
        GoalStatus.AtRisk => "yellow",
        GoalStatus.OffTrack => "red",
        _ => "grey",
    };
}
