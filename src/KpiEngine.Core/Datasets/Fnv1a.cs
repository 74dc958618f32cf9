namespace KpiEngine.Datasets;

/// <summary>
/// The 32-bit FNV-1a hash of bytes: cheap, stable across processes and machines, and no protection against chosen
/// collisions (where one matters, hash with a seed, as <see cref="TextIds"/> does).
/// </summary>
internal static class Fnv1a
{
    /// <summary>The hash of <paramref name="bytes"/>.</summary>
    public static uint Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
