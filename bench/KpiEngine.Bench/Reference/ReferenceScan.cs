using System.Text;
using KpiEngine.Bench.Generation;
using Microsoft.Win32.SafeHandles;

namespace KpiEngine.Bench.Reference;

/// <summary>
/// The hand-written fastest computation the engine is measured against: the file is cut into
/// one byte range per thread (each boundary moved to the next line start), every range is read
/// with positioned reads into one 1 MiB buffer and parsed straight from UTF-8, and the sixteen
/// measures are summed per month as whole numbers (money in cents). Integer sums do not depend
/// on the order of addition, so the result is the same for every thread count.
/// It knows only the generated export: no quotes, no empty cells, header as written by the generator.
/// </summary>
internal static class ReferenceScan
{
    private const int BlockBytes = 1 << 20;

    /// <summary>Sums per month ordinal (year * 12 + month - 1), sorted by month.</summary>
    public static SortedDictionary<int, long[]> Run(string path, int threads)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var length = RandomAccess.GetLength(handle);
        var dataStart = CheckHeader(handle);
        threads = (int)Math.Clamp((length - dataStart) / BlockBytes, 1, Math.Max(1, threads));
        var boundaries = new long[threads + 1];
        boundaries[0] = dataStart;
        boundaries[threads] = length;
        for (var k = 1; k < threads; k++)
        {
            boundaries[k] = NextLineStart(handle, dataStart + ((length - dataStart) * k / threads), length);
        }

        var partials = new Dictionary<int, long[]>[threads];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads },
            k => partials[k] = ScanRange(handle, boundaries[k], boundaries[k + 1]));

        var months = new SortedDictionary<int, long[]>();
        foreach (var partial in partials)
        {
            foreach (var (month, sums) in partial)
            {
                if (!months.TryGetValue(month, out var total))
                {
                    months[month] = total = new long[ExportLayout.MeasureCount];
                }

                for (var i = 0; i < sums.Length; i++)
                {
                    total[i] += sums[i];
                }
            }
        }

        return months;
    }

    private static long CheckHeader(SafeFileHandle handle)
    {
        var buffer = new byte[4096];
        var read = RandomAccess.Read(handle, buffer, 0);
        var text = buffer.AsSpan(0, read);
        var bom = text.StartsWith("\uFEFF"u8) ? 3 : 0;
        var expected = ExportLayout.HeaderLine();
        if (!text[bom..].StartsWith(expected))
        {
            throw new InvalidDataException($"the file does not start with the generator's header: {string.Join(',', ExportLayout.Columns)}");
        }

        return bom + expected.Length;
    }

    private static long NextLineStart(SafeFileHandle handle, long position, long length)
    {
        var buffer = new byte[4096];
        while (position < length)
        {
            var read = RandomAccess.Read(handle, buffer, position);
            var newline = buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                return position + newline + 1;
            }

            position += read;
        }

        return length;
    }

    private static Dictionary<int, long[]> ScanRange(SafeFileHandle handle, long start, long end)
    {
        var months = new Dictionary<int, long[]>();
        var buffer = new byte[BlockBytes + 1];
        var carry = 0;
        var position = start;
        var state = new MonthCursor(months);
        while (true)
        {
            var want = (int)Math.Min(BlockBytes - carry, end - position);
            var read = want > 0 ? RandomAccess.Read(handle, buffer.AsSpan(carry, want), position) : 0;
            position += read;
            var filled = carry + read;
            if (read == 0)
            {
                if (filled > 0)
                {
                    // The last line of the file has no line break.
                    buffer[filled++] = (byte)'\n';
                    ParseLines(buffer.AsSpan(0, filled), ref state);
                }

                return months;
            }

            var last = buffer.AsSpan(0, filled).LastIndexOf((byte)'\n');
            if (last < 0)
            {
                throw new InvalidDataException($"a line longer than {BlockBytes} bytes near byte {position}");
            }

            ParseLines(buffer.AsSpan(0, last + 1), ref state);
            carry = filled - (last + 1);
            buffer.AsSpan(last + 1, carry).CopyTo(buffer);
        }
    }

    /// <summary>Parses complete lines (the block ends with a line break).</summary>
    private static void ParseLines(ReadOnlySpan<byte> block, ref MonthCursor cursor)
    {
        var p = 0;
        while (p < block.Length)
        {
            var lineStart = p;
            p += block[p..].IndexOf((byte)',') + 1;
            if (p == lineStart)
            {
                throw Bad(block, lineStart, "no comma after the client");
            }

            var year = Digit(block[p]) * 1000 + Digit(block[p + 1]) * 100 + Digit(block[p + 2]) * 10 + Digit(block[p + 3]);
            var month = Digit(block[p + 5]) * 10 + Digit(block[p + 6]);
            if (block[p + 4] != '-' || block[p + 7] != '-' || block[p + 10] != ',' || (uint)(year | month) > 9999 || month is < 1 or > 12)
            {
                throw Bad(block, lineStart, "the date is not yyyy-MM-dd");
            }

            p += 11;
            p += block[p..].IndexOf((byte)',') + 1;
            p += block[p..].IndexOf((byte)',') + 1;
            var sums = cursor.Sums((year * 12) + month - 1);
            for (var measure = 0; measure < ExportLayout.MeasureCount; measure++)
            {
                var negative = block[p] == '-';
                if (negative)
                {
                    p++;
                }

                var digitsStart = p;
                long value = 0;
                uint digit;
                while ((digit = (uint)(block[p] - '0')) <= 9)
                {
                    value = (value * 10) + digit;
                    p++;
                }

                if (ExportLayout.IsMoney(measure))
                {
                    // Exactly two decimals, or none, or one: always scaled to cents.
                    var cents = 0L;
                    var decimals = 0;
                    if (block[p] == '.')
                    {
                        p++;
                        while ((digit = (uint)(block[p] - '0')) <= 9 && decimals < 2)
                        {
                            cents = (cents * 10) + digit;
                            decimals++;
                            p++;
                        }

                        if (decimals == 0)
                        {
                            throw Bad(block, lineStart, "a money value has a point but no decimals");
                        }
                    }

                    value = (value * 100) + (decimals == 1 ? cents * 10 : cents);
                }

                if (p == digitsStart)
                {
                    throw Bad(block, lineStart, $"column {ExportLayout.Columns[ExportLayout.FirstMeasure + measure]} is not a number");
                }

                var separator = block[p++];
                var expected = measure == ExportLayout.MeasureCount - 1 ? (byte)'\n' : (byte)',';
                if (separator == '\r' && expected == '\n' && block[p] == '\n')
                {
                    separator = block[p++];
                }

                if (separator != expected)
                {
                    throw Bad(block, lineStart, $"unexpected text after column {ExportLayout.Columns[ExportLayout.FirstMeasure + measure]}");
                }

                sums[measure] += negative ? -value : value;
            }
        }
    }

    private static int Digit(byte b) => (uint)(b - '0') <= 9 ? b - '0' : 100_000;

    private static InvalidDataException Bad(ReadOnlySpan<byte> block, int lineStart, string why)
    {
        var line = block[lineStart..];
        var newline = line.IndexOf((byte)'\n');
        return new InvalidDataException($"{why}: {Encoding.UTF8.GetString(newline < 0 ? line : line[..newline])}");
    }

    /// <summary>The sums of the month the last row fell in, so sorted files look up a month once per month.</summary>
    private struct MonthCursor(Dictionary<int, long[]> months)
    {
        private int _month = int.MinValue;
        private long[] _sums = [];

        public long[] Sums(int month)
        {
            if (month != _month)
            {
                if (!months.TryGetValue(month, out var sums))
                {
                    months[month] = sums = new long[ExportLayout.MeasureCount];
                }

                (_month, _sums) = (month, sums);
            }

            return _sums;
        }
    }
}
