using System.Globalization;
using KpiEngine.Batch;
using Spectre.Console;

namespace KpiEngine.Cli.Output;

/// <summary>The one-screen summary after a batch: a row per client, the totals and where the files went.</summary>
internal static class BatchReport
{
    /// <summary>Past this many clients only those that did not succeed are listed; the run summary has them all.</summary>
    public const int MaxRows = 30;

    public static void Write(IAnsiConsole console, BatchSummary summary)
    {
        var shown = summary.Clients.Count <= MaxRows
            ? summary.Clients
            : [.. summary.Clients.Where(c => c.Status is BatchClientStatus.Failed or BatchClientStatus.CompletedWithErrors).Take(MaxRows)];
        // Counts and times keep their width; client ids wrap; on a narrow console the least needed columns go first.
        var table = new FittedTable().Column("Client", isValue: false).Column("Status", isValue: true);
        foreach (var number in new[] { "KPIs", "Undefined", "Errors", "Warnings", "Time" })
        {
            table.Column(number, isValue: true);
        }

        foreach (var client in shown)
        {
            var status = BatchFigures.Status(client.Status);
            table.Row(
                FittedCell.Text(client.Client),
                new(status, $"[{Colour(client.Status)}]{status}[/]"),
                FittedCell.Text(Text(client.Kpis)),
                FittedCell.Text(Text(client.Undefined)),
                client.Errors > 0 ? new(Text(client.Errors), $"[red]{Text(client.Errors)}[/]") : FittedCell.Text("0"),
                client.Warnings > 0 ? new(Text(client.Warnings), $"[yellow]{Text(client.Warnings)}[/]") : FittedCell.Text("0"),
                FittedCell.Text(client.Status == BatchClientStatus.Skipped ? "-" : BatchFigures.Duration(client.Duration)));
        }

        if (shown.Count > 0)
        {
            table.Write(console, [6, 3, 5, 2], "the run summary has every figure");
        }

        if (shown.Count < summary.Clients.Count)
        {
            console.MarkupLine($"[grey]{Text(summary.Clients.Count - shown.Count)} more clients succeeded or were skipped; see the run summary.[/]");
        }

        var counts = Enum.GetValues<BatchClientStatus>()
            .Where(s => summary.Count(s) > 0)
            .Select(s => $"{Text(summary.Count(s))} {BatchFigures.Status(s)}");
        console.MarkupLine(TerminalText.Markup(
            $"{Text(summary.Clients.Count)} client{(summary.Clients.Count == 1 ? string.Empty : "s")}: {string.Join(", ", counts)}; "
            + $"{BatchFigures.Count(summary.Clients.Sum(c => c.Rows))} rows in {BatchFigures.Duration(summary.Duration)}."));
        var files = summary.Clients.Where(c => c.Status != BatchClientStatus.Skipped).Sum(c => c.Outputs.Count);
        console.MarkupLine(TerminalText.Markup($"Wrote {Text(files)} file{(files == 1 ? string.Empty : "s")} to {summary.Options.OutputFolder}"));
        console.MarkupLine(TerminalText.Markup($"Summary: {summary.SummaryFile}"));
    }

    public static string Colour(BatchClientStatus status) => status switch
    {
        BatchClientStatus.Failed => "red",
        BatchClientStatus.CompletedWithErrors => "yellow",
        BatchClientStatus.Skipped => "grey",
        _ => "green",
    };

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
