using System.CommandLine;
using KpiEngine.Batch;

namespace KpiEngine.Cli.Commands;

/// <summary>The batch options of <c>kpi run</c>: kept apart so the run command's own options stay easy to read and extend.</summary>
internal sealed class BatchCommandOptions
{
    private readonly Option<string?> _outDir = new Option<string?>("--out-dir") { Description = "Batch: write <client-id>.<ext> per client and format, and run-summary.json, into this folder" }.Paths();
    private readonly Option<string?> _manifest = new Option<string?>("--manifest") { Description = "Batch: read clients and shared options from this YAML manifest (command-line options win)" }.Paths();
    private readonly Option<int?> _parallel = OptionValues.WholeNumber("--parallel", "Batch: how many clients run at once (default: the core count)", 1, 1024);
    private readonly Option<bool> _skipUnchanged = new("--skip-unchanged") { Description = "Batch: skip clients whose definitions, data, options and engine are unchanged since the last run into --out-dir" };
    private readonly Option<bool> _quiet = new("--quiet", "-q") { Description = "Print errors only: no progress, no summary" };
    private readonly Option<BatchShard?> _shard = new("--shard")
    {
        Description = "Batch: run only shard I of N (I from 0; stable by client id) and write run-summary.shard-I-of-N.json; combine with 'kpi summary merge'",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            var shard = BatchShard.Parse(text, out var problem);
            if (shard is null)
            {
                result.AddError($"--shard {problem}");
            }

            return shard;
        },
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_outDir);
        command.Options.Add(_manifest);
        command.Options.Add(_parallel);
        command.Options.Add(_skipUnchanged);
        command.Options.Add(_quiet);
        command.Options.Add(_shard);
    }

    /// <summary>A run is a batch when it has an output folder or a manifest.</summary>
    public bool IsBatch(ParseResult parse) => parse.GetValue(_outDir) is not null || parse.GetValue(_manifest) is not null;

    public BatchSettings Read(ParseResult parse) => new(
        parse.GetValue(_outDir),
        parse.GetValue(_manifest),
        parse.GetValue(_parallel),
        parse.GetValue(_skipUnchanged),
        parse.GetValue(_quiet))
    {
        Shard = parse.GetValue(_shard),
    };
}

/// <summary>The batch options as given on the command line; null where not given.</summary>
internal sealed record BatchSettings(string? OutputFolder, string? Manifest, int? Parallel, bool SkipUnchanged, bool Quiet)
{
    /// <summary>The shard to run (<c>--shard I/N</c>); null for every client.</summary>
    public BatchShard? Shard { get; init; }
}
