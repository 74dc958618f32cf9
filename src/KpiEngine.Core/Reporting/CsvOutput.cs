using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using KpiEngine.Expressions;

namespace KpiEngine.Reporting;

/// <summary>
/// The CSV output written straight as UTF-8 into one pooled buffer, handed to the stream a buffer at a time.
/// A run by client writes half a million rows: through a <see cref="TextWriter"/> every cell was copied as
/// characters and encoded again; here the cells that repeat (ids, KPIs, periods, dimension values) are quoted
/// and encoded once, and numbers are printed as bytes. The bytes are those a UTF-8 <see cref="StreamWriter"/>
/// without a byte order mark writes for the same text (an unpaired surrogate becomes U+FFFD in both).
/// Its methods are compiled optimised from the start: they run half a million times in the one call that writes
/// a run's rows, and tiered compilation would run the first of them unoptimised.
/// </summary>
internal sealed class CsvOutput : IDisposable
{
    private const int BufferSize = 64 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Stream _stream;
    private readonly Dictionary<string, byte[]> _cells = new(ReferenceEqualityComparer.Instance);
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _used;

    /// <summary>Writes to <paramref name="stream"/>, which stays open.</summary>
    public CsvOutput(Stream stream) => _stream = stream;

    /// <summary>The bytes of a text as it is, for texts that need no quoting (a header, a unit, a status).</summary>
    public static byte[] Encode(string text) => Utf8.GetBytes(text);

    /// <summary>The quoted (<see cref="ResultWriters.CsvText"/>) bytes of a text cell that repeats, encoded once per string.</summary>
    [MethodImpl(HotPath.Options)]
    public byte[] CellBytes(string text)
    {
        if (!_cells.TryGetValue(text, out var bytes))
        {
            bytes = Encode(ResultWriters.CsvText(text));
            _cells[text] = bytes;
        }

        return bytes;
    }

    /// <summary>Writes a text cell that repeats: <see cref="CellBytes"/>.</summary>
    public void Cell(string text) => Raw(CellBytes(text));

    /// <summary>Writes a text cell quoted as <see cref="ResultWriters.CsvText"/> does, without keeping its bytes.</summary>
    [MethodImpl(HotPath.Options)]
    public void Text(string text) => Raw(ResultWriters.CsvText(text));

    /// <summary>Writes a text as it is.</summary>
    [MethodImpl(HotPath.Options)]
    public void Raw(string text)
    {
        if (Utf8.GetMaxByteCount(text.Length) > BufferSize)
        {
            Raw(Encode(text));
            return;
        }

        Reserve(Utf8.GetMaxByteCount(text.Length));
        _used += Utf8.GetBytes(text, Free);
    }

    /// <summary>Writes bytes as they are.</summary>
    [MethodImpl(HotPath.Options)]
    public void Raw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > BufferSize)
        {
            Flush();
            _stream.Write(bytes);
            return;
        }

        Reserve(bytes.Length);
        bytes.CopyTo(Free);
        _used += bytes.Length;
    }

    /// <summary>Writes one ASCII character.</summary>
    [MethodImpl(HotPath.Options)]
    public void Raw(byte character)
    {
        Reserve(1);
        _buffer![_used++] = character;
    }

    /// <summary>Writes a finite value as <see cref="NumberFormat.Machine(double)"/> prints it.</summary>
    [MethodImpl(HotPath.Options)]
    public void Number(double value)
    {
        Reserve(NumberFormat.MachineLength);
        _used += NumberFormat.Machine(value, Free);
    }

    /// <summary>Ends a row with <c>\r\n</c>.</summary>
    public void EndRow() => Raw("\r\n"u8);

    /// <summary>Hands what the buffer holds to the stream.</summary>
    [MethodImpl(HotPath.Options)]
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }

    /// <summary>Flushes, as a <see cref="StreamWriter"/> does when disposed, and gives the buffer back.</summary>
    public void Dispose()
    {
        if (_buffer is null)
        {
            return;
        }

        try
        {
            Flush();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }

    private Span<byte> Free => _buffer.AsSpan(_used);

    [MethodImpl(HotPath.Options)]
    private void Reserve(int bytes)
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        if (_buffer.Length - _used < bytes)
        {
            Flush();
        }
    }
}
