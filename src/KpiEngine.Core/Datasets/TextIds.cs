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
    // A slot holds a text's hash in its high half and its number in its low half, so a probe reads one
    // number and compares bytes only when the hashes agree; -1 is an empty slot.
    private long[] _slots = CreateSlots(256);
    private readonly List<byte[]> _keys = [];
    private readonly List<string> _texts = [];

    // Each process hashes differently, so no file can be made to collide on purpose.
    private static readonly ulong Seed = (ulong)Random.Shared.NextInt64();

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
            var entry = _slots[slot];
            if (entry < 0)
            {
                return TryAdd(utf8, hash, slot, out id);
            }

            id = (int)entry;
            if ((int)(entry >> 32) == hash && utf8.SequenceEqual(_keys[id]))
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
        _texts.Add(Encoding.UTF8.GetString(utf8));
        _slots[slot] = Entry(hash, id);
        if (_texts.Count * 2 > _slots.Length)
        {
            Grow();
        }

        return true;
    }

    private static long Entry(int hash, int id) => ((long)hash << 32) | (uint)id;

    private void Grow()
    {
        _slots = CreateSlots(_slots.Length * 2);
        var mask = _slots.Length - 1;
        for (var id = 0; id < _keys.Count; id++)
        {
            var hash = Hash(_keys[id]);
            var slot = hash & mask;
            while (_slots[slot] >= 0)
            {
                slot = (slot + 1) & mask;
            }

            _slots[slot] = Entry(hash, id);
        }
    }

    private static long[] CreateSlots(int length)
    {
        var slots = new long[length];
        Array.Fill(slots, -1L);
        return slots;
    }

    /// <summary>
    /// A non-negative hash of the bytes, eight at a time (dimension texts such as client ids are short,
    /// and this runs once per row): multiply-xorshift mixing of each word with the length and a seed.
    /// </summary>
    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        const ulong Multiplier = 0x9E3779B97F4A7C15UL;
        var hash = Seed ^ ((ulong)utf8.Length * Multiplier);
        while (utf8.Length >= sizeof(ulong))
        {
            hash = Mix(hash ^ MemoryMarshal.Read<ulong>(utf8));
            utf8 = utf8[sizeof(ulong)..];
        }

        if (!utf8.IsEmpty)
        {
            var tail = 0UL;
            for (var i = 0; i < utf8.Length; i++)
            {
                tail |= (ulong)utf8[i] << (8 * i);
            }

            hash = Mix(hash ^ tail);
        }

        return (int)(hash >> 33);

        static ulong Mix(ulong value)
        {
            value *= Multiplier;
            return value ^ (value >> 29);
        }
    }
}
