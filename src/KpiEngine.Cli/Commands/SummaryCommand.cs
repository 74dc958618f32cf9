using System.CommandLine;
using KpiEngine.Batch;
using KpiEngine.Cli.Output;
using KpiEngine.Diagnostics;

namespace KpiEngine.Cli.Commands;

/// <summary>
/// <c>kpi summary merge DIR... [--out FILE] [--quiet]</c>: combines the summaries the shards of one
/// batch wrote (<c>run-summary.shard-I-of-N.json</c>) into one <c>run-summary.json</c>, by default in
/// the first folder. Exit code as for the batch itself: 0 when every client succeeded or was skipped,
/// 1 when any failed or had errors, 2 when every client failed or the summaries cannot be merged.
/// </summary>
internal static class SummaryCommand
{
    public static Command Create(CliContext context)
    {
        var folders = new Argument<string[]>("folders") { Description = "The output folders the shards wrote to (or their shard summary files)", Arity = ArgumentArity.OneOrMore }.RejectOptions().Paths();
        var output = new Option<string?>("--out") { Description = "Write the merged summary here (default: run-summary.json in the first folder)" }.Paths();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print errors only" };
        var merge = new Command("merge", "Merge the run summaries of a sharded batch into one run-summary.json, with the batch's exit code.") { folders, output, quiet };
        merge.SetAction((parse, _) => Task.FromResult(Merge(context, parse.GetValue(folders)!, parse.GetValue(output), parse.GetValue(quiet))));
        return new Command("summary", "Work with batch run summaries.") { merge };
    }

    private static int Merge(CliContext context, string[] folders, string? output, bool quiet)
    {
        var target = output ?? Path.Combine(folders[0], BatchSummary.FileName);
        var diagnostics = new DiagnosticBag();
        var summary = RunSummaryMerge.Merge(folders, target, diagnostics);
        DiagnosticPrinter.Print(context.Error, diagnostics.Items);
        if (summary is null)
        {
            context.Error.WriteLine($"{target}: not written; a run-summary.json already there is as it was.");
            return ExitCodes.CouldNotRun;
        }

        foreach (var client in summary.Clients)
        {
            DiagnosticPrinter.Print(context.Error, quiet ? client.Diagnostics.Where(d => d.IsError) : client.Diagnostics.Where(d => d.IsError || d.Severity == DiagnosticSeverity.Warning));
        }

        if (!quiet)
        {
            BatchReport.Write(context.Console, summary);
        }

        return BatchRun.ExitCode(summary, otherErrors: false);
    }
}
