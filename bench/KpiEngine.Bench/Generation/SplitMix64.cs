namespace KpiEngine.Bench.Generation;

/// <summary>
/// A tiny, fast, fully specified random generator (Steele, Lea and Flood's SplitMix64), so the
/// generated files are byte-identical on every machine and runtime version.
/// </summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        _state += 0x9E3779B97F4A7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A whole number in [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public int Between(int low, int high) => low + (int)(Next() % (ulong)(high - low + 1));

    /// <summary><paramref name="value"/> scaled by a random fraction between low/1000 and high/1000, rounded down.</summary>
    public long Share(long value, int lowPerMille, int highPerMille) => value * Between(lowPerMille, highPerMille) / 1000;
}
