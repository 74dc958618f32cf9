using System.CommandLine;
using System.Text;
using KpiEngine.Batch;
using KpiEngine.Cli.Output;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;
using KpiEngine.Reporting;
using KpiEngine.Time;
using Spectre.Console;

namespace KpiEngine.Cli.Commands;

/// <summary>
/// <c>kpi run CLIENT.yaml... [--grain G] [--from P] [--to P] [--format F] [--out PATH]</c> for the
/// console, or a batch: <c>kpi run (CLIENTS... | --manifest FILE) --out-dir DIR [--parallel N] [--skip-unchanged] [--quiet]</c>.
/// Also <c>--by COLUMN</c>, <c>--subtotals</c>, <c>--trace</c>, <c>--plugins DIR</c>, <c>--isolate-plugins</c>.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CliContext context)
    {
        var selection = new ClientSelection();
        var (clients, grain, from, to) = (selection.Clients, selection.Grain, selection.From, selection.To);
        var format = new Option<string[]>("--format") { Description = "Output format: table (default on the console), json (default with --out-dir), csv, or a client report: html, markdown, xlsx; repeat it or write json,csv for several with --out-dir" }.OnlyFormats();
        var output = new Option<string?>("--out") { Description = "Write the output to this file (atomically; only a regular file is replaced) instead of the console; '-' for standard output" }.Paths();
        var inputs = new Option<bool>("--include-inputs") { Description = "Report inputs as well as KPIs" };
        var batch = new BatchCommandOptions();
        var trace = new Option<bool>("--trace") { Description = "With --format json: add to every result a 'trace' of how it was computed" };
        var by = new Option<string[]>("--by") { Description = "Also report each KPI per value of these dimension columns (--by channel --by region, or --by channel,region)" };
        var subtotals = new Option<bool>("--subtotals") { Description = "With --by of two or more columns: also report each leading column's subtotals (--by region,channel: each region over all its channels)" };
        var threads = OptionValues.WholeNumber("--threads", "Threads that may read one large CSV file at once (default: one per core); results are the same for every count", 1, 1024);
        var noPushdown = new Option<bool>("--no-pushdown") { Description = "Stream every database dataset's rows into the engine instead of letting PostgreSQL compute the groups (SQL pushdown)" };
        var command = new Command("run", "Evaluate client KPI sets and report KPI values per period.") { clients, grain, from, to, format, output, inputs, by, subtotals, threads, trace, noPushdown };
        batch.AddTo(command);
        var plugins = PluginOptions.Create();
        plugins.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new RunRequest(
                parse.GetValue(clients) ?? [],
                parse.GetValue(grain),
                parse.GetValue(from),
                parse.GetValue(to),
                [.. (parse.GetValue(format) ?? []).SelectMany(SplitFormats).Distinct(StringComparer.Ordinal)],
                parse.GetValue(output),
                parse.GetValue(inputs))
            {
                Dimensions = [.. (parse.GetValue(by) ?? []).SelectMany(value => value.Split(',', StringSplitOptions.TrimEntries))],
                Subtotals = parse.GetValue(subtotals),
                PluginFolders = plugins.Folders(parse),
                IsolatePlugins = plugins.Isolated(parse),
                PluginTimeout = plugins.Timeout(parse),
                Trace = parse.GetValue(trace),
                ScanThreads = parse.GetValue(threads),
                Pushdown = !parse.GetValue(noPushdown),
            };
            return batch.IsBatch(parse)
                ? await BatchRun.ExecuteAsync(context, request, batch.Read(parse), cancellationToken).ConfigureAwait(false)
                : Execute(context, request, batch.Read(parse), cancellationToken);
        });
        return command;
    }

    /// <summary>The formats a run can write: json and csv from the engine, the console table as text, and the client reports (html, markdown, xlsx).</summary>
    public static IReadOnlyDictionary<string, ResultFormat> Formats { get; } = new Dictionary<string, ResultFormat>(StringComparer.Ordinal)
    {
        ["table"] = new ResultFormat("table", "txt", (stream, result) => WriteTable(stream, [result])),
        ["json"] = ResultFormat.Json,
        ["csv"] = ResultFormat.Csv,
        ["html"] = ResultFormat.Html,
        ["markdown"] = ResultFormat.Markdown,
        ["xlsx"] = ResultFormat.Xlsx,
    };

    public static IEnumerable<string> SplitFormats(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Checks a period given on the command line; prints KPI5001 and returns false when it is not one.</summary>
    public static bool CheckPeriods(CliContext context, Grain grain, params string?[] bounds)
    {
        var calendar = new PeriodCalendar(grain);
        foreach (var bound in bounds)
        {
            if (bound is not null && !calendar.TryParse(bound, end: false, out _))
            {
                context.Error.WriteLine($"error KPI5001: '{bound}' is not a period. {PeriodCalendar.PeriodHint}");
                return false;
            }
        }

        return true;
    }

    private static Option<string[]> OnlyFormats(this Option<string[]> option)
    {
        option.Validators.Add(result =>
        {
            foreach (var name in result.Tokens.SelectMany(t => SplitFormats(t.Value)).Where(n => !Formats.ContainsKey(n)))
            {
                result.AddError($"'{name}' is not an output format; use table, json, csv, html, markdown or xlsx.");
            }
        });
        return option;
    }

    /// <summary>Runs clients without a batch: to the console, or to one <c>--out</c> file.</summary>
    public static int Execute(CliContext context, RunRequest request, BatchSettings batch, CancellationToken cancellationToken)
    {
        if (batch.Parallel is not null || batch.SkipUnchanged || batch.Shard is not null)
        {
            context.Error.WriteLine("error KPI5001: --parallel, --skip-unchanged and --shard apply to batch runs; add --out-dir DIR (or --manifest FILE).");
            return ExitCodes.CouldNotRun;
        }

        if (request.Formats.Count > 1)
        {
            context.Error.WriteLine("error KPI5001: several formats need --out-dir DIR, which gets one file per client and format.");
            return ExitCodes.CouldNotRun;
        }

        if (request.Clients.Count == 0)
        {
            context.Error.WriteLine("error KPI5001: name at least one client file, or a batch manifest with --manifest FILE.");
            return ExitCodes.CouldNotRun;
        }

        var options = request.Evaluation(null);
        if (!CheckPeriods(context, options.Grain, options.From, options.To) || !CheckOutputFile(context, request.OutputFile))
        {
            return ExitCodes.CouldNotRun;
        }

        var expansion = new DiagnosticBag();
        var files = ClientFiles.Expand(request.Clients.Select(c => new ClientPattern(c)), Directory.GetCurrentDirectory(), expansion);
        DiagnosticPrinter.Print(context.Error, expansion.Items);
        if (files.Count == 0 || !CheckReportTarget(context, request, files.Count))
        {
            return ExitCodes.CouldNotRun;
        }

        var evaluator = context.Evaluator();
        var results = new List<ClientResult>();
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = evaluator.Run(file, options, cancellationToken);
            DiagnosticPrinter.Print(context.Error, result.Diagnostics);
            results.Add(result);
        }

        var format = request.Formats.Count == 1 ? request.Formats[0] : "table";
        var outputFile = OutputFile(request.OutputFile);
        if (outputFile is not null && results.All(r => r.Status == ClientStatus.Failed))
        {
            // Exit 2, "could not run": there is no result to write, and a header-only file must not replace a good one.
            context.Error.WriteLine($"{outputFile}: warning {DiagnosticCatalog.OutputKept.Id}: not written, because no client could be run; the file is as it was before.");
        }
        else
        {
            try
            {
                Write(context, results, format, outputFile);
            }
            catch (OutputTargetException exception)
            {
                context.Error.WriteLine($"{outputFile}: error {DiagnosticCatalog.OutputTargetRefused.Id}: {exception.Message} {StandardOutputHint}");
                return ExitCodes.CouldNotRun;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                context.Error.WriteLine($"{outputFile}: error KPI5002: the output could not be written: {exception.Message} The file is as it was before.");
                return ExitCodes.PartialFailure;
            }
        }

        if (!batch.Quiet && (results.Count > 1 || results.Any(r => r.Status != ClientStatus.Succeeded)))
        {
            foreach (var result in results)
            {
                context.Error.WriteLine($"{result.Client}: {ResultWriters.StatusText(result.Status)} ({DiagnosticPrinter.Summary(result.Diagnostics)})");
            }
        }

        if (results.All(r => r.Status == ClientStatus.Failed))
        {
            return ExitCodes.CouldNotRun;
        }

        return expansion.HasErrors || results.Any(r => r.Status != ClientStatus.Succeeded) ? ExitCodes.PartialFailure : ExitCodes.Success;
    }

    /// <summary>
    /// A report holds one client and an Excel workbook is binary: refuses, before anything runs,
    /// several clients for one file (KPI5020) and a workbook for standard output (KPI5021).
    /// </summary>
    private static bool CheckReportTarget(CliContext context, RunRequest request, int clients)
    {
        var format = request.Formats.Count == 1 && Formats.TryGetValue(request.Formats[0], out var given) ? given : null;
        if (format is not { IsReport: true })
        {
            return true;
        }

        var target = OutputFile(request.OutputFile) ?? "standard output";
        if (clients > 1)
        {
            context.Error.WriteLine($"error {DiagnosticCatalog.OneReportPerClient.Id}: a {format.Name} report holds one client, and {clients} clients were named for {target}. Use --out-dir DIR to get <client-id>.{format.Extension} for each.");
            return false;
        }

        if (format == ResultFormat.Xlsx && OutputFile(request.OutputFile) is null)
        {
            context.Error.WriteLine($"error {DiagnosticCatalog.WorkbookNeedsFile.Id}: an Excel workbook is binary and is not written to standard output. Add --out FILE.xlsx or --out-dir DIR.");
            return false;
        }

        return true;
    }

    private const string StandardOutputHint = "Give a regular file's path, or '--out -' (or no --out) for standard output.";

    /// <summary>The file <c>--out</c> names; null for standard output (no <c>--out</c>, or <c>--out -</c>).</summary>
    private static string? OutputFile(string? given) => given is null or "-" ? null : given;

    /// <summary>
    /// Refuses an <c>--out</c> that is not a regular file (a folder, a link such as <c>/dev/stdout</c>,
    /// a pipe, a device) before anything runs: KPI5010, exit 2, and the path is left as it is.
    /// </summary>
    private static bool CheckOutputFile(CliContext context, string? given)
    {
        if (OutputFile(given) is not { } path || OutputTarget.Problem(path) is not { } problem)
        {
            return true;
        }

        context.Error.WriteLine($"{path}: error {DiagnosticCatalog.OutputTargetRefused.Id}: {problem} {StandardOutputHint}");
        return false;
    }

    private static void Write(CliContext context, List<ClientResult> results, string format, string? outputPath)
    {
        var ran = results.Where(r => r.Status != ClientStatus.Failed).ToList();
        Action<Stream> write = format switch
        {
            "json" => stream => ResultWriters.WriteJson(stream, results),
            "csv" => stream => ResultWriters.WriteCsv(stream, ran),
            // A report holds one client (checked before running); a client that failed has none to write.
            _ when Formats[format].IsReport => stream => ran.ForEach(result => Formats[format].Write(stream, result)),
            _ => stream => WriteTable(stream, ran),
        };

        if (outputPath is not null)
        {
            AtomicFile.Write(outputPath, write);
            context.Error.WriteLine($"Wrote {outputPath}");
            return;
        }

        if (format == "table")
        {
            foreach (var result in ran)
            {
                TableReport.Write(context.Console, result);
                context.Console.WriteLine();
            }

            return;
        }

        using var buffer = new MemoryStream();
        write(buffer);
        context.Data.Write(Encoding.UTF8.GetString(buffer.ToArray()));
        context.Data.Flush();
    }

    private static void WriteTable(Stream stream, IEnumerable<ClientResult> results)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
        var file = new CliContext(writer, TextWriter.Null, interactive: false);
        foreach (var result in results)
        {
            TableReport.Write(file.Console, result);
            file.Console.WriteLine();
        }
    }
}

/// <summary>The options of one <c>kpi run</c> that apply with or without a batch.</summary>
internal sealed record RunRequest(
    IReadOnlyList<string> Clients,
    string? Grain,
    string? From,
    string? To,
    IReadOnlyList<string> Formats,
    string? OutputFile,
    bool IncludeInputs)
{
    /// <summary>Dimension columns to split results by (<c>--by</c>).</summary>
    public IReadOnlyList<string> Dimensions { get; init; } = [];

    /// <summary>Also report the subtotals of two or more dimensions (<c>--subtotals</c>).</summary>
    public bool Subtotals { get; init; }

    /// <summary>Extra plugin folders (<c>--plugins</c>).</summary>
    public IReadOnlyList<string> PluginFolders { get; init; } = [];

    /// <summary>Run plugins in a worker process (<c>--isolate-plugins</c>).</summary>
    public bool IsolatePlugins { get; init; }

    /// <summary>The isolated plugin timeout (<c>--plugin-timeout</c>).</summary>
    public TimeSpan PluginTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Attach a trace to every result (<c>--trace</c>).</summary>
    public bool Trace { get; init; }

    /// <summary>Threads that may read one large file at once (<c>--threads</c>); null for one per core.</summary>
    public int? ScanThreads { get; init; }

    /// <summary>Let PostgreSQL compute the groups where that is exact; false with <c>--no-pushdown</c>.</summary>
    public bool Pushdown { get; init; } = true;

    /// <summary>The evaluation options: the command line first, then the manifest, then the defaults.</summary>
    public EvaluationOptions Evaluation(BatchManifest? manifest) => new()
    {
        Grain = Grain is { } text ? Enum.Parse<Grain>(text, ignoreCase: true) : manifest?.Grain ?? KpiEngine.Time.Grain.Month,
        From = From ?? manifest?.From,
        To = To ?? manifest?.To,
        IncludeInputs = IncludeInputs || manifest?.IncludeInputs == true,
        Dimensions = Dimensions.Count > 0 ? Dimensions : manifest?.Dimensions ?? [],
        Subtotals = Subtotals || manifest?.Subtotals == true,
        PluginFolders = PluginFolders,
        IsolatePlugins = IsolatePlugins,
        PluginTimeout = PluginTimeout,
        Trace = Trace,
        ScanThreads = ScanThreads,
        Pushdown = Pushdown,
    };
}
