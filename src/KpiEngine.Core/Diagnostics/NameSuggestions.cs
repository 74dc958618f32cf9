namespace KpiEngine.Diagnostics;

/// <summary>"Did you mean ...?" for misspelled keys, names, columns and functions.</summary>
public static class NameSuggestions
{
    /// <summary>
    /// The candidate closest to <paramref name="name"/> by edit distance (case-insensitive,
    /// transpositions count as one edit), if it is close enough to be a plausible typo. Never the
    /// name itself: when <paramref name="name"/> is among the candidates exactly, the problem is not
    /// its spelling, so there is no suggestion (the caller's message must say what is wrong).
    /// </summary>
    public static string? Nearest(string name, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(candidates);
        var list = candidates as IReadOnlyCollection<string> ?? [.. candidates];
        if (list.Contains(name, StringComparer.Ordinal))
        {
            return null;
        }

        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in list)
        {
            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }

            var distance = Distance(name.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        // Allow about one edit per three characters: "formla" -> "formula", but not "x" -> "id".
        var allowed = Math.Max(1, name.Length / 3);
        return best is not null && bestDistance <= allowed ? best : null;
    }

    /// <summary>Formats the suggestion sentence, or null when there is nothing to suggest.</summary>
    public static string? DidYouMean(string name, IEnumerable<string> candidates) =>
        Nearest(name, candidates) is { } nearest ? $"Did you mean '{nearest}'?" : null;

    /// <summary>
    /// For a file that does not exist, the closest name among the files in its folder
    /// (<c>order.csv</c> -> <c>orders.csv</c>), as a sentence; null when the folder is missing or nothing is close.
    /// </summary>
    public static string? DidYouMeanFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is null || !Directory.Exists(folder))
        {
            return null;
        }

        var names = Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>();
        return Nearest(Path.GetFileName(path), names) is { } nearest ? $"Did you mean '{nearest}'?" : null;
    }

    /// <summary>Optimal string alignment distance (Damerau-Levenshtein without repeated edits of a substring).</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
