using KpiEngine.Evaluation;
using KpiEngine.Goals;
using KpiEngine.Reporting;
using Spectre.Console;

namespace KpiEngine.Cli.Output;

/// <summary>The "Goals" section: one row per goal with baseline, target, current, progress and a coloured status.</summary>
internal static class GoalReport
{
    public static void Write(IAnsiConsole console, ClientResult client)
    {
        if (client.Goals.Count == 0)
        {
            return;
        }

        console.MarkupLine("[bold]Goals[/]");
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "Goal", "Baseline", "Target", "Current", "Progress", "Expected", "Projection", "Status" })
        {
            table.AddColumn(column is "Goal" or "Status" ? new TableColumn(column) : new TableColumn(column).RightAligned());
        }

        foreach (var goal in client.Goals)
        {
            string Value(double? value) => TerminalText.Markup(ValueFormat.Display(value, goal.Unit, client.Currency));
            table.AddRow(
                TerminalText.Markup($"{goal.Name} ({goal.Id})"),
                $"{Value(goal.Baseline.Value)} [grey]{TerminalText.Markup(goal.Baseline.Period)}[/]",
                $"{Value(goal.Target)} [grey]{TerminalText.Markup(goal.Deadline)}[/]",
                $"{Value(goal.Current.Value)} [grey]{TerminalText.Markup(goal.Current.Period)}[/]",
                Percent(goal.Progress),
                Percent(goal.ExpectedProgress),
                Value(goal.Projection),
                $"[{Colour(goal.Status)}]{ResultWriters.GoalStatusText(goal.Status).Replace('_', ' ')}[/]");
        }

        console.Write(table);
        foreach (var goal in client.Goals)
        {
            if (goal.Reason is { } reason)
            {
                console.MarkupLine($"  [grey]{TerminalText.Markup(goal.Id)}: {TerminalText.Markup(reason)}[/]");
            }

            if (goal.Supporting.Count > 0)
            {
                var parts = goal.Supporting.Select(s =>
                    $"{s.Kpi} {ValueFormat.Display(s.Baseline.Value, s.Unit, client.Currency)} -> {ValueFormat.Display(s.Current.Value, s.Unit, client.Currency)}");
                console.MarkupLine($"  [grey]{TerminalText.Markup(goal.Id)} supporting: {TerminalText.Markup(string.Join("; ", parts))}[/]");
            }
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
