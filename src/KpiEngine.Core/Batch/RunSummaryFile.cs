using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using KpiEngine.Diagnostics;
using KpiEngine.Reporting;
using KpiEngine.Time;

namespace KpiEngine.Batch;

/// <summary>
/// Writes <c>run-summary.json</c> and reads back what <see cref="BatchOptions.SkipUnchanged"/>
/// needs from the previous one. Paths in the file are relative to the output folder with '/'
/// separators, so a summary stays valid when the whole tree moves or is checked out elsewhere.
/// </summary>
internal static class RunSummaryFile
{
    /// <summary>
    /// The version of the summary layout; bumped when a field changes meaning. 2: plugin hashes and
    /// every option that shapes outputs (a summary of version 1 is ignored, so every client runs once).
    /// </summary>
    public const int SchemaVersion = 2;

    /// <summary>
    /// The options that change what a client's outputs contain: with any of them changed, no client
    /// is skipped. <c>parallel</c> and <c>skip_unchanged</c> change only how the run goes.
    /// </summary>
    private static readonly string[] OutputOptions = ["grain", "from", "to", "include_inputs", "by", "trace", "plugins", "isolate_plugins", "plugin_timeout_s", "formats", "subtotals"];

    /// <summary>The option a shard's summary names its shard with (<c>"0/4"</c>).</summary>
    public const string ShardOption = "shard";

    public static void Write(Stream stream, BatchSummary summary) =>
        Write(stream, summary.EngineVersion, json => WriteOptions(json, summary.Options), summary.Clients, summary.Diagnostics, summary.Duration, summary.Options.OutputFolder);

    /// <summary>
    /// Writes a summary whose options are written by <paramref name="writeOptions"/> (a merge copies a
    /// shard's); <paramref name="folder"/> is the folder the paths are written relative to.
    /// </summary>
    public static void Write(Stream stream, string engine, Action<Utf8JsonWriter> writeOptions, IReadOnlyList<BatchClientSummary> clients,
        IReadOnlyList<Diagnostic> diagnostics, TimeSpan duration, string folder)
    {
        using var json = new Utf8JsonWriter(stream, WriterOptions);
        json.WriteStartObject();
        json.WriteNumber("schema", SchemaVersion);
        json.WriteString("engine", engine);
        json.WriteStartObject("options");
        writeOptions(json);
        json.WriteEndObject();

        json.WriteStartObject("totals");
        json.WriteNumber("clients", clients.Count);
        foreach (var status in Enum.GetValues<BatchClientStatus>())
        {
            json.WriteNumber(StatusText(status), clients.Count(c => c.Status == status));
        }

        json.WriteNumber("rows", clients.Sum(c => c.Rows));
        json.WriteNumber("duration_ms", Milliseconds(duration));
        json.WriteEndObject();

        json.WriteStartArray("clients");
        foreach (var client in clients)
        {
            WriteClient(json, client, folder);
        }

        json.WriteEndArray();
        WriteDiagnostics(json, diagnostics);
        json.WriteEndObject();
    }

    /// <summary>
    /// Reads every field of a client entry back, paths made absolute against <paramref name="folder"/>
    /// (the folder of the summary it comes from); throws <see cref="KeyNotFoundException"/>,
    /// <see cref="InvalidOperationException"/> or <see cref="FormatException"/> when a field is missing or wrong.
    /// </summary>
    public static BatchClientSummary ReadClient(JsonElement client, string folder)
    {
        var hashes = client.GetProperty("hashes");
        return new BatchClientSummary(
            Absolute(folder, client.GetProperty("file").GetString()!),
            client.GetProperty("client").GetString()!,
            ParseStatus(client.GetProperty("status").GetString()),
            client.GetProperty("kpis").GetInt32(),
            client.GetProperty("results").GetInt32(),
            client.GetProperty("undefined").GetInt32(),
            client.GetProperty("rows").GetInt64(),
            TimeSpan.FromMilliseconds(client.GetProperty("duration_ms").GetInt64()),
            [.. client.GetProperty("diagnostics").EnumerateArray().Select(ReadDiagnostic)],
            ReadInputHashes(hashes, folder),
            [.. client.GetProperty("outputs").EnumerateArray().Select(o => Absolute(folder, o.GetString()!))]);
    }

    /// <summary>The settings every summary is written with, so a merged summary has the bytes of an unsharded one.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The diagnostics of the run itself (the top-level <c>diagnostics</c>).</summary>
    public static IReadOnlyList<Diagnostic> ReadDiagnostics(JsonElement root) => [.. root.GetProperty("diagnostics").EnumerateArray().Select(ReadDiagnostic)];

    /// <summary>The output-shaping options of a parsed summary, as one comparable text.</summary>
    public static string OptionsKeyOf(JsonElement root) => OptionsKey(root.GetProperty("options"));

    private static void WriteOptions(Utf8JsonWriter json, BatchOptions options)
    {
        WriteOutputOptions(json, options);
        json.WriteNumber("parallel", options.MaxParallelism);
        json.WriteBoolean("skip_unchanged", options.SkipUnchanged);
        if (options.Shard is { } shard)
        {
            // Only in a shard's summary, so an unsharded summary (and a merged one) keeps its bytes.
            json.WriteString(ShardOption, shard.ToString());
        }
    }

    private static void WriteClient(Utf8JsonWriter json, BatchClientSummary client, string folder)
    {
        json.WriteStartObject();
        json.WriteString("file", Relative(folder, client.File));
        json.WriteString("client", client.Client);
        json.WriteString("status", StatusText(client.Status));
        json.WriteNumber("kpis", client.Kpis);
        json.WriteNumber("results", client.Results);
        json.WriteNumber("undefined", client.Undefined);
        json.WriteNumber("errors", client.Errors);
        json.WriteNumber("warnings", client.Warnings);
        json.WriteNumber("rows", client.Rows);
        json.WriteNumber("duration_ms", Milliseconds(client.Duration));
        json.WriteStartArray("outputs");
        foreach (var output in client.Outputs)
        {
            json.WriteStringValue(Relative(folder, output));
        }

        json.WriteEndArray();
        json.WriteStartObject("hashes");
        WriteHashes(json, "definitions", client.Hashes.Definitions, folder);
        WriteHashes(json, "data", client.Hashes.Data, folder);
        WriteHashes(json, "plugins", client.Hashes.Plugins, folder);
        json.WriteString("engine", client.Hashes.Engine);
        json.WriteEndObject();
        WriteDiagnostics(json, client.Diagnostics);
        json.WriteEndObject();
    }

    /// <summary>
    /// Reads the previous summary in <paramref name="folder"/>; null when there is none. A summary
    /// that cannot be read is reported as a warning and treated as none, so every client runs.
    /// </summary>
    public static PreviousRun? TryRead(string folder, string fileName, DiagnosticBag diagnostics)
    {
        var path = Path.Combine(folder, fileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            var root = document.RootElement;
            if (root.GetProperty("schema").GetInt32() != SchemaVersion)
            {
                return null;
            }

            var clients = new Dictionary<string, PreviousClient>(StringComparer.Ordinal);
            foreach (var client in root.GetProperty("clients").EnumerateArray())
            {
                var entry = ReadClient(client, folder);
                clients[entry.File] = new PreviousClient(
                    entry.Client, StatusText(entry.Status), entry.Kpis, entry.Results, entry.Undefined, entry.Outputs, entry.Hashes, entry.Diagnostics);
            }

            return new PreviousRun(OptionsKey(root.GetProperty("options")), clients);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            diagnostics.Add(
                DiagnosticCatalog.PreviousSummaryUnreadable,
                $"The previous run summary cannot be read ({e.Message}); every client runs again.",
                SourceSpan.At(path, 1, 0),
                "Delete the file if it was edited by hand; the next run writes a new one.");
            return null;
        }
    }

    /// <summary>The options that change what a client's outputs contain, as one comparable text.</summary>
    public static string OptionsKey(BatchOptions options)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            WriteOutputOptions(json, options);
            json.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return OptionsKey(document.RootElement);
    }

    public static string StatusText(BatchClientStatus status) => status switch
    {
        BatchClientStatus.Succeeded => "succeeded",
        BatchClientStatus.CompletedWithErrors => "completed_with_errors",
        BatchClientStatus.Failed => "failed",
        _ => "skipped",
    };

    private static BatchClientStatus ParseStatus(string? text)
    {
        foreach (var status in Enum.GetValues<BatchClientStatus>())
        {
            if (StatusText(status) == text)
            {
                return status;
            }
        }

        throw new FormatException($"'{text}' is not a client status.");
    }

    private static string OptionsKey(JsonElement options) =>
        string.Join(
            ';',
            OutputOptions.Select(name =>
                options.TryGetProperty(name, out var value) ? $"{name}={JsonSerializer.Serialize(value)}" : name));

    private static void WriteOutputOptions(Utf8JsonWriter json, BatchOptions options)
    {
        json.WriteString("grain", options.Evaluation.Grain switch
        {
            Grain.Day => "day",
            Grain.Week => "week",
            Grain.Quarter => "quarter",
            Grain.Year => "year",
            Grain.All => "all",
            _ => "month",
        });
        json.WriteString("from", options.Evaluation.From);
        json.WriteString("to", options.Evaluation.To);
        json.WriteBoolean("include_inputs", options.Evaluation.IncludeInputs);
        WriteTexts(json, "by", options.Evaluation.Dimensions);
        json.WriteBoolean("trace", options.Evaluation.Trace);
        WriteTexts(json, "plugins", options.Evaluation.PluginFolders.Select(Path.GetFullPath));
        json.WriteBoolean("isolate_plugins", options.Evaluation.IsolatePlugins);
        json.WriteNumber("plugin_timeout_s", options.Evaluation.PluginTimeout.TotalSeconds);
        json.WriteStartArray("formats");
        foreach (var format in options.Formats.Select(f => f.Name).Order(StringComparer.Ordinal))
        {
            json.WriteStringValue(format);
        }

        json.WriteEndArray();
        if (options.Evaluation.Subtotals)
        {
            // Only when on, so summaries of runs without subtotals keep their bytes (and their skip decisions).
            json.WriteBoolean("subtotals", true);
        }
    }

    /// <summary>A list in the order given: the order of <c>--by</c> columns and plugin folders changes outputs.</summary>
    private static void WriteTexts(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void WriteHashes(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string> hashes, string folder)
    {
        json.WriteStartObject(name);
        foreach (var (file, hash) in hashes.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            json.WriteString(Relative(folder, file), hash);
        }

        json.WriteEndObject();
    }

    private static void WriteDiagnostics(Utf8JsonWriter json, IReadOnlyList<Diagnostic> diagnostics)
    {
        json.WriteStartArray("diagnostics");
        foreach (var diagnostic in diagnostics)
        {
            ResultWriters.WriteDiagnostic(json, diagnostic);
        }

        json.WriteEndArray();
    }

    private static InputHashes ReadInputHashes(JsonElement hashes, string folder) =>
        new(ReadHashes(hashes.GetProperty("definitions"), folder), ReadHashes(hashes.GetProperty("data"), folder), hashes.GetProperty("engine").GetString()!)
        {
            Plugins = ReadHashes(hashes.GetProperty("plugins"), folder),
        };

    private static Dictionary<string, string> ReadHashes(JsonElement element, string folder) =>
        element.EnumerateObject().ToDictionary(p => Absolute(folder, p.Name), p => p.Value.GetString()!, StringComparer.Ordinal);

    private static Diagnostic ReadDiagnostic(JsonElement element)
    {
        SourceSpan? span = element.TryGetProperty("file", out var file)
            ? SourceSpan.At(file.GetString()!, element.GetProperty("line").GetInt32(), element.GetProperty("column").GetInt32())
            : null;
        var severity = element.GetProperty("severity").GetString() switch
        {
            "error" => DiagnosticSeverity.Error,
            "warning" => DiagnosticSeverity.Warning,
            _ => DiagnosticSeverity.Info,
        };
        return new Diagnostic(
            element.GetProperty("id").GetString()!,
            severity,
            element.GetProperty("message").GetString()!,
            span,
            element.TryGetProperty("suggestion", out var suggestion) ? suggestion.GetString() : null);
    }

    private static long Milliseconds(TimeSpan duration) => (long)Math.Round(duration.TotalMilliseconds);

    private static string Relative(string folder, string path) => Path.GetRelativePath(folder, path).Replace('\\', '/');

    private static string Absolute(string folder, string relative) => Path.GetFullPath(relative, folder);
}

/// <summary>What the previous run summary says: its options and each client's entry, by full path.</summary>
internal sealed record PreviousRun(string OptionsKey, IReadOnlyDictionary<string, PreviousClient> Clients);

/// <summary>One client's entry in the previous run summary.</summary>
internal sealed record PreviousClient(
    string Client,
    string Status,
    int Kpis,
    int Results,
    int Undefined,
    IReadOnlyList<string> Outputs,
    InputHashes Hashes,
    IReadOnlyList<Diagnostic> Diagnostics);
