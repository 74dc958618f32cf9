using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using KpiEngine.Diagnostics;
using KpiEngine.Reporting;

namespace KpiEngine.Batch;

/// <summary>
/// Combines the summaries of the shards of one batch (<c>run-summary.shard-I-of-N.json</c>) into one
/// <c>run-summary.json</c> with the bytes an unsharded run writes, but for durations: clients in the
/// ordinal order of their full paths, totals recounted, the run's own diagnostics in shard order, and
/// the duration of the longest shard (the wall time when the shards run at once). It refuses (KPI5050,
/// nothing written) when a shard is missing or there twice, when a summary cannot be read, or when the
/// shards ran with different engines or output options, since the merged summary would then not
/// describe one batch.
/// </summary>
public static partial class RunSummaryMerge
{
    /// <summary>
    /// Merges the shard summaries found in <paramref name="sources"/> (folders, or summary files) into
    /// <paramref name="target"/>; null with the reasons in <paramref name="diagnostics"/> when they cannot be merged.
    /// </summary>
    public static BatchSummary? Merge(IReadOnlyList<string> sources, string target, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(diagnostics);
        target = Path.GetFullPath(target);
        var shards = new List<ShardSummary>();
        foreach (var source in sources.Select(s => Path.GetFullPath(s)))
        {
            foreach (var file in SummaryFiles(source, diagnostics))
            {
                if (Read(file, diagnostics) is { } shard)
                {
                    shards.Add(shard);
                }
            }
        }

        if (diagnostics.HasErrors || !Consistent(shards, diagnostics))
        {
            return null;
        }

        shards.Sort((a, b) => a.Index.CompareTo(b.Index));
        var folder = Path.GetDirectoryName(target)!;
        var clients = shards.SelectMany(s => s.Clients).OrderBy(c => c.File, StringComparer.Ordinal).ToList();
        var first = shards[0];
        var summary = new BatchSummary(
            new BatchOptions { ClientFiles = [.. clients.Select(c => c.File)], OutputFolder = folder, MaxParallelism = first.Parallel },
            first.Engine,
            clients,
            [.. shards.SelectMany(s => s.Diagnostics)],
            shards.Max(s => s.Duration),
            target);
        try
        {
            AtomicFile.Write(target, stream => RunSummaryFile.Write(stream, summary.EngineVersion, first.WriteOptions, clients, summary.Diagnostics, summary.Duration, folder));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(e is OutputTargetException ? DiagnosticCatalog.OutputTargetRefused : DiagnosticCatalog.OutputFailed,
                $"The merged run summary could not be written: {e.Message}", SourceSpan.At(target, 1, 0));
            return null;
        }

        return summary;
    }

    [GeneratedRegex(@"^run-summary\.shard-([0-9]+)-of-([0-9]+)\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex ShardFileName();

    private static List<string> SummaryFiles(string source, DiagnosticBag diagnostics)
    {
        if (File.Exists(source))
        {
            return [source];
        }

        if (!Directory.Exists(source))
        {
            diagnostics.Add(DiagnosticCatalog.ShardMergeRefused, $"'{source}' is neither a folder nor a shard summary file.", SourceSpan.At(source, 1, 0),
                "Name the output folders the shards wrote to (or their run-summary.shard-I-of-N.json files).");
            return [];
        }

        var files = Directory.EnumerateFiles(source).Where(f => ShardFileName().IsMatch(Path.GetFileName(f))).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            diagnostics.Add(DiagnosticCatalog.ShardMergeRefused, $"'{source}' holds no shard summary (run-summary.shard-I-of-N.json).", SourceSpan.At(source, 1, 0),
                "Run the shards with 'kpi run --manifest M --shard I/N --out-dir DIR' first.");
        }

        return files;
    }

    private static ShardSummary? Read(string file, DiagnosticBag diagnostics)
    {
        try
        {
            using var stream = File.OpenRead(file);
            using var document = JsonDocument.Parse(stream);
            var root = document.RootElement;
            if (root.GetProperty("schema").GetInt32() != RunSummaryFile.SchemaVersion)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                    $"it has summary schema {root.GetProperty("schema").GetInt32()}, this kpi writes {RunSummaryFile.SchemaVersion}"));
            }

            var options = root.GetProperty("options");
            var shardText = options.TryGetProperty(RunSummaryFile.ShardOption, out var value) ? value.GetString() ?? string.Empty
                : throw new FormatException("it is not a shard's summary (its options name no shard)");
            var shard = BatchShard.Parse(shardText, out var problem) ?? throw new FormatException(problem);
            var folder = Path.GetDirectoryName(file)!;
            var copy = options.Clone();
            return new ShardSummary(
                file,
                shard.Index,
                shard.Count,
                root.GetProperty("engine").GetString()!,
                RunSummaryFile.OptionsKeyOf(root),
                options.GetProperty("parallel").GetInt32(),
                json =>
                {
                    foreach (var property in copy.EnumerateObject().Where(p => p.Name != RunSummaryFile.ShardOption))
                    {
                        property.WriteTo(json);
                    }
                },
                [.. root.GetProperty("clients").EnumerateArray().Select(c => RunSummaryFile.ReadClient(c, folder))],
                RunSummaryFile.ReadDiagnostics(root),
                TimeSpan.FromMilliseconds(root.GetProperty("totals").GetProperty("duration_ms").GetInt64()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            diagnostics.Add(DiagnosticCatalog.ShardMergeRefused, $"Shard summary '{file}' cannot be read: {e.Message}.", SourceSpan.At(file, 1, 0),
                "Run that shard again; it rewrites its summary.");
            return null;
        }
    }

    /// <summary>Every shard of one count there exactly once, with one engine and the same output options; no client in two shards.</summary>
    private static bool Consistent(List<ShardSummary> shards, DiagnosticBag diagnostics)
    {
        var counts = shards.Select(s => s.Count).Distinct().Order().ToList();
        if (counts.Count > 1)
        {
            diagnostics.Add(DiagnosticCatalog.ShardMergeRefused,
                $"The summaries come from batches split {string.Join(" and ", counts.Select(Text))} ways: {string.Join(", ", shards.Select(s => Path.GetFileName(s.File)))}.",
                SourceSpan.At(shards[0].File, 1, 0), "Delete the summaries of the old split, or name only the folders of one batch.");
            return false;
        }

        var byIndex = new Dictionary<int, ShardSummary>();
        foreach (var shard in shards)
        {
            if (!byIndex.TryAdd(shard.Index, shard))
            {
                diagnostics.Add(DiagnosticCatalog.ShardMergeRefused, $"Shard {Text(shard.Index)}/{Text(shard.Count)} has two summaries: '{byIndex[shard.Index].File}' and '{shard.File}'.",
                    SourceSpan.At(shard.File, 1, 0), "Name each output folder once, and only the folders of one batch.");
            }
        }

        var count = counts[0];
        var missing = Enumerable.Range(0, count).Where(i => !byIndex.ContainsKey(i)).ToList();
        if (missing.Count > 0)
        {
            diagnostics.Add(DiagnosticCatalog.ShardMergeRefused,
                $"{Text(missing.Count)} of {Text(count)} shards have no summary: {string.Join(", ", missing.Take(20).Select(i => $"{Text(i)}/{Text(count)}"))}{(missing.Count > 20 ? ", ..." : string.Empty)}.",
                SourceSpan.At(shards[0].File, 1, 0), "Run the missing shards (with --skip-unchanged a retry only runs what changed), then merge again.");
        }

        foreach (var shard in shards.Skip(1))
        {
            if (shard.Engine != shards[0].Engine || shard.OptionsKey != shards[0].OptionsKey)
            {
                diagnostics.Add(DiagnosticCatalog.ShardMergeRefused,
                    $"Shard {Text(shard.Index)}/{Text(count)} ran with {(shard.Engine != shards[0].Engine ? $"engine {shard.Engine}" : "other output options")} than shard {Text(shards[0].Index)}/{Text(count)}, so their outputs are not one batch.",
                    SourceSpan.At(shard.File, 1, 0), "Run every shard with the same kpi and the same manifest and options.");
            }
        }

        var owners = new Dictionary<string, ShardSummary>(StringComparer.Ordinal);
        foreach (var shard in shards)
        {
            foreach (var client in shard.Clients.Where(c => !owners.TryAdd(c.File, shard)))
            {
                diagnostics.Add(DiagnosticCatalog.ShardMergeRefused,
                    $"Client file '{client.File}' is in the summaries of shards {Text(owners[client.File].Index)} and {Text(shard.Index)}.",
                    SourceSpan.At(shard.File, 1, 0), "A summary is left from another batch: run that shard again.");
            }
        }

        return !diagnostics.HasErrors;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record ShardSummary(
        string File,
        int Index,
        int Count,
        string Engine,
        string OptionsKey,
        int Parallel,
        Action<Utf8JsonWriter> WriteOptions,
        IReadOnlyList<BatchClientSummary> Clients,
        IReadOnlyList<Diagnostic> Diagnostics,
        TimeSpan Duration);
}
