using KpiEngine.Evaluation;
using KpiEngine.Reporting;
using Spectre.Console;

namespace KpiEngine.Cli.Output;

/// <summary>
/// A cohort KPI as a triangle: cohorts down, ages across, the unit once in the title. Ages after
/// the data ends are blank; as many age columns as the terminal is wide, the rest in further blocks.
/// </summary>
internal static class CohortTableReport
{
    public static void Write(IAnsiConsole console, ClientResult client)
    {
        foreach (var kpi in client.Results.Where(r => r.Cohort is not null).GroupBy(r => r.Kpi))
        {
            Write(console, client, kpi.ToList());
        }
    }

    private static void Write(IAnsiConsole console, ClientResult client, List<KpiResult> cells)
    {
        var first = cells[0];
        var name = first.Name == first.Kpi ? first.Kpi : $"{first.Name} ({first.Kpi})";
        var unit = first.Unit == KpiEngine.Definitions.KpiUnit.Currency && client.Currency is { } currency ? currency : ValueFormat.Unit(first.Unit);
        console.MarkupLine($"[bold]{TerminalText.Markup(name)}[/] — {TerminalText.Markup(unit)}; rows: cohorts, columns: {Plural(client.Grain)} since the cohort");
        var cohorts = cells.Select(c => c.Cohort!).Distinct(StringComparer.Ordinal).ToList();
        var ages = cells.Max(c => c.Age ?? 0) + 1;
        var byCell = cells.ToDictionary(c => (c.Cohort!, c.Age ?? 0));
        var texts = cells.ToDictionary(c => (c.Cohort!, c.Age ?? 0), c => c.AfterData ? string.Empty : UnitFormat.Compact(c.Value, c.Unit) + (c.Partial ? "*" : string.Empty));
        var cellWidth = Math.Max(3, texts.Values.Append(ages.ToString(System.Globalization.CultureInfo.InvariantCulture)).Max(t => t.Length));
        var cohortWidth = Math.Max("Cohort".Length, cohorts.Max(c => c.Length));
        // A rounded table takes one border character per column plus one, and a space either side of each cell.
        var perBlock = Math.Max(1, (console.Profile.Width - 1 - (cohortWidth + 3)) / (cellWidth + 3));
        for (var from = 0; from < ages; from += perBlock)
        {
            var to = Math.Min(ages, from + perBlock);
            if (ages > perBlock)
            {
                console.MarkupLine($"[grey]Ages {from} to {to - 1} of 0 to {ages - 1}:[/]");
            }

            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumn("Cohort");
            for (var age = from; age < to; age++)
            {
                table.AddColumn(new TableColumn(age.ToString(System.Globalization.CultureInfo.InvariantCulture)).RightAligned());
            }

            foreach (var cohort in cohorts)
            {
                var row = new List<string> { TerminalText.Markup(cohort) };
                for (var age = from; age < to; age++)
                {
                    row.Add(byCell.TryGetValue((cohort, age), out var cell) && cell.Value is null && !cell.AfterData
                        ? "[grey]n/a[/]"
                        : TerminalText.Markup(texts.GetValueOrDefault((cohort, age)) ?? string.Empty));
                }

                table.AddRow([.. row]);
            }

            console.Write(table);
        }

        if (cells.Any(c => c.AfterData))
        {
            console.MarkupLine("[grey]Blank: ages after the data ends (not yet observed, not 0).[/]");
        }

        if (cells.Any(c => c.Partial))
        {
            console.MarkupLine("[grey]* partial period: the data does not cover the whole period (it starts or ends inside it).[/]");
        }

        var undefined = cells.Where(c => c.Value is null && !c.AfterData && c.Reason is not null).GroupBy(c => c.Reason!).ToList();
        if (undefined.Count > 0)
        {
            console.MarkupLine("[grey]Undefined values:[/]");
            foreach (var reason in undefined)
            {
                var where = string.Join("; ", reason.GroupBy(c => c.Cohort!).Select(g => $"cohort {g.Key} age {Ages(g.Select(c => c.Age ?? 0).ToList())}"));
                console.MarkupLine($"  [grey]{TerminalText.Markup(first.Kpi)} {TerminalText.Markup(where)}: {TerminalText.Markup(reason.Key)}[/]");
            }
        }
    }

    private static string Ages(List<int> ages) => ages.Count == 1 ? $"{ages[0]}" : $"{ages[0]} to {ages[^1]}";

    private static string Plural(KpiEngine.Time.Grain grain) => grain switch
    {
        KpiEngine.Time.Grain.Day => "days",
        KpiEngine.Time.Grain.Week => "weeks",
        KpiEngine.Time.Grain.Quarter => "quarters",
        KpiEngine.Time.Grain.Year => "years",
        _ => "months",
    };
}
