namespace KpiEngine.Batch;

/// <summary>
/// Expands file patterns the same way on every shell: <c>*</c> matches any run of characters
/// within one path segment, <c>?</c> one character, and a <c>**</c> segment any number of
/// folders (none included). Written here rather than taken from Microsoft.Extensions.FileSystemGlobbing,
/// which has no <c>?</c>.
/// </summary>
internal static class FileGlob
{
    private static readonly char[] Wildcards = ['*', '?'];

    private static StringComparison NameComparison =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>True when the text has a wildcard and so is a pattern rather than a path.</summary>
    public static bool IsPattern(string text) => text.IndexOfAny(Wildcards) >= 0;

    /// <summary>The full paths of the files matching <paramref name="pattern"/>, in ordinal order.</summary>
    /// <param name="pattern">The pattern; relative patterns start at <paramref name="baseFolder"/>. Both / and \ separate segments.</param>
    /// <param name="baseFolder">The folder relative patterns are taken from.</param>
    public static List<string> Match(string pattern, string baseFolder)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var root = Path.IsPathRooted(pattern) ? Path.GetPathRoot(pattern)! : baseFolder;
        var rest = Path.IsPathRooted(pattern) ? pattern[root.Length..] : pattern;
        var segments = rest.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (segments.Length > 0)
        {
            Walk(Path.GetFullPath(root), segments, 0, found);
        }

        return [.. found.Order(StringComparer.Ordinal)];
    }

    /// <summary>True when a file or folder name matches one pattern segment.</summary>
    public static bool MatchesSegment(string name, string segment)
    {
        var comparison = NameComparison;
        int n = 0, p = 0, starP = -1, starN = 0;
        while (n < name.Length)
        {
            if (p < segment.Length && segment[p] == '*')
            {
                starP = p++;
                starN = n;
            }
            else if (p < segment.Length && (segment[p] == '?' || string.Compare(name, n, segment, p, 1, comparison) == 0))
            {
                p++;
                n++;
            }
            else if (starP >= 0)
            {
                // Backtrack: let the last '*' take one more character.
                p = starP + 1;
                n = ++starN;
            }
            else
            {
                return false;
            }
        }

        while (p < segment.Length && segment[p] == '*')
        {
            p++;
        }

        return p == segment.Length;
    }

    private static void Walk(string folder, string[] segments, int index, HashSet<string> found)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        var segment = segments[index];
        var last = index == segments.Length - 1;
        if (segment == "**")
        {
            if (last)
            {
                // A trailing '**' means every file below the folder.
                AddFiles(folder, "*", found);
            }
            else
            {
                Walk(folder, segments, index + 1, found);
            }

            foreach (var sub in Directory.EnumerateDirectories(folder))
            {
                // Linked folders are not followed: a link to a parent would make '**' endless.
                if (new DirectoryInfo(sub).LinkTarget is null)
                {
                    Walk(sub, segments, index, found);
                }
            }

            return;
        }

        if (!IsPattern(segment))
        {
            var path = Path.Combine(folder, segment);
            if (!last)
            {
                Walk(Path.GetFullPath(path), segments, index + 1, found);
            }
            else if (File.Exists(path))
            {
                found.Add(Path.GetFullPath(path));
            }

            return;
        }

        if (last)
        {
            AddFiles(folder, segment, found);
            return;
        }

        foreach (var sub in Directory.EnumerateDirectories(folder))
        {
            if (MatchesSegment(Path.GetFileName(sub), segment))
            {
                Walk(sub, segments, index + 1, found);
            }
        }
    }

    private static void AddFiles(string folder, string segment, HashSet<string> found)
    {
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (MatchesSegment(Path.GetFileName(file), segment))
            {
                found.Add(file);
            }
        }
    }
}
