using System.Text;

namespace KpiEngine.Datasets;

/// <summary>
/// Reuses the string of a short text cell seen recently in the same column ("paid", "EUR",
/// a customer id), so a column of repeated values allocates once per distinct value, not per row.
/// A tiny direct-mapped cache: a collision just decodes again.
/// </summary>
internal sealed class TextPool
{
    private const int MaxPooledBytes = 32;
    private const int Entries = 256;

    private readonly byte[]?[] _keys = new byte[]?[Entries];
    private readonly string?[] _values = new string?[Entries];

    /// <summary>The text of <paramref name="utf8"/>, shared with an equal earlier cell when cached.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxPooledBytes)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        // FNV-1a over the bytes: cheap and spreads short ids well enough for a cache.
        var index = (int)(Fnv1a.Hash(utf8) % Entries);
        if (_keys[index] is { } key && utf8.SequenceEqual(key))
        {
            return _values[index]!;
        }

        var text = Encoding.UTF8.GetString(utf8);
        _keys[index] = utf8.ToArray();
        _values[index] = text;
        return text;
    }
}
