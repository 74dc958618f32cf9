using KpiEngine.Definitions;
using KpiEngine.Plugins;
using KpiEngine.Reporting;

namespace KpiEngine.Batch;

/// <summary>Content hashes of a client's inputs (SHA-256, see <see cref="ContentHash"/>).</summary>
internal static class InputHasher
{
    /// <summary>Recorded for a dataset file that does not exist.</summary>
    public const string Missing = ContentHash.Missing;

    /// <summary>Recorded for a dataset file outside the folders the client may read: it is never opened.</summary>
    public const string Refused = "refused";

    /// <summary>Recorded for a database table or query: its rows cannot be hashed without reading them all, so such a client is never skipped.</summary>
    public const string FromDatabase = "database: read at every run";

    /// <summary>The engine's informational version (see <see cref="ContentHash.EngineVersion"/>).</summary>
    public static string EngineVersion => ContentHash.EngineVersion;

    /// <summary>
    /// Hashes everything a client's outputs are made from besides the options: the client file,
    /// its includes (catalogs, goal template files), its profile and every profile that one extends
    /// (the benchmarks), its dataset files, and, when one of its KPIs is a plugin metric, every file
    /// in the plugin folders it searches. A client that did not load has only its own file.
    /// </summary>
    public static InputHashes For(string clientFile, KpiSet? set, BatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var definitions = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [clientFile] = Hash(clientFile),
        };
        foreach (var include in set?.Includes ?? [])
        {
            definitions[include] = Hash(include);
        }

        for (var profile = set?.Profile; profile is not null; profile = profile.Base)
        {
            definitions[profile.SourceFile] = Hash(profile.SourceFile);
        }

        var data = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var dataset in set?.Datasets ?? [])
        {
            data[dataset.Path] = dataset.Refused ? Refused : dataset.Source is not null ? FromDatabase : Hash(dataset.Path);
        }

        var plugins = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (set is not null && set.Kpis.Any(k => k.Plugin is not null))
        {
            foreach (var folder in PluginCatalog.SearchFolders(set.SourceFile, options.Evaluation.PluginFolders, set.PluginFolders))
            {
                HashFolder(folder, plugins);
            }
        }

        return new InputHashes(definitions, data, EngineVersion) { Plugins = plugins };
    }

    /// <summary>Every file below a plugin folder (assemblies, their dependencies, deps.json); a missing folder is recorded as such.</summary>
    private static void HashFolder(string folder, SortedDictionary<string, string> hashes)
    {
        if (!Directory.Exists(folder))
        {
            hashes[folder] = Missing;
            return;
        }

        try
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                hashes[file] = Hash(file);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            hashes[folder] = "unreadable: " + e.Message;
        }
    }

    /// <summary><c>sha256:&lt;hex&gt;</c> of the file's bytes (see <see cref="ContentHash.Of"/>).</summary>
    public static string Hash(string path) => ContentHash.Of(path);

    /// <summary>True when both runs saw the same files with the same content.</summary>
    public static bool Same(InputHashes current, InputHashes previous) =>
        current.Engine == previous.Engine
        && SameEntries(current.Definitions, previous.Definitions)
        && SameEntries(current.Data, previous.Data)
        && SameEntries(current.Plugins, previous.Plugins);

    private static bool SameEntries(IReadOnlyDictionary<string, string> current, IReadOnlyDictionary<string, string> previous) =>
        current.Count == previous.Count
        && current.All(e => e.Value.StartsWith("sha256:", StringComparison.Ordinal) && previous.TryGetValue(e.Key, out var before) && before == e.Value);
}
