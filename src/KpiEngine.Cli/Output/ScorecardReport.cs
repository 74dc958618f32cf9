using System.Globalization;
using KpiEngine.Evaluation;
using Spectre.Console;

namespace KpiEngine.Cli.Output;

/// <summary>The scorecard under the KPI table: the overall score and each category's, per period, and what was left out.</summary>
internal static class ScorecardReport
{
    public static void Write(IAnsiConsole console, ClientResult client)
    {
        if (client.Scorecard.Count == 0)
        {
            return;
        }

        var periods = client.Scorecard.Skip(Math.Max(0, client.Scorecard.Count - TableReport.MaxPeriodColumns)).ToList();
        var table = new FittedTable().Column("Score", isValue: false);
        foreach (var period in periods)
        {
            table.Column(period.Period, isValue: true);
        }

        table.Row([.. periods.Select(p => Score(p.Score)).Prepend(new FittedCell("overall", "[bold]overall[/]"))]);
        foreach (var category in periods[0].Categories.Select(c => c.Category))
        {
            table.Row([.. periods.Select(p => Score(p.Categories.First(c => c.Category == category).Score)).Prepend(FittedCell.Text("  " + category))]);
        }

        // Too narrow: the oldest periods go first, as in the KPI table above.
        var (fitted, dropped) = table.Build(FittedTable.WidthOf(console), Enumerable.Range(1, periods.Count - 1));
        console.Write(fitted.Title("Scorecard (0-100: good 100, warning 50, poor 0)"));
        if (dropped.Count > 0)
        {
            console.MarkupLine($"[grey]The console is {FittedTable.WidthOf(console)} columns wide: left out the {dropped.Count} oldest of the {periods.Count} periods rather than break scores.[/]");
        }

        var leftOut = periods.SelectMany(p => p.Kpis.Where(k => k.LeftOut is not null).Select(k => (k.Kpi, p.Period, Reason: k.LeftOut!))).ToList();
        if (leftOut.Count > 0)
        {
            console.MarkupLine("[grey]Left out of the score (the other weights re-normalised):[/]");
            foreach (var group in leftOut.GroupBy(l => (l.Kpi, l.Reason)))
            {
                console.MarkupLine($"  [grey]{TerminalText.Markup(group.Key.Kpi)} {TerminalText.Markup(TableReport.Describe([.. group.Select(g => g.Period)]))}: {TerminalText.Markup(group.Key.Reason)}[/]");
            }
        }
    }

    private static FittedCell Score(double? score) => score is { } value ? FittedCell.Text(value.ToString("0.0", CultureInfo.InvariantCulture)) : new("n/a", "[grey]n/a[/]");
}
