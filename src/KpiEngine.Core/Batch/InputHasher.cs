using System.Reflection;
using System.Security.Cryptography;
using KpiEngine.Definitions;

namespace KpiEngine.Batch;

/// <summary>
/// Content hashes of a client's inputs. SHA-256 because it ships with .NET (no package to
/// restore), is hardware-accelerated on current CPUs (well above the speed the CSV parser reads
/// at) and is the hash people expect to see in a summary they may check by hand.
/// </summary>
internal static class InputHasher
{
    /// <summary>Recorded for a dataset file that does not exist.</summary>
    public const string Missing = "missing";

    /// <summary>Recorded for a dataset file outside the folders the client may read: it is never opened.</summary>
    public const string Refused = "refused";

    /// <summary>The engine's informational version (with the commit, when the build records one).</summary>
    public static string EngineVersion { get; } =
        typeof(InputHasher).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(InputHasher).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>Hashes the client file, its includes and its dataset files; a client that did not load has only its own file.</summary>
    public static InputHashes For(string clientFile, KpiSet? set)
    {
        var definitions = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [clientFile] = Hash(clientFile),
        };
        foreach (var include in set?.Includes ?? [])
        {
            definitions[include] = Hash(include);
        }

        var data = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var dataset in set?.Datasets ?? [])
        {
            data[dataset.Path] = dataset.Refused ? Refused : Hash(dataset.Path);
        }

        return new InputHashes(definitions, data, EngineVersion);
    }

    /// <summary><c>sha256:&lt;hex&gt;</c> of the file's bytes, read as a stream; <see cref="Missing"/> when it does not exist.</summary>
    public static string Hash(string path)
    {
        try
        {
            // Only regular files: hashing a FIFO would wait for a writer, a device would never end.
            if (!File.Exists(path))
            {
                return Missing;
            }

            using var stream = InputFile.OpenRead(path, 1 << 16);
            return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Missing;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Never equal to a real hash, so an unreadable input is never taken as unchanged.
            return "unreadable: " + e.Message;
        }
    }

    /// <summary>True when both runs saw the same files with the same content.</summary>
    public static bool Same(InputHashes current, InputHashes previous) =>
        current.Engine == previous.Engine
        && SameEntries(current.Definitions, previous.Definitions)
        && SameEntries(current.Data, previous.Data);

    private static bool SameEntries(IReadOnlyDictionary<string, string> current, IReadOnlyDictionary<string, string> previous) =>
        current.Count == previous.Count
        && current.All(e => e.Value.StartsWith("sha256:", StringComparison.Ordinal) && previous.TryGetValue(e.Key, out var before) && before == e.Value);
}
