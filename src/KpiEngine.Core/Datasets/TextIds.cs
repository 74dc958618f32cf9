using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using KpiEngine.Expressions;

namespace KpiEngine.Datasets;

/// <summary>
/// Numbers the distinct texts of one column as they are first met (0, 1, 2, …), straight from their
/// UTF-8 bytes: a grouped scan looks a row's group up by a small number instead of decoding, hashing
/// and comparing a string per row. An open-addressing table over the bytes; each text is decoded once.
/// A text of up to 16 bytes (client ids, channels, countries) is held as two words beside its length
/// and compared as such, without reaching for its bytes elsewhere in memory.
/// Not thread-safe: one per scan pass.
/// </summary>
internal sealed class TextIds
{
    /// <summary>The longest text compared by its words.</summary>
    private const int ShortBytes = 2 * sizeof(ulong);

    // A slot holds a text's hash in its high half and its number in its low half, so a probe reads one
    // number and compares the text only when the hashes agree; -1 is an empty slot.
    private long[] _slots = CreateSlots(256);
    private readonly List<byte[]> _keys = [];
    private readonly List<string> _texts = [];

    // Each text's words and length by number (a longer text has its length and no words).
    private ShortKey[] _shortKeys = new ShortKey[64];

    // Each process hashes differently, so no file can be made to collide on purpose.
    private static readonly ulong Seed = (ulong)Random.Shared.NextInt64();

    private const ulong Multiplier = 0x9E3779B97F4A7C15UL;

    /// <summary>How many distinct texts were numbered.</summary>
    public int Count => _texts.Count;

    /// <summary>The text numbered <paramref name="id"/>.</summary>
    public string Text(int id) => _texts[id];

    /// <summary>
    /// The number of <paramref name="utf8"/>, numbering it when new; false for bytes that are not valid
    /// UTF-8, which the row path reports instead of decoding them into replacement characters.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public bool TryGet(ReadOnlySpan<byte> utf8, out int id)
    {
        var isShort = utf8.Length <= ShortBytes;
        var key = isShort ? ShortKey.Of(utf8) : default;
        var hash = isShort ? key.Hash() : LongHash(utf8);
        var mask = _slots.Length - 1;
        for (var slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            var entry = _slots[slot];
            if (entry < 0)
            {
                return TryAdd(utf8, hash, slot, out id);
            }

            id = (int)entry;
            if ((int)(entry >> 32) == hash && (isShort ? _shortKeys[id].Is(key) : utf8.SequenceEqual(_keys[id])))
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
        if (id == _shortKeys.Length)
        {
            Array.Resize(ref _shortKeys, _shortKeys.Length * 2);
        }

        // A longer text keeps its length (and no words), so no short text's key can equal it.
        _shortKeys[id] = utf8.Length <= ShortBytes ? ShortKey.Of(utf8) : new ShortKey(0, 0, utf8.Length);
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
            var hash = _keys[id].Length <= ShortBytes ? _shortKeys[id].Hash() : LongHash(_keys[id]);
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

    /// <summary>Multiply-xorshift mixing of one word into a hash.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong value)
    {
        value *= Multiplier;
        return value ^ (value >> 29);
    }

    /// <summary>A non-negative hash of a text longer than <see cref="ShortBytes"/>, eight bytes at a time, mixed with its length and the seed.</summary>
    private static int LongHash(ReadOnlySpan<byte> utf8)
    {
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
    }

    /// <summary>
    /// A text of at most <see cref="ShortBytes"/> bytes as two words and its length, which together name every byte:
    /// from 8 bytes on, the first eight and the last eight (overlapping); from 4, the first four and the last four
    /// in one word; below, the bytes one by one.
    /// </summary>
    private readonly record struct ShortKey(ulong First, ulong Last, int Length)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ShortKey Of(ReadOnlySpan<byte> utf8)
        {
            if (utf8.Length >= sizeof(ulong))
            {
                return new(MemoryMarshal.Read<ulong>(utf8), MemoryMarshal.Read<ulong>(utf8[^sizeof(ulong)..]), utf8.Length);
            }

            if (utf8.Length >= sizeof(uint))
            {
                return new(MemoryMarshal.Read<uint>(utf8) | ((ulong)MemoryMarshal.Read<uint>(utf8[^sizeof(uint)..]) << 32), 0, utf8.Length);
            }

            var word = 0UL;
            for (var i = 0; i < utf8.Length; i++)
            {
                word |= (ulong)utf8[i] << (8 * i);
            }

            return new(word, 0, utf8.Length);
        }

        /// <summary>True when both name the same text (the generated equality, without its comparer per field).</summary>
        public bool Is(ShortKey other) => First == other.First && Last == other.Last && Length == other.Length;

        /// <summary>A non-negative hash of the text, mixed with its length and the seed.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Hash() => (int)(Mix(Mix(Seed ^ ((ulong)Length * Multiplier) ^ First) ^ Last) >> 33);
    }
}
