using KpiEngine.Benchmarks;
using KpiEngine.Evaluation;
using Spectre.Console;

namespace KpiEngine.Cli.Output;

/// <summary>
/// The human report: one table per client, KPIs down, periods across, then why values are undefined.
/// With dimensions, each KPI's total row is followed by one indented row per dimension value.
/// </summary>
internal static class TableReport
{
    /// <summary>Periods beyond this many are left out (the most recent are kept); JSON and CSV hold them all.</summary>
    public const int MaxPeriodColumns = 12;

    public static void Write(IAnsiConsole console, ClientResult client)
    {
        var currency = client.Currency;
        var periods = client.Periods.Skip(Math.Max(0, client.Periods.Count - MaxPeriodColumns)).ToList();
        var span = client.FirstDate is { } firstDate && client.LastDate is { } lastDate
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{firstDate:yyyy-MM-dd} to {lastDate:yyyy-MM-dd}")
            : Describe(client.Periods);
        console.MarkupLine($"[bold]{TerminalText.Markup(client.Name)}[/] ({TerminalText.Markup(client.Client)}) — {Adverb(client.Grain)}, {TerminalText.Markup(span)}");
        if (periods.Count < client.Periods.Count)
        {
            console.MarkupLine($"[grey]Showing the last {periods.Count} of {client.Periods.Count} periods; use --from/--to, or --format csv|json for all.[/]");
        }

        if (client.Results.Count == 0)
        {
            console.MarkupLine("[yellow]No results.[/]");
            return;
        }

        // Cohort KPIs are triangles of their own, after the periods' table.
        var perPeriod = client.Results.Where(r => r.Cohort is null).ToList();
        if (perPeriod.Count == 0)
        {
            CohortTableReport.Write(console, client);
            ScorecardReport.Write(console, client);
            GoalReport.Write(console, client);
            return;
        }

        var table = new FittedTable()
            .Column(client.Dimensions.Count == 0 ? "KPI" : $"KPI / {string.Join(" / ", client.Dimensions)}", isValue: false)
            .Column("Unit", isValue: true);
        foreach (var period in periods)
        {
            table.Column(period, isValue: true);
        }

        var undefined = new List<(string Kpi, string Period, string Reason)>();
        var anyPartial = false;
        var anyStatus = false;
        var notJudged = new List<(string Kpi, string Period, string Reason)>();
        foreach (var kpi in perPeriod.GroupBy(r => (r.Kpi, Level: DimensionLabel(r, client.Dimensions.Count))))
        {
            var byPeriod = kpi.ToDictionary(r => r.Period);
            var first = kpi.First();
            var label = kpi.Key.Level.Length > 0 ? $"  {kpi.Key.Level}" : first.Name == first.Kpi ? first.Kpi : $"{first.Name} ({first.Kpi})";
            var unit = ValueFormat.Unit(first.Unit);
            var cells = new List<FittedCell> { FittedCell.Text(label), new(Spectre.Console.Markup.Remove(unit), unit) };
            foreach (var period in periods)
            {
                var result = byPeriod[period];
                var shown = ValueFormat.Display(result.Value, result.Unit, currency) + (result.Partial ? "*" : string.Empty);
                var text = TerminalText.Markup(shown);
                cells.Add(result.Value is null ? new("n/a", "[grey]n/a[/]") : new(TerminalText.Neutralise(shown), result.Status is { } status ? $"[{Colour(status)}]{text}[/]" : text));
                anyPartial |= result.Partial;
                anyStatus |= result.Status is not null;
                if (result.StatusReason is { } statusReason)
                {
                    var why = result.Status == BenchmarkStatus.InsufficientData ? "insufficient data: " + statusReason : "not judged: " + statusReason;
                    notJudged.Add((kpi.Key.Level.Length > 0 ? $"{result.Kpi} [{kpi.Key.Level}]" : result.Kpi, period, why));
                }

                if (result.Reason is { } reason)
                {
                    undefined.Add((kpi.Key.Level.Length > 0 ? $"{result.Kpi} [{kpi.Key.Level}]" : result.Kpi, period, reason));
                }
            }

            table.Row([.. cells]);
        }

        // Too narrow for every period: the oldest go first, then the unit; never part of a number.
        var (fitted, dropped) = table.Build(FittedTable.WidthOf(console), [.. Enumerable.Range(2, periods.Count - 1), 1]);
        console.Write(fitted);
        var droppedPeriods = dropped.Count(i => i >= 2);
        if (dropped.Count > 0)
        {
            console.MarkupLine($"[grey]The console is {FittedTable.WidthOf(console)} columns wide: {(droppedPeriods > 0 ? $"left out the {droppedPeriods} oldest of the {periods.Count} periods shown" : string.Empty)}{(droppedPeriods > 0 && dropped.Contains(1) ? " and " : string.Empty)}{(dropped.Contains(1) ? "the Unit column" : string.Empty)} rather than break numbers; widen the terminal (or set COLUMNS), or use --format csv|json for all values.[/]");
        }
        if (anyPartial)
        {
            console.MarkupLine("[grey]* partial period: the data does not cover the whole period (it starts or ends inside it).[/]");
        }

        if (anyStatus)
        {
            console.MarkupLine($"[grey]Against benchmarks:[/] [{Colour(BenchmarkStatus.Good)}]good[/], [{Colour(BenchmarkStatus.Warning)}]warning[/], [{Colour(BenchmarkStatus.Poor)}]poor[/]{(notJudged.Count > 0 ? $", [{Colour(BenchmarkStatus.InsufficientData)}]insufficient data[/]" : string.Empty)}[grey] (colours only on a terminal; 'kpi explain <client> <kpi>' shows the thresholds).[/]");
        }

        WriteReasons(console, "Undefined values:", undefined);
        WriteReasons(console, "Statuses not judged:", notJudged);
        CohortTableReport.Write(console, client);
        ScorecardReport.Write(console, client);
        GoalReport.Write(console, client);
    }

    /// <summary>A heading, then one grey line per KPI and reason with the periods it applies to.</summary>
    private static void WriteReasons(IAnsiConsole console, string heading, List<(string Kpi, string Period, string Reason)> reasons)
    {
        if (reasons.Count == 0)
        {
            return;
        }

        console.MarkupLine($"[grey]{heading}[/]");
        foreach (var group in reasons.GroupBy(u => (u.Kpi, u.Reason)))
        {
            var list = group.Select(g => g.Period).ToList();
            console.MarkupLine($"  [grey]{TerminalText.Markup(group.Key.Kpi)} {TerminalText.Markup(Describe(list))}: {TerminalText.Markup(group.Key.Reason)}[/]");
        }
    }

    private static string Colour(BenchmarkStatus status) => status switch
    {
        BenchmarkStatus.Good => "green",
        BenchmarkStatus.Warning => "yellow",
        BenchmarkStatus.InsufficientData => "grey",
        _ => "red",
    };

    /// <summary>
    /// The dimension values of a result (<c>email / north</c>); a subtotal shows <c>(all)</c> for each column it
    /// is not split by (<c>email / (all)</c>); empty for a total.
    /// </summary>
    private static string DimensionLabel(KpiResult result, int columns) =>
        result.Dimensions.Count == 0
            ? string.Empty
            : string.Join(" / ", [
                .. result.Dimensions.Select(d => d.Value ?? KpiEngine.Datasets.DimensionCombination.MissingValue),
                .. Enumerable.Repeat(KpiEngine.Datasets.DimensionCombination.AllValues, Math.Max(0, columns - result.Dimensions.Count))]);

    private static string Adverb(KpiEngine.Time.Grain grain) => grain switch
    {
        KpiEngine.Time.Grain.Day => "daily",
        KpiEngine.Time.Grain.Week => "weekly",
        KpiEngine.Time.Grain.Month => "monthly",
        KpiEngine.Time.Grain.Quarter => "quarterly",
        KpiEngine.Time.Grain.All => "whole range",
        _ => "yearly",
    };

    internal static string Describe(IReadOnlyList<string> periods) => periods.Count switch
    {
        0 => "no periods",
        1 => periods[0],
        _ => $"{periods[0]} to {periods[^1]}",
    };
}
