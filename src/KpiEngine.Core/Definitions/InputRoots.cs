namespace KpiEngine.Definitions;

/// <summary>
/// The folders a client file may read from: a client file is untrusted input, so its includes,
/// profile and data paths must stay inside them, or a file could pull <c>/etc/passwd</c> or another
/// client's data into its diagnostics and results. The folders are the client's project tree (see
/// <see cref="ProjectRoot"/>) and the folders the user names (<c>--allow-folder</c>). Links are
/// followed before comparing, so a link inside the tree to a file outside it is outside.
/// </summary>
internal sealed class InputRoots
{
    /// <summary>The folder that marks a project's root in the documented layout.</summary>
    internal const string DefinitionsFolder = "kpi-definitions";

    private readonly string[] _roots;

    private InputRoots(IEnumerable<string> roots)
    {
        _roots = [.. roots.Select(r => WithSeparator(RealPath(Path.GetFullPath(r)))).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The allowed folders, for messages.</summary>
    public IReadOnlyList<string> Folders => [.. _roots.Select(r => Path.TrimEndingDirectorySeparator(r))];

    /// <summary>The roots for a client (or catalog, profile) file and the extra folders the user allowed.</summary>
    public static InputRoots For(string definitionFile, IEnumerable<string> allowedFolders) =>
        new([ProjectRoot(Path.GetFullPath(definitionFile)), .. allowedFolders]);

    /// <summary>
    /// The project tree of a definition file: the nearest folder above it that holds a
    /// <c>kpi-definitions</c> folder (the documented layout, with <c>samples/</c> beside it); else
    /// the folder above the file's folder (clients in <c>clients/</c> beside <c>catalog/</c> and
    /// <c>data/</c>), unless that is the root of the file system, when the file's own folder is.
    /// </summary>
    public static string ProjectRoot(string fullPath)
    {
        var folder = Path.GetDirectoryName(fullPath)!;
        for (var candidate = folder; candidate is not null; candidate = Path.GetDirectoryName(candidate))
        {
            if (Directory.Exists(Path.Combine(candidate, DefinitionsFolder)))
            {
                return candidate;
            }
        }

        var parent = Path.GetDirectoryName(folder);
        return parent is null || Path.GetDirectoryName(parent) is null ? folder : parent;
    }

    /// <summary>True when <paramref name="fullPath"/> (links followed) is inside one of the folders.</summary>
    public bool Allows(string fullPath)
    {
        var real = RealPath(fullPath);
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return _roots.Any(root => real.StartsWith(root, comparison));
    }

    /// <summary>The message for a refused path and the suggestion to allow it.</summary>
    public (string Problem, string Suggestion) Refusal(string what, string fullPath)
    {
        var real = RealPath(Path.GetFullPath(fullPath));
        var link = real == Path.GetFullPath(fullPath) ? string.Empty : $" (a link to '{real}')";
        return ($"{what} '{fullPath}'{link} is outside the folders this client may read ({string.Join(", ", Folders)}).",
            $"Move the file into the project, or allow its folder with --allow-folder {Path.GetDirectoryName(real)}.");
    }

    private static string WithSeparator(string path) =>
        Path.EndsInDirectorySeparator(path) ? path : path + Path.DirectorySeparatorChar;

    /// <summary>The path with every link in it resolved (bounded, so a link loop ends).</summary>
    private static string RealPath(string fullPath)
    {
        var path = fullPath;
        for (var hops = 0; hops < 40; hops++)
        {
            var resolved = ResolveFirstLink(path);
            if (resolved is null)
            {
                return path;
            }

            path = resolved;
        }

        return path;
    }

    /// <summary>The path with its first (outermost) link replaced by its target; null when it holds none.</summary>
    private static string? ResolveFirstLink(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath) ?? string.Empty;
        var parts = fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = root;
        for (var i = 0; i < parts.Length; i++)
        {
            current = Path.Combine(current, parts[i]);
            string? target;
            try
            {
                target = new FileInfo(current).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            if (target is not null)
            {
                var resolved = Path.GetFullPath(target, Path.GetDirectoryName(current) ?? root);
                return Path.Combine([resolved, .. parts[(i + 1)..]]);
            }
        }

        return null;
    }
}
