using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;
using KpiEngine.Reporting;

namespace KpiEngine.Batch;

/// <summary>
/// Runs many clients in parallel and writes one output file per client and format plus
/// <c>run-summary.json</c> into one folder. One failing client never stops the others; every
/// file is written atomically; outputs are byte-identical for identical inputs, whatever the
/// parallelism or the order clients finish in.
/// </summary>
public sealed class BatchRunner
{
    private readonly KpiEvaluator _evaluator = new();
    private readonly KpiSetLoader _loader = new();

    /// <summary>Folders clients may read from besides their project tree (see <see cref="KpiSetLoader.AllowedFolders"/>).</summary>
    public IReadOnlyList<string> AllowedFolders
    {
        get => _loader.AllowedFolders;
        init
        {
            _loader = new KpiSetLoader { AllowedFolders = value };
            _evaluator = new KpiEvaluator { AllowedFolders = value };
        }
    }
    private readonly TimeProvider _time;

    /// <summary>Creates a runner that measures durations with the system clock.</summary>
    public BatchRunner()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Creates a runner that measures durations with <paramref name="time"/>.</summary>
    public BatchRunner(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    /// <summary>
    /// Runs every client of <paramref name="options"/>. Never throws for bad input or a failing
    /// client: problems are in the summary. Throws <see cref="OperationCanceledException"/> when
    /// cancelled, leaving the outputs already written and the previous summary intact.
    /// </summary>
    public async Task<BatchSummary> RunAsync(BatchOptions options, IBatchProgress? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var started = _time.GetTimestamp();
        var folder = Path.GetFullPath(options.OutputFolder);
        options = options with { OutputFolder = folder, ClientFiles = [.. options.ClientFiles.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)] };
        var diagnostics = new DiagnosticBag();
        RemoveLeftovers(folder, diagnostics);
        var summaryName = options.Shard?.SummaryFileName ?? BatchSummary.FileName;
        var previous = options.SkipUnchanged ? RunSummaryFile.TryRead(folder, summaryName, diagnostics) : null;
        var optionsKey = RunSummaryFile.OptionsKey(options);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelism), CancellationToken = cancellationToken };

        // First load and hash every client, so that output names can be checked for clashes in file order
        // before anything is written. A shard loads every client to learn its id, and hashes only its own.
        var prepared = new PreparedClient?[options.ClientFiles.Count];
        await Parallel.ForAsync(0, prepared.Length, parallel, (i, _) =>
        {
            prepared[i] = Prepare(options.ClientFiles[i], options);
            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);
        var clients = prepared.OfType<PreparedClient>().ToArray();
        ClaimOutputNames(clients);

        progress?.BatchStarted(clients.Length);
        var summaries = new BatchClientSummary[clients.Length];
        var finished = 0;
        var finishing = new Lock();
        await Parallel.ForAsync(0, clients.Length, parallel, (i, token) =>
        {
            var client = clients[i];
            var entry = previous?.OptionsKey == optionsKey && previous.Clients.TryGetValue(client.File, out var before) ? before : null;
            summaries[i] = Skippable(client, entry, options) is { } skipped ? skipped : Run(client, options, progress, token);
            lock (finishing)
            {
                // Under the lock, so displays see the finished count rise one by one.
                progress?.ClientFinished(summaries[i], ++finished, clients.Length);
            }

            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);

        var summaryFile = Path.Combine(folder, summaryName);
        var summary = new BatchSummary(options, InputHasher.EngineVersion, summaries, diagnostics.Items, _time.GetElapsedTime(started), summaryFile);
        try
        {
            AtomicFile.Write(summaryFile, stream => RunSummaryFile.Write(stream, summary));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(e is OutputTargetException ? DiagnosticCatalog.OutputTargetRefused : DiagnosticCatalog.OutputFailed, $"The run summary could not be written: {e.Message}", SourceSpan.At(summaryFile, 1, 0));
            summary = summary with { Diagnostics = diagnostics.Items };
        }

        return summary;
    }

    /// <summary>Loads a client and hashes its inputs; null when it belongs to another shard.</summary>
    private PreparedClient? Prepare(string file, BatchOptions options)
    {
        LoadResult<KpiSet>? loaded;
        try
        {
            loaded = _loader.LoadClient(file);
        }
#pragma warning disable CA1031 // Loading never throws for bad input; if it does anyway, the run phase loads again and reports it as this client's failure.
        catch (Exception)
#pragma warning restore CA1031
        {
            loaded = null;
        }

        var set = loaded?.Value;
        var validId = set is not null && ClientIds.IsValid(set.ClientId);
        var id = validId ? set!.ClientId : Path.GetFileNameWithoutExtension(file);
        if (options.Shard is { } shard && !shard.Contains(id))
        {
            return null;
        }

        var client = new PreparedClient(file, id, loaded, InputHasher.For(file, set, options));
        if (set is not null && !validId)
        {
            // Without a valid id there is no file name to write to. The loader's errors say what is wrong with it.
            client.Blocked =
            [
                .. loaded!.Diagnostics.Where(d => d.IsError),
                DiagnosticCatalog.ClientFailed.Create(
                    $"Client file '{DefinitionPath.Display(file)}' has no valid client id, so its outputs cannot be named; it is not run and nothing is written for it.",
                    SourceSpan.At(DefinitionPath.Display(file), 1, 1),
                    $"Fix its 'client:' id: {ClientIds.Rule}."),
            ];
        }

        return client;
    }

    /// <summary>Removes the temporary files a killed run left in the output folder; says how many in an info diagnostic.</summary>
    private static void RemoveLeftovers(string folder, DiagnosticBag diagnostics)
    {
        try
        {
            if (AtomicFile.RemoveLeftovers(folder) is > 0 and var removed)
            {
                diagnostics.Add(DiagnosticCatalog.LeftoversRemoved, $"Removed {removed} temporary file(s) an interrupted run left in '{folder}'.", SourceSpan.At(folder, 1, 0));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(DiagnosticCatalog.LeftoversRemoved, $"Temporary files an interrupted run left in '{folder}' could not be listed: {e.Message}", SourceSpan.At(folder, 1, 0));
        }
    }

    /// <summary>
    /// Two clients with one id would write the same output files; the first in file order keeps
    /// the name, the others fail. Compared ignoring case, as the file systems of Windows and macOS do.
    /// </summary>
    private static void ClaimOutputNames(PreparedClient[] clients)
    {
        var owners = new Dictionary<string, PreparedClient>(StringComparer.OrdinalIgnoreCase);
        foreach (var client in clients.Where(c => c.Loaded && c.Blocked is null))
        {
            if (!owners.TryAdd(client.Id, client))
            {
                client.Blocked = [DiagnosticCatalog.DuplicateId.Create(
                    $"Client id '{client.Id}' is also the id of '{DefinitionPath.Display(owners[client.Id].File)}'; their output files would overwrite each other, so this client is not run.",
                    SourceSpan.At(DefinitionPath.Display(client.File), 1, 1),
                    "Give each client file its own 'client:' id.")];
            }
        }
    }

    private static BatchClientSummary? Skippable(PreparedClient client, PreviousClient? before, BatchOptions options)
    {
        if (before is null || before.Status is not ("succeeded" or "skipped") || client.Blocked is not null || !InputHasher.Same(client.Hashes, before.Hashes))
        {
            return null;
        }

        var outputs = OutputPaths(client.Id, options);
        if (!outputs.Order(StringComparer.Ordinal).SequenceEqual(before.Outputs.Order(StringComparer.Ordinal), StringComparer.Ordinal) || !outputs.All(File.Exists))
        {
            return null;
        }

        return new BatchClientSummary(client.File, before.Client, BatchClientStatus.Skipped, before.Kpis, before.Results, before.Undefined, 0, TimeSpan.Zero, before.Diagnostics, client.Hashes, outputs);
    }

    private BatchClientSummary Run(PreparedClient client, BatchOptions options, IBatchProgress? progress, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        progress?.ClientStarted(client.File);
        var rows = new RowCounter(client.File, progress);
        ClientResult result;
        var outputs = new List<string>();
        var diagnostics = new List<Diagnostic>();
        bool failed;
        try
        {
            result = client.Blocked is { } blocked
                ? Failure(client, options, blocked)
                : _evaluator.Run(client.File, client.Load, options.Evaluation with { RowProgress = rows }, cancellationToken);
            diagnostics.AddRange(result.Diagnostics);
            failed = result.Status == ClientStatus.Failed || !Write(client, result, options, outputs, diagnostics);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A bug in the engine or a format for one client must fail that client, not the batch: the other clients still run.
        catch (Exception e)
#pragma warning restore CA1031
        {
            result = Failure(client, options, []);
            failed = true;
            diagnostics.Add(DiagnosticCatalog.ClientFailed.Create(
                $"Client '{client.Id}' stopped with an internal error: {e.GetType().Name}: {e.Message}",
                SourceSpan.At(DefinitionPath.Display(client.File), 1, 1),
                "This is a bug in KpiEngine; please report it with the client file."));
        }

        var status = failed ? BatchClientStatus.Failed
            : result.Status == ClientStatus.Succeeded ? BatchClientStatus.Succeeded
            : BatchClientStatus.CompletedWithErrors;
        return new BatchClientSummary(
            client.File,
            result.Client,
            status,
            result.Results.Select(r => r.Kpi).Distinct(StringComparer.Ordinal).Count(),
            result.Results.Count,
            result.Results.Count(r => r.Value is null),
            rows.Total,
            _time.GetElapsedTime(started),
            diagnostics,
            client.Hashes,
            outputs);
    }

    /// <summary>
    /// Writes every format of the client as one group (<see cref="AtomicFile.WriteAll"/>): when one
    /// cannot be written, none is replaced, so the client's files never mix two runs. False then.
    /// </summary>
    private static bool Write(PreparedClient client, ClientResult result, BatchOptions options, List<string> outputs, List<Diagnostic> diagnostics)
    {
        var paths = OutputPaths(client.Id, options);
        try
        {
            AtomicFile.WriteAll([.. options.Formats.Zip(paths, (format, path) => new PendingFile(path, stream => format.Write(stream, result)))]);
            outputs.AddRange(paths);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var descriptor = e is OutputTargetException ? DiagnosticCatalog.OutputTargetRefused : DiagnosticCatalog.OutputFailed;
            var path = e is OutputTargetException refused ? refused.Path : options.OutputFolder;
            diagnostics.Add(descriptor.Create(
                $"The outputs of client '{client.Id}' were not written: {e.Message} None of its files was replaced; they are as the previous run left them.",
                SourceSpan.At(path, 1, 0)));
            return false;
        }
    }

    private static ClientResult Failure(PreparedClient client, BatchOptions options, IReadOnlyList<Diagnostic> diagnostics) =>
        new(client.Id, client.Id, client.File, options.Evaluation.Grain, [], [], diagnostics, ClientStatus.Failed);

    private static List<string> OutputPaths(string id, BatchOptions options) =>
        [.. options.Formats.Select(f => Path.Combine(options.OutputFolder, $"{id}.{f.Extension}"))];

    /// <summary>A client file loaded once, to learn its id and hash its inputs, and evaluated from that load.</summary>
    private sealed class PreparedClient(string file, string id, LoadResult<KpiSet>? load, InputHashes hashes)
    {
        public string File { get; } = file;

        public string Id { get; } = id;

        /// <summary>The load, or null when loading threw (the run phase then tries again and reports it).</summary>
        public LoadResult<KpiSet>? Load { get; } = load;

        public bool Loaded => Load?.Value is not null;

        public InputHashes Hashes { get; } = hashes;

        /// <summary>Why the client is not run (another client already has its id, or it has no valid id); null when it runs.</summary>
        public IReadOnlyList<Diagnostic>? Blocked { get; set; }
    }

    /// <summary>Counts one client's records and passes them on to the progress display.</summary>
    private sealed class RowCounter(string file, IBatchProgress? progress) : IProgress<long>
    {
        private long _total;

        public long Total => Interlocked.Read(ref _total);

        public void Report(long value)
        {
            Interlocked.Add(ref _total, value);
            progress?.RowsScanned(file, value);
        }
    }
}
