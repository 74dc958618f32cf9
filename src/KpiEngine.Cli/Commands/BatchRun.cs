using KpiEngine.Batch;
using KpiEngine.Cli.Output;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Reporting;
using Spectre.Console;

namespace KpiEngine.Cli.Commands;

/// <summary>
/// <c>kpi run</c> as a batch: merges the manifest with the command line, runs the clients with
/// <see cref="BatchRunner"/>, shows progress and prints the summary. Exit code 0 when every
/// client succeeded or was skipped, 1 when any failed or had errors, 2 when nothing could run.
/// </summary>
internal static class BatchRun
{
    public static async Task<int> ExecuteAsync(CliContext context, RunRequest request, BatchSettings settings, CancellationToken cancellationToken)
    {
        if (request.OutputFile is not null)
        {
            context.Error.WriteLine("error KPI5001: --out writes one file; a batch writes one file per client into --out-dir. Use one of them.");
            return ExitCodes.CouldNotRun;
        }

        BatchManifest? manifest = null;
        if (settings.Manifest is { } manifestPath)
        {
            var loaded = BatchManifest.Load(manifestPath, [.. RunCommand.Formats.Keys]);
            DiagnosticPrinter.Print(context.Error, loaded.Diagnostics);
            if (!loaded.Succeeded)
            {
                return ExitCodes.CouldNotRun;
            }

            manifest = loaded.Value!;
        }

        if (settings.OutputFolder == "-")
        {
            context.Error.WriteLine("error KPI5001: --out-dir needs a folder; a batch writes one file per client, so it cannot write to standard output. Use 'kpi run CLIENT --format json' for that.");
            return ExitCodes.CouldNotRun;
        }

        var outputFolder = settings.OutputFolder is { } given ? Path.GetFullPath(given) : manifest?.OutputFolder;
        if (outputFolder is null)
        {
            context.Error.WriteLine($"error KPI5001: a batch needs an output folder: add --out-dir DIR or 'out_dir:' to {settings.Manifest}.");
            return ExitCodes.CouldNotRun;
        }

        if (OutputTarget.FolderProblem(outputFolder) is { } problem)
        {
            context.Error.WriteLine($"{outputFolder}: error {DiagnosticCatalog.OutputTargetRefused.Id}: {problem}");
            return ExitCodes.CouldNotRun;
        }

        var evaluation = request.Evaluation(manifest);
        if (!RunCommand.CheckPeriods(context, evaluation.Grain, evaluation.From, evaluation.To))
        {
            return ExitCodes.CouldNotRun;
        }

        var expansion = new DiagnosticBag();
        var files = new List<string>(ClientFiles.Expand(request.Clients.Select(c => new ClientPattern(c)), Directory.GetCurrentDirectory(), expansion));
        if (manifest is not null)
        {
            files.AddRange(ClientFiles.Expand(manifest.Clients, manifest.Folder, expansion));
        }

        DiagnosticPrinter.Print(context.Error, expansion.Items);
        if (files.Count == 0)
        {
            if (!expansion.HasErrors)
            {
                context.Error.WriteLine("error KPI5001: a batch needs clients: name client files or globs, or list them under 'clients:' in --manifest FILE.");
            }

            return ExitCodes.CouldNotRun;
        }

        var formatNames = request.Formats.Count > 0 ? request.Formats : manifest?.Formats is { Count: > 0 } listed ? listed : ["json"];
        var options = new BatchOptions
        {
            ClientFiles = files,
            OutputFolder = outputFolder,
            Formats = [.. formatNames.Select(name => RunCommand.Formats[name])],
            Evaluation = evaluation,
            MaxParallelism = settings.Parallel ?? manifest?.MaxParallelism ?? Environment.ProcessorCount,
            SkipUnchanged = settings.SkipUnchanged || manifest?.SkipUnchanged == true,
            Shard = settings.Shard,
        };

        var runner = new BatchRunner { AllowedFolders = context.AllowedFolders };
        BatchSummary summary;
        if (settings.Quiet)
        {
            summary = await runner.RunAsync(options, null, cancellationToken).ConfigureAwait(false);
        }
        else if (context.Interactive)
        {
            summary = await LiveBatchProgress.RunAsync(context.Console, runner, options, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            summary = await runner.RunAsync(options, new BatchProgressLog(context.Error), cancellationToken).ConfigureAwait(false);
        }

        // Diagnostics come after the live display, in client order, so they neither tear it nor interleave.
        foreach (var client in summary.Clients.Where(c => c.Status != BatchClientStatus.Skipped))
        {
            DiagnosticPrinter.Print(context.Error, settings.Quiet ? client.Diagnostics.Where(d => d.IsError) : client.Diagnostics);
        }

        DiagnosticPrinter.Print(context.Error, settings.Quiet ? summary.Diagnostics.Where(d => d.IsError) : summary.Diagnostics);
        if (!settings.Quiet)
        {
            BatchReport.Write(context.Console, summary);
        }

        return ExitCode(summary, expansion.HasErrors);
    }

    /// <summary>
    /// 2 when every client failed, 0 when every client succeeded or was skipped and nothing else went
    /// wrong, 1 otherwise. A shard may get no client at all: that is a success, not a run that could not start.
    /// </summary>
    public static int ExitCode(BatchSummary summary, bool otherErrors)
    {
        if (summary.Clients.Count > 0 && summary.Clients.All(c => c.Status == BatchClientStatus.Failed))
        {
            return ExitCodes.CouldNotRun;
        }

        return summary.AllSucceeded && !otherErrors ? ExitCodes.Success : ExitCodes.PartialFailure;
    }
}
