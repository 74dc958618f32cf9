using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Unicode;
using KpiEngine.Definitions;
using KpiEngine.Expressions;

namespace KpiEngine.Datasets;

/// <summary>
/// Splits RFC 4180 CSV into records straight from UTF-8 bytes with one reusable buffer (64 KiB,
/// doubled for longer records, at most <see cref="MaxRecordBytes"/>), so memory stays bounded
/// whatever the file size. Handles quoted fields with <c>""</c> escapes, delimiters and line breaks
/// inside quotes, CRLF/LF/CR, a UTF-8 BOM, a last line without newline; blank lines are skipped.
/// A quote inside an unquoted field is kept as a literal character (<c>5" screen</c>).
/// </summary>
internal sealed class CsvRecordReader : IDisposable
{
    /// <summary>A longer record is reported as malformed (usually an unclosed quote) and reading stops.</summary>
    internal const int MaxRecordBytes = 16 * 1024 * 1024;

    private const int InitialBufferSize = 64 * 1024;

    // A byte range of a large file is read in larger pieces: a quarter of the system calls of 64 KiB
    // reads, and still small enough to stay in the processor's cache while its lines are parsed.
    private const int RangeBufferSize = 256 * 1024;

    private const string QuotingSuggestion = "Quote fields that contain the delimiter, quotes or line breaks, and double quotes inside them (\"\").";

    private readonly Stream _stream;
    private readonly byte _delimiter;
    private readonly SearchValues<byte> _fieldStops;
    private readonly bool _plainRecordsPossible;
    private readonly bool _linesIntoBlocks;
    private byte[] _buffer;

    // The range buffer lent by the pool (the first _buffer of a range reader), until Dispose gives it back.
    private byte[]? _rented;
    private int _start;
    private int _end;
    private bool _eof;
    private bool _bomChecked;
    private long _nextLine = 1;
    private long _origin;
    private int _recordStart;
    private int _recordEnd;
    private int _nonAsciiAt = int.MaxValue;
    private int _textCheckedTo;
    private FieldBounds[] _fields = new FieldBounds[16];
    private byte[] _unescaped = new byte[256];

    // The last line feed of the buffered data (-1 when it has none): TryReadInto hands a block the data up to it.
    private int _lastLineFeed = -1;

    private enum ParseResult
    {
        Record,
        BlankLine,
        NeedMoreData,
        EndOfFile,
    }

    /// <summary>Reads from <paramref name="stream"/>; the reader owns and disposes it.</summary>
    public CsvRecordReader(Stream stream, byte delimiter, int initialBufferSize = InitialBufferSize)
        : this(stream, delimiter, new byte[Math.Max(16, initialBufferSize)])
    {
    }

    private CsvRecordReader(Stream stream, byte delimiter, byte[] buffer)
    {
        _stream = stream;
        _buffer = buffer;
        _delimiter = delimiter;
        _fieldStops = SearchValues.Create([delimiter, (byte)'\r', (byte)'\n']);
        _plainRecordsPossible = delimiter is not ((byte)'\r' or (byte)'\n' or (byte)'"');
        // A delimiter that can be part of a number would be read into it by a one-pass line parse.
        _linesIntoBlocks = _plainRecordsPossible && delimiter is not ((byte)'.' or (byte)'-' or (byte)'+' or (>= (byte)'0' and <= (byte)'9'));
    }

    /// <summary>
    /// Reads records from the middle of a file: <paramref name="stream"/> is positioned at a record
    /// start <paramref name="offset"/> (no byte-order mark is looked for there) and reading stops at the
    /// first record that starts at or after <paramref name="limit"/>; a record that starts before it is
    /// read to its end even past it. Line numbers count from <paramref name="firstLine"/> at <paramref name="offset"/>.
    /// </summary>
    public CsvRecordReader(Stream stream, byte delimiter, long offset, long limit, long firstLine)
        : this(stream, delimiter, ArrayPool<byte>.Shared.Rent(RangeBufferSize))
    {
        // A byte range's buffer is lent by the shared pool and given back on Dispose: a big file is read in dozens of
        // ranges, and a new buffer for each (on the large-object heap) brought on full collections during the scan.
        // Only the bytes up to _end are ever read, so what a lent buffer held before does not matter.
        _rented = _buffer;
        _origin = offset;
        _nextLine = firstLine;
        _bomChecked = offset > 0;
        Limit = limit;
    }

    /// <summary>The file offset of the next unread record (or blank line); equals the limit when a range ended cleanly.</summary>
    public long Position => _origin + _start;

    /// <summary>No record starting at or after this file offset is read.</summary>
    public long Limit { get; } = long.MaxValue;

    /// <summary>The number of fields in the current record.</summary>
    public int FieldCount { get; private set; }

    /// <summary>The physical line (1-based) where the current record starts.</summary>
    public long Line { get; private set; }

    /// <summary>Why the current record's quoting or text is broken, or null when it is well-formed.</summary>
    public string? Malformation { get; private set; }

    /// <summary>How to fix the file for the current <see cref="Malformation"/>.</summary>
    public string MalformationSuggestion { get; private set; } = QuotingSuggestion;

    /// <summary>True when reading stopped because a record exceeded <see cref="MaxRecordBytes"/>.</summary>
    public bool StoppedAtOversizedRecord { get; private set; }

    /// <summary>The line where the next record would start (where an oversized record starts).</summary>
    public long NextLine => _nextLine;

    /// <summary>Moves to the next non-blank record; false at the end of the file.</summary>
    public bool Read()
    {
        while (true)
        {
            if (Position >= Limit)
            {
                return false;
            }

            switch (TryParseRecord())
            {
                case ParseResult.Record:
                    return true;
                case ParseResult.EndOfFile:
                    return false;
                case ParseResult.NeedMoreData when !Fill():
                    StoppedAtOversizedRecord = true;
                    return false;
                default:
                    break;
            }
        }
    }

    /// <summary>
    /// Reads the next record straight into <paramref name="block"/> when it is a plain ASCII line of
    /// <paramref name="width"/> fields whose needed cells the block takes (<see cref="ColumnBlock.TryTakeLine"/>):
    /// one pass over the line instead of marking its fields and then reading them. False, with nothing
    /// read or taken, for any other record, a line not wholly in the buffer, or past the limit: the caller
    /// then goes on with <see cref="Read"/>, which reads and checks it (and refills the buffer).
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public bool TryReadInto(ColumnBlock block, int width)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (!_linesIntoBlocks || Position >= Limit)
        {
            return false;
        }

        if (_lastLineFeed < _start)
        {
            return false;
        }

        var lineEnd = block.TryTakeLine(_buffer.AsSpan(_start, _lastLineFeed + 1 - _start), _delimiter, width);
        if (lineEnd < 0)
        {
            return false;
        }

        // A line with bytes above 0x7F is checked as UTF-8 by the record path.
        var end = _start + lineEnd;
        if (AfterLineBreak(end) is not (> 0 and var next) || end > _nonAsciiAt)
        {
            return false;
        }

        block.CommitLine();
        EnterPlainRecord(end, next, width);
        return true;
    }

    /// <summary>The content of field <paramref name="index"/> with quotes removed; valid until the next call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Field(int index)
    {
        var field = _fields[index];
        var raw = _buffer.AsSpan(field.Start, field.Length);
        return field.Escaped ? Unescape(raw) : raw;
    }

    private ReadOnlySpan<byte> Unescape(ReadOnlySpan<byte> raw)
    {
        if (_unescaped.Length < raw.Length)
        {
            _unescaped = new byte[raw.Length];
        }

        var length = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            _unescaped[length++] = raw[i];
            if (raw[i] == '"')
            {
                i++;
            }
        }

        return _unescaped.AsSpan(0, length);
    }

    /// <summary>The current record as written (without its line break), cut to <paramref name="maxChars"/> characters.</summary>
    public string RawText(int maxChars)
    {
        var text = Encoding.UTF8.GetString(_buffer, _recordStart, _recordEnd - _recordStart);
        return text.Length <= maxChars ? text : string.Concat(text.AsSpan(0, maxChars), "…");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _stream.Dispose();
        if (_rented is { } rented)
        {
            _rented = null;
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private ParseResult TryParseRecord()
    {
        if (_start == _end)
        {
            return _eof ? ParseResult.EndOfFile : ParseResult.NeedMoreData;
        }

        if (_plainRecordsPossible && TryParsePlainRecord() is { } plain)
        {
            return plain;
        }

        var pos = _start;
        var fields = 0;
        long lineBreaks = 0;
        string? malformation = null;
        var firstQuoted = false;
        while (true)
        {
            EnsureFieldCapacity(fields + 1);
            if (pos < _end && _buffer[pos] == '"')
            {
                firstQuoted |= fields == 0;
                var contentStart = pos + 1;
                var scan = contentStart;
                var escaped = false;
                int contentEnd;
                while (true)
                {
                    var quote = _buffer.AsSpan(scan, _end - scan).IndexOf((byte)'"');
                    if (quote < 0)
                    {
                        if (!_eof)
                        {
                            return ParseResult.NeedMoreData;
                        }

                        malformation ??= "a quoted field is not closed before the end of the file";
                        contentEnd = pos = _end;
                        break;
                    }

                    quote += scan;
                    if (quote + 1 >= _end && !_eof)
                    {
                        return ParseResult.NeedMoreData;
                    }

                    if (quote + 1 < _end && _buffer[quote + 1] == '"')
                    {
                        escaped = true;
                        scan = quote + 2;
                        continue;
                    }

                    contentEnd = quote;
                    pos = quote + 1;
                    break;
                }

                lineBreaks += _buffer.AsSpan(contentStart, contentEnd - contentStart).Count((byte)'\n');
                SetField(fields, contentStart, contentEnd - contentStart, escaped);
                if (pos < _end && _buffer[pos] != _delimiter && _buffer[pos] != '\r' && _buffer[pos] != '\n')
                {
                    malformation ??= "text after the closing quote of a field";
                    var stop = _buffer.AsSpan(pos, _end - pos).IndexOfAny(_fieldStops);
                    if (stop < 0 && !_eof)
                    {
                        return ParseResult.NeedMoreData;
                    }

                    pos = stop < 0 ? _end : pos + stop;
                }
            }
            else
            {
                var stop = _buffer.AsSpan(pos, _end - pos).IndexOfAny(_fieldStops);
                if (stop < 0 && !_eof)
                {
                    return ParseResult.NeedMoreData;
                }

                stop = stop < 0 ? _end : pos + stop;
                SetField(fields, pos, stop - pos, escaped: false);
                pos = stop;
            }

            fields++;
            if (pos < _end && _buffer[pos] == _delimiter)
            {
                pos++;
                continue;
            }

            var recordEnd = pos;
            if (pos < _end)
            {
                if (_buffer[pos] == '\r')
                {
                    if (pos + 1 >= _end && !_eof)
                    {
                        return ParseResult.NeedMoreData;
                    }

                    pos++;
                    if (pos < _end && _buffer[pos] == '\n')
                    {
                        pos++;
                    }
                }
                else
                {
                    pos++;
                }

                lineBreaks++;
            }

            Line = _nextLine;
            _nextLine += lineBreaks;
            _recordStart = _start;
            _recordEnd = recordEnd;
            _start = pos;
            FieldCount = fields;
            Malformation = malformation;
            MalformationSuggestion = QuotingSuggestion;
            CheckText();
            return fields == 1 && _fields[0].Length == 0 && !firstQuoted ? ParseResult.BlankLine : ParseResult.Record;
        }
    }

    /// <summary>
    /// Makes a record whose bytes are not valid UTF-8, or hold a byte-order mark, malformed: it is
    /// left out and reported with its position, never read with U+FFFD in place of its text. Only
    /// records at or past the first byte above 0x7F of the buffer are checked (one vectorised search
    /// per buffer), so ASCII files pay one comparison per record.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckText()
    {
        if (_recordEnd > _nonAsciiAt)
        {
            CheckNonAsciiRecord();
        }
    }

    private void CheckNonAsciiRecord()
    {
        var record = _buffer.AsSpan(_recordStart, _recordEnd - _recordStart);
        if (Malformation is null && (!Utf8.IsValid(record) || record.IndexOf(Utf8Text.ByteOrderMark) >= 0))
        {
            var problem = Utf8Text.FindProblem(record, atFileStart: false);
            Malformation = string.Create(CultureInfo.InvariantCulture,
                $"its text {problem.Description} at line {Line + problem.Line - 1}, column {problem.Column}, so it is left out rather than altered");
            MalformationSuggestion = problem.Suggestion;
        }

        FindNonAscii(_start);
    }

    /// <summary>Finds the first byte above 0x7F from <paramref name="from"/> to the end of the buffered data.</summary>
    private void FindNonAscii(int from)
    {
        var at = _buffer.AsSpan(from, _end - from).IndexOfAnyInRange((byte)0x80, (byte)0xFF);
        _nonAsciiAt = at < 0 ? int.MaxValue : from + at;
        _textCheckedTo = _end;
    }

    /// <summary>
    /// The common case, a whole line without quotes in the buffer: one vectorised pass marks its
    /// delimiters and finds its end, instead of a search per field. Returns null (nothing consumed)
    /// when the line has a quote or may need more data: the general parser decides.
    /// </summary>
    private ParseResult? TryParsePlainRecord()
    {
        var lineEnd = SplitPlainLine(out var fields);
        if (lineEnd < 0)
        {
            return null;
        }

        if (AfterLineBreak(lineEnd) is not (> 0 and var next))
        {
            return null;
        }

        EnterPlainRecord(lineEnd, next, fields);
        CheckText();
        return fields == 1 && _fields[0].Length == 0 ? ParseResult.BlankLine : ParseResult.Record;
    }

    /// <summary>
    /// Marks the fields of the line at <c>_start</c> up to its first line break, which it returns;
    /// -1 when a quote comes first or no line break is in the buffer (the marks are then scratch).
    /// </summary>
    private int SplitPlainLine(out int fields)
    {
        fields = 0;
        var fieldStart = _start;
        var i = _start;
        if (Vector256.IsHardwareAccelerated)
        {
            var delimiters = Vector256.Create(_delimiter);
            var quotes = Vector256.Create((byte)'"');
            var feeds = Vector256.Create((byte)'\n');
            var returns = Vector256.Create((byte)'\r');
            for (; i + Vector256<byte>.Count <= _end; i += Vector256<byte>.Count)
            {
                // One bit per byte: delimiters end fields, the first quote or line break ends the plain line.
                var chunk = Vector256.Create(_buffer.AsSpan(i, Vector256<byte>.Count));
                var stops = (Vector256.Equals(chunk, quotes) | Vector256.Equals(chunk, feeds) | Vector256.Equals(chunk, returns)).ExtractMostSignificantBits();
                var delimiterBits = Vector256.Equals(chunk, delimiters).ExtractMostSignificantBits();
                var stop = BitOperations.TrailingZeroCount(stops);
                if (stop < Vector256<byte>.Count)
                {
                    delimiterBits &= (1u << stop) - 1;
                }

                while (delimiterBits != 0)
                {
                    var at = i + BitOperations.TrailingZeroCount(delimiterBits);
                    AddPlainField(ref fields, fieldStart, at);
                    fieldStart = at + 1;
                    delimiterBits &= delimiterBits - 1;
                }

                if (stop < Vector256<byte>.Count)
                {
                    return EndPlainLine(ref fields, fieldStart, i + stop);
                }
            }
        }

        for (; i < _end; i++)
        {
            var b = _buffer[i];
            if (b == _delimiter)
            {
                AddPlainField(ref fields, fieldStart, i);
                fieldStart = i + 1;
            }
            else if (b is (byte)'\r' or (byte)'\n' or (byte)'"')
            {
                return EndPlainLine(ref fields, fieldStart, i);
            }
        }

        return -1;
    }

    /// <summary>Where the record after the line break at <paramref name="lineEnd"/> starts; -1 when a CR is the last byte read (an LF may follow).</summary>
    private int AfterLineBreak(int lineEnd)
    {
        var next = lineEnd + 1;
        if (_buffer[lineEnd] == '\r')
        {
            if (next >= _end)
            {
                return -1;
            }

            if (_buffer[next] == '\n')
            {
                next++;
            }
        }

        return next;
    }

    /// <summary>Makes the plain line from <c>_start</c> to <paramref name="lineEnd"/> the current record; the next starts at <paramref name="next"/>.</summary>
    private void EnterPlainRecord(int lineEnd, int next, int fields)
    {
        Line = _nextLine;
        _nextLine++;
        _recordStart = _start;
        _recordEnd = lineEnd;
        _start = next;
        FieldCount = fields;
        Malformation = null;
    }

    private int EndPlainLine(ref int fields, int fieldStart, int stop)
    {
        if (_buffer[stop] == '"')
        {
            return -1;
        }

        AddPlainField(ref fields, fieldStart, stop);
        return stop;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddPlainField(ref int fields, int start, int end)
    {
        EnsureFieldCapacity(fields + 1);
        SetField(fields, start, end - start, escaped: false);
        fields++;
    }

    /// <summary>Moves the unread bytes to the front, grows the buffer when one record fills it, reads more.</summary>
    private bool Fill()
    {
        // Found again below, once the data is moved and more read; none meanwhile (a refusal to read leaves none).
        _lastLineFeed = -1;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _origin += _start;
            _textCheckedTo = Math.Max(0, _textCheckedTo - _start);
            _nonAsciiAt = _nonAsciiAt == int.MaxValue ? int.MaxValue : _nonAsciiAt - _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxRecordBytes)
            {
                return false;
            }

            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxRecordBytes));
        }

        do
        {
            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _eof = true;
            }

            _end += read;
        }
        while (!_bomChecked && !_eof && _end < 3);

        if (!_bomChecked)
        {
            _bomChecked = true;
            if (_buffer.AsSpan(0, _end).StartsWith("\uFEFF"u8))
            {
                // The mark is not data, but Position still counts it as a byte of the file.
                _start = 3;
                _textCheckedTo = 3;
            }
        }

        if (_nonAsciiAt == int.MaxValue)
        {
            FindNonAscii(_textCheckedTo);
        }

        _lastLineFeed = _buffer.AsSpan(0, _end).LastIndexOf((byte)'\n');
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetField(int index, int start, int length, bool escaped)
    {
        _fields[index] = new FieldBounds(start, length, escaped);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnsureFieldCapacity(int count)
    {
        if (count > _fields.Length)
        {
            Array.Resize(ref _fields, _fields.Length * 2);
        }
    }

    /// <summary>Where one field of the current record lies in the buffer; escaped when it holds doubled quotes.</summary>
    private readonly record struct FieldBounds(int Start, int Length, bool Escaped);
}
