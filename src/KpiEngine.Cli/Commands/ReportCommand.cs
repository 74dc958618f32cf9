using System.CommandLine;

namespace KpiEngine.Cli.Commands;

/// <summary>
/// <c>kpi report CLIENT... [--out FILE | --out-dir DIR] [--format html|markdown|xlsx] [--grain G] [--from P] [--to P] [--by DIM] [--subtotals]</c>:
/// the client report. It is <c>kpi run</c> with a report format, so clients, manifests, batches,
/// atomic writes and <c>--skip-unchanged</c> behave exactly as they do there.
/// </summary>
internal static class ReportCommand
{
    /// <summary>The formats a report can take, the first the default.</summary>
    public static IReadOnlyList<string> ReportFormats { get; } = ["html", "markdown", "xlsx"];

    public static Command Create(CliContext context)
    {
        var selection = new ClientSelection();
        var (clients, grain, from, to) = (selection.Clients, selection.Grain, selection.From, selection.To);
        var format = new Option<string[]>("--format") { Description = "html (default; markdown for an --out ending in .md, xlsx for one ending in .xlsx), markdown or xlsx; with --out-dir several: html,xlsx" };
        format.Validators.Add(result =>
        {
            foreach (var name in result.Tokens.SelectMany(t => RunCommand.SplitFormats(t.Value)).Where(n => !ReportFormats.Contains(n)))
            {
                result.AddError($"'{name}' is not a report format; use html, markdown or xlsx ('kpi run' writes table, json and csv).");
            }
        });
        var output = new Option<string?>("--out") { Description = "Write the report to this file (atomically; only a regular file is replaced); '-' or no --out for standard output (html and markdown only)" }.Paths();
        var by = new Option<string[]>("--by") { Description = "Add a breakdown per value of these dimension columns (--by channel, or --by channel,region)" };
        var subtotals = new Option<bool>("--subtotals") { Description = "With --by of two or more columns: the breakdowns also show each leading column's subtotals" };
        var command = new Command("report", "Write each client's report: one self-contained HTML file with tiles, charts, goals and notes, or Markdown, or an Excel workbook.") { clients, grain, from, to, format, output, by, subtotals };
        var batch = new BatchCommandOptions();
        batch.AddTo(command);
        var plugins = PluginOptions.Create();
        plugins.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var outputFile = parse.GetValue(output);
            var formats = (parse.GetValue(format) ?? []).SelectMany(RunCommand.SplitFormats).Distinct(StringComparer.Ordinal).ToList();
            var request = new RunRequest(
                parse.GetValue(clients) ?? [],
                parse.GetValue(grain),
                parse.GetValue(from),
                parse.GetValue(to),
                formats.Count > 0 ? formats : [FormatOf(outputFile)],
                outputFile,
                IncludeInputs: false)
            {
                Dimensions = [.. (parse.GetValue(by) ?? []).SelectMany(value => value.Split(',', StringSplitOptions.TrimEntries))],
                Subtotals = parse.GetValue(subtotals),
                PluginFolders = plugins.Folders(parse),
                IsolatePlugins = plugins.Isolated(parse),
                PluginTimeout = plugins.Timeout(parse),
            };
            return batch.IsBatch(parse)
                ? await BatchRun.ExecuteAsync(context, request, batch.Read(parse), cancellationToken).ConfigureAwait(false)
                : RunCommand.Execute(context, request, batch.Read(parse), cancellationToken);
        });
        return command;
    }

    /// <summary>The format an <c>--out</c> file's extension asks for; html otherwise.</summary>
    private static string FormatOf(string? outputFile) => Path.GetExtension(outputFile ?? string.Empty).ToUpperInvariant() switch
    {
        ".MD" or ".MARKDOWN" => "markdown",
        ".XLSX" => "xlsx",
        _ => "html",
    };
}
