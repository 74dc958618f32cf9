using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace KpiEngine.Datasets;

/// <summary>
/// Numbers the distinct texts of one column as they are first met (0, 1, 2, …), straight from their
/// UTF-8 bytes: a grouped scan looks a row's group up by a small number instead of decoding, hashing
/// and comparing a string per row. An open-addressing table over the bytes; each text is decoded once.
/// Not thread-safe: one per scan pass.
/// </summary>
internal sealed class TextIds
{
    private int[] _slots = CreateSlots(256);
    private readonly List<byte[]> _keys = [];
    private readonly List<int> _hashes = [];
    private readonly List<string> _texts = [];

    /// <summary>How many distinct texts were numbered.</summary>
    public int Count => _texts.Count;

    /// <summary>The text numbered <paramref name="id"/>.</summary>
    public string Text(int id) => _texts[id];

    /// <summary>
    /// The number of <paramref name="utf8"/>, numbering it when new; false for bytes that are not valid
    /// UTF-8, which the row path reports instead of decoding them into replacement characters.
    /// </summary>
    public bool TryGet(ReadOnlySpan<byte> utf8, out int id)
    {
        var hash = Hash(utf8);
        var mask = _slots.Length - 1;
        for (var slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            id = _slots[slot];
            if (id < 0)
            {
                return TryAdd(utf8, hash, slot, out id);
            }

            if (_hashes[id] == hash && utf8.SequenceEqual(_keys[id]))
            {
                return true;
            }
        }
    }

    private bool TryAdd(ReadOnlySpan<byte> utf8, int hash, int slot, out int id)
    {
        if (!Utf8.IsValid(utf8))
        {
            id = -1;
            return false;
        }

        id = _texts.Count;
        _keys.Add(utf8.ToArray());
        _hashes.Add(hash);
        _texts.Add(Encoding.UTF8.GetString(utf8));
        _slots[slot] = id;
        if (_texts.Count * 2 > _slots.Length)
        {
            Grow();
        }

        return true;
    }

    private void Grow()
    {
        _slots = CreateSlots(_slots.Length * 2);
        var mask = _slots.Length - 1;
        for (var id = 0; id < _hashes.Count; id++)
        {
            var slot = _hashes[id] & mask;
            while (_slots[slot] >= 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = id;
        }
    }

    private static int[] CreateSlots(int length)
    {
        var slots = new int[length];
        Array.Fill(slots, -1);
        return slots;
    }

    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = default(HashCode);
        hash.AddBytes(utf8);
        return hash.ToHashCode() & int.MaxValue;
    }
}
