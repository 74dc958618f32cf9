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

        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(client.Dimensions.Count == 0 ? "KPI" : $"KPI / {TerminalText.Markup(string.Join(" / ", client.Dimensions))}");
        table.AddColumn("Unit");
        foreach (var period in periods)
        {
            table.AddColumn(new TableColumn(TerminalText.Markup(period)).RightAligned());
        }

        var undefined = new List<(string Kpi, string Period, string Reason)>();
        var anyPartial = false;
        var anyStatus = false;
        var notJudged = new List<(string Kpi, string Period, string Reason)>();
        foreach (var kpi in client.Results.GroupBy(r => (r.Kpi, Level: DimensionLabel(r))))
        {
            var byPeriod = kpi.ToDictionary(r => r.Period);
            var first = kpi.First();
            var label = kpi.Key.Level.Length > 0 ? $"  {kpi.Key.Level}" : first.Name == first.Kpi ? first.Kpi : $"{first.Name} ({first.Kpi})";
            var cells = new List<string> { TerminalText.Markup(label), ValueFormat.Unit(first.Unit) };
            foreach (var period in periods)
            {
                var result = byPeriod[period];
                var text = TerminalText.Markup(ValueFormat.Display(result.Value, result.Unit, currency)) + (result.Partial ? "*" : string.Empty);
                cells.Add(result.Value is null ? "[grey]n/a[/]" : result.Status is { } status ? $"[{Colour(status)}]{text}[/]" : text);
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

            table.AddRow([.. cells]);
        }

        console.Write(table);
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

    /// <summary>The dimension values of a result (<c>email / north</c>); empty for a total.</summary>
    private static string DimensionLabel(KpiResult result) =>
        string.Join(" / ", result.Dimensions.Select(d => d.Value ?? KpiEngine.Datasets.DimensionCombination.MissingValue));

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
