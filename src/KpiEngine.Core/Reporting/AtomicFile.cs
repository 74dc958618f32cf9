using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using KpiEngine.Datasets;

namespace KpiEngine.Reporting;

/// <summary>One file of <see cref="AtomicFile.WriteAll"/>: where it goes and what writes its bytes.</summary>
/// <param name="Path">The target path.</param>
/// <param name="Write">Writes the whole content to the stream it is given.</param>
public sealed record PendingFile(string Path, Action<Stream> Write);

/// <summary>
/// The one way every output is written (<c>kpi run --out</c>, each file of a batch, the run summary),
/// so that readers see either the old content or the complete new content, and nothing but a
/// regular file is ever replaced:
/// <list type="number">
/// <item>each target is checked (<see cref="OutputTarget.Problem"/>): a folder, a symbolic link, a named pipe,
/// a device or a socket is refused with an <see cref="OutputTargetException"/> and left as it is;</item>
/// <item>the bytes go to a temporary file in the target's folder (a crash leaves at most that file,
/// which the next write of that path, or the next batch into the folder, removes);</item>
/// <item>only when every file of the group is complete are they renamed over their targets; if a
/// rename fails, the targets renamed before it get their previous content back.</item>
/// </list>
/// </summary>
public static partial class AtomicFile
{
    /// <summary>How long a temporary file written on another machine (a shared folder) is kept before it counts as left behind.</summary>
    public static readonly TimeSpan ForeignTemporaryAge = TimeSpan.FromDays(1);

    // Which machine wrote a temporary file: its name's 32-bit FNV-1a hash, in eight hex digits. Names are only told apart
    // here, not kept secret; a cryptographic hash (or random number) loaded OpenSSL into every run, ~15 ms before its output.
    private static readonly string Machine = MachineTag(Environment.MachineName);

    /// <summary>
    /// Writes <paramref name="path"/> through <paramref name="write"/>; the stream is complete when the
    /// rename happens. First removes the temporary files a killed earlier write of this path left.
    /// </summary>
    /// <exception cref="OutputTargetException">The path names something other than a regular file; nothing was written.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        RemoveLeftovers(Path.GetDirectoryName(full)!, Path.GetFileName(full));
        WriteAll([new PendingFile(full, write)]);
    }

    /// <summary>
    /// Writes several files as one: either all of them get their new content, or none does. A
    /// writer that throws, a target that is not a regular file, or a failed rename leaves every
    /// target as it was, and the exception is passed on. Leftovers of killed writes are not looked
    /// for here (a batch writing thousands of files would list its folder once per file): the
    /// caller removes them once per folder with <see cref="RemoveLeftovers"/>, as a batch does.
    /// </summary>
    /// <exception cref="OutputTargetException">A path names something other than a regular file; nothing was written.</exception>
    public static void WriteAll(IReadOnlyList<PendingFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var targets = files.Select(f => Path.GetFullPath(f.Path)).ToList();
        foreach (var target in targets)
        {
            OutputTarget.Check(target);
        }

        var temporaries = new string?[files.Count];
        var backups = new string?[files.Count];
        try
        {
            for (var i = 0; i < files.Count; i++)
            {
                var folder = Path.GetDirectoryName(targets[i])!;
                Directory.CreateDirectory(folder);
                temporaries[i] = TemporaryName(targets[i], "tmp");
                using var stream = new FileStream(temporaries[i]!, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024);
                files[i].Write(stream);
                stream.Flush(flushToDisk: true);
            }

            if (files.Count > 1)
            {
                // Copies, not renames, so every target stays readable with its old content until its own rename.
                for (var i = 0; i < files.Count; i++)
                {
                    if (File.Exists(targets[i]))
                    {
                        backups[i] = TemporaryName(targets[i], "old");
                        File.Copy(targets[i], backups[i]!);
                    }
                }
            }

            Commit(targets, temporaries, backups);
        }
        finally
        {
            foreach (var leftover in temporaries.Concat(backups).OfType<string>())
            {
                File.Delete(leftover);
            }
        }
    }

    /// <summary>
    /// Removes the temporary files a killed or crashed write left in <paramref name="folder"/>
    /// (<c>.&lt;name&gt;.kpi-&lt;machine&gt;-&lt;process&gt;-&lt;random&gt;.tmp</c>): those of a process of
    /// this machine that is no longer running, and those of another machine older than
    /// <see cref="ForeignTemporaryAge"/>. A running writer's files are never touched.
    /// </summary>
    /// <param name="folder">The folder to clean.</param>
    /// <param name="forFile">Only the temporary files of this target file name; null for all.</param>
    /// <param name="time">The clock the age of another machine's files is measured with; the system clock by default.</param>
    /// <returns>How many files were removed.</returns>
    public static int RemoveLeftovers(string folder, string? forFile = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var now = (time ?? TimeProvider.System).GetUtcNow();
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var removed = 0;
        var pattern = forFile is null ? ".*.kpi-*" : $".{forFile}.kpi-*";
        foreach (var path in Directory.EnumerateFiles(folder, pattern, SearchOption.TopDirectoryOnly))
        {
            var match = TemporaryPattern().Match(Path.GetFileName(path));
            if (match.Success && (forFile is null || match.Groups["file"].Value == forFile) && IsLeftOver(path, match, now))
            {
                try
                {
                    File.Delete(path);
                    removed++;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Another cleaner got there first, or the file is not ours to remove: the next run tries again.
                }
            }
        }

        return removed;
    }

    private static void Commit(List<string> targets, string?[] temporaries, string?[] backups)
    {
        for (var i = 0; i < targets.Count; i++)
        {
            try
            {
                // Checked again right before the rename: the first check was before the (maybe long) write.
                OutputTarget.Check(targets[i]);
                File.Move(temporaries[i]!, targets[i], overwrite: true);
                temporaries[i] = null;
            }
            catch
            {
                Restore(targets, backups, i);
                throw;
            }
        }
    }

    /// <summary>Puts the previous content back into the targets renamed before <paramref name="failed"/> (or removes them when they were new).</summary>
    private static void Restore(List<string> targets, string?[] backups, int failed)
    {
        for (var i = 0; i < failed; i++)
        {
            if (backups[i] is { } backup)
            {
                File.Move(backup, targets[i], overwrite: true);
                backups[i] = null;
            }
            else
            {
                File.Delete(targets[i]);
            }
        }
    }

    private static string TemporaryName(string target, string extension) => Path.Combine(
        Path.GetDirectoryName(target)!,
        $".{Path.GetFileName(target)}.kpi-{Machine}-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Random.Shared.GetHexString(12, lowercase: true)}.{extension}");

    /// <summary>The eight hex digits that stand for a machine's name in its temporary files' names.</summary>
    internal static string MachineTag(string machineName) =>
        Fnv1a.Hash(Encoding.UTF8.GetBytes(machineName)).ToString("x8", CultureInfo.InvariantCulture);

    private static bool IsLeftOver(string path, Match match, DateTimeOffset now)
    {
        if (match.Groups["machine"].Value != Machine)
        {
            return File.GetLastWriteTimeUtc(path) < (now - ForeignTemporaryAge).UtcDateTime;
        }

        var process = int.Parse(match.Groups["process"].Value, CultureInfo.InvariantCulture);
        if (process == Environment.ProcessId)
        {
            return false;
        }

        try
        {
            using var running = Process.GetProcessById(process);
            return running.HasExited;
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
    }

    [GeneratedRegex(@"^\.(?<file>.+)\.kpi-(?<machine>[0-9a-f]{8})-(?<process>\d{1,10})-[0-9a-f]{12}\.(tmp|old)$")]
    private static partial Regex TemporaryPattern();
}
