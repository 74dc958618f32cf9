using System.Reflection;
using System.Security.Cryptography;
using KpiEngine.Definitions;

namespace KpiEngine.Reporting;

/// <summary>
/// What an output says it was made from: SHA-256 hashes of files and the engine's version. In
/// Reporting so that a report header and a batch's skip-unchanged check (Batch, above) use one
/// definition. SHA-256 because it ships with .NET (no package to restore), is hardware-accelerated
/// on current CPUs (well above the speed the CSV parser reads at) and is the hash people expect
/// to see in a summary they may check by hand.
/// </summary>
internal static class ContentHash
{
    /// <summary>Recorded for a file that does not exist.</summary>
    public const string Missing = "missing";

    /// <summary>The engine's informational version (with the commit, when the build records one).</summary>
    public static string EngineVersion { get; } =
        typeof(ContentHash).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ContentHash).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary><c>sha256:&lt;hex&gt;</c> of the file's bytes, read as a stream; <see cref="Missing"/> when it does not exist.</summary>
    public static string Of(string path)
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
}
