using KpiEngine.Diagnostics;

namespace KpiEngine.Batch;

/// <summary>What happened to one client of a batch run.</summary>
public enum BatchClientStatus
{
    /// <summary>Every value was computed from clean input; its outputs were written.</summary>
    Succeeded,

    /// <summary>Outputs were written, but something failed on the way (bad rows, a KPI with errors).</summary>
    CompletedWithErrors,

    /// <summary>The client could not be run, or its outputs could not be written.</summary>
    Failed,

    /// <summary>Unchanged since a successful previous run (see <see cref="BatchOptions.SkipUnchanged"/>); its outputs were kept.</summary>
    Skipped,
}

/// <summary>The content hashes that decide whether a client changed since the last run.</summary>
/// <param name="Definitions">The client file, every file it includes and its profiles: full path to <c>sha256:&lt;hex&gt;</c>.</param>
/// <param name="Data">Every dataset file: full path to <c>sha256:&lt;hex&gt;</c>, or <c>missing</c>.</param>
/// <param name="Engine">The engine's informational version.</param>
public sealed record InputHashes(
    IReadOnlyDictionary<string, string> Definitions,
    IReadOnlyDictionary<string, string> Data,
    string Engine)
{
    /// <summary>
    /// Every file in the plugin folders a client searches, full path to <c>sha256:&lt;hex&gt;</c>, when
    /// one of its KPIs is a plugin metric; empty otherwise (plugins cannot change its outputs).
    /// </summary>
    public IReadOnlyDictionary<string, string> Plugins { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>One client's line in the run summary.</summary>
/// <param name="File">The client file's full path.</param>
/// <param name="Client">The client id (the file name when the file could not be read).</param>
/// <param name="Status">What happened.</param>
/// <param name="Kpis">How many KPIs (and inputs, if asked for) were reported.</param>
/// <param name="Results">How many values (KPI x period) were reported.</param>
/// <param name="Undefined">How many of them are undefined.</param>
/// <param name="Rows">Dataset records read; 0 when skipped.</param>
/// <param name="Duration">How long the client took, loading to writing.</param>
/// <param name="Diagnostics">Every problem found for the client.</param>
/// <param name="Hashes">The inputs' hashes.</param>
/// <param name="Outputs">The full paths of the client's output files (kept ones when skipped).</param>
public sealed record BatchClientSummary(
    string File,
    string Client,
    BatchClientStatus Status,
    int Kpis,
    int Results,
    int Undefined,
    long Rows,
    TimeSpan Duration,
    IReadOnlyList<Diagnostic> Diagnostics,
    InputHashes Hashes,
    IReadOnlyList<string> Outputs)
{
    /// <summary>The number of error diagnostics.</summary>
    public int Errors => Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>The number of warning diagnostics.</summary>
    public int Warnings => Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
}

/// <summary>The outcome of a batch run: every client in file order, problems of the run itself, and where the summary went.</summary>
/// <param name="Options">The options of the run.</param>
/// <param name="EngineVersion">The engine's informational version.</param>
/// <param name="Clients">One entry per client file, in ordinal order of the paths, whatever order they finished in.</param>
/// <param name="Diagnostics">Problems of the run rather than of one client (the summary could not be written, an unreadable previous summary).</param>
/// <param name="Duration">Wall time of the whole run.</param>
/// <param name="SummaryFile">The full path of <c>run-summary.json</c>.</param>
public sealed record BatchSummary(
    BatchOptions Options,
    string EngineVersion,
    IReadOnlyList<BatchClientSummary> Clients,
    IReadOnlyList<Diagnostic> Diagnostics,
    TimeSpan Duration,
    string SummaryFile)
{
    /// <summary>The file name of the run summary in the output folder.</summary>
    public const string FileName = "run-summary.json";

    /// <summary>The number of clients with the given status.</summary>
    public int Count(BatchClientStatus status) => Clients.Count(c => c.Status == status);

    /// <summary>True when every client succeeded or was skipped and the run itself had no error.</summary>
    public bool AllSucceeded =>
        Clients.All(c => c.Status is BatchClientStatus.Succeeded or BatchClientStatus.Skipped) && !Diagnostics.Any(d => d.IsError);
}
