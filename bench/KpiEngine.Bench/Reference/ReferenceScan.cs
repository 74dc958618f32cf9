using System.Text;
using KpiEngine.Bench.Generation;
using Microsoft.Win32.SafeHandles;

namespace KpiEngine.Bench.Reference;

/// <summary>
/// The hand-written fastest computation the engine is measured against. The file is cut where the
/// engine cuts it (<see cref="RangeBytes"/>, each cut moved to just after the next line feed, one
/// range below two of them), the ranges are read on up to T threads with positioned reads into a
/// 1 MiB buffer and parsed straight from UTF-8, and the sixteen measures are summed per month (and
/// per client in the per-client export) with the engine's arithmetic: each cell parsed to the double
/// nearest its decimal text, a Neumaier/TwoSum compensated sum per group in file order within a
/// range, ranges merged in file order. The ranges depend only on the file, so the result is the same
/// for every thread count, and equals the engine's bit for bit when the engine adds the same values
/// in the same order. It knows only the generated exports: no quotes, no empty cells, headers as the
/// generator writes them.
/// </summary>
internal static class ReferenceScan
{
    /// <summary>The engine's range size (KpiEngine.Datasets.CsvPartitions.PartitionBytes), copied so both cut alike.</summary>
    public const long RangeBytes = 32L * 1024 * 1024;

    private const int BlockBytes = 1 << 20;

    /// <summary>Sums per group of the export at <paramref name="path"/>, scanned with up to <paramref name="threads"/> threads.</summary>
    public static ReferenceSums Run(string path, int threads)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var length = RandomAccess.GetLength(handle);
        var (shape, dataStart) = CheckHeader(handle);
        var groups = shape == ExportShape.PerClient ? ExportLayout.ClientCount : 1;
        var starts = new List<long> { dataStart };
        if (length >= 2 * RangeBytes)
        {
            var count = (int)Math.Max(1, (length - dataStart) / RangeBytes);
            for (var k = 1; k < count; k++)
            {
                var cut = NextLineStart(handle, dataStart + ((length - dataStart) * k / count), length);
                if (cut > starts[^1] && cut < length)
                {
                    starts.Add(cut);
                }
            }
        }

        starts.Add(length);
        var ranges = starts.Count - 1;

        // Threads take ranges in file order and the finished ones are merged in file order as soon as
        // every earlier one is, so only a few ranges' tables are alive at a time.
        var total = new GroupTable(groups);
        var finished = new GroupTable?[ranges];
        var nextRange = -1;
        var nextMerge = 0;
        var gate = new Lock();
        Parallel.For(0, Math.Clamp(threads, 1, ranges), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, _ =>
        {
            int k;
            while ((k = Interlocked.Increment(ref nextRange)) < ranges)
            {
                var table = ScanRange(handle, starts[k], starts[k + 1], shape, groups);
                lock (gate)
                {
                    finished[k] = table;
                    for (; nextMerge < ranges && finished[nextMerge] is { } ready; nextMerge++)
                    {
                        total.Absorb(ready);
                        finished[nextMerge] = null;
                    }
                }
            }
        });

        return new ReferenceSums(shape, total);
    }

    private static (ExportShape Shape, long DataStart) CheckHeader(SafeFileHandle handle)
    {
        var buffer = new byte[4096];
        var read = RandomAccess.Read(handle, buffer, 0);
        var text = buffer.AsSpan(0, read);
        var bom = text.StartsWith("\uFEFF"u8) ? 3 : 0;
        foreach (var shape in Enum.GetValues<ExportShape>())
        {
            var expected = ExportLayout.HeaderLine(shape);
            if (text[bom..].StartsWith(expected))
            {
                return (shape, bom + expected.Length);
            }
        }

        throw new InvalidDataException($"the file does not start with a generator's header: {string.Join(',', ExportLayout.ColumnsOf(ExportShape.PerMonth))} (or client_id first)");
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

    private static GroupTable ScanRange(SafeFileHandle handle, long start, long end, ExportShape shape, int groups)
    {
        var months = new GroupTable(groups);
        var buffer = new byte[BlockBytes + 1];
        var carry = 0;
        var position = start;
        var perClient = shape == ExportShape.PerClient;
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
                    ParseLines(buffer.AsSpan(0, filled), months, perClient);
                }

                return months;
            }

            var last = buffer.AsSpan(0, filled).LastIndexOf((byte)'\n');
            if (last < 0)
            {
                throw new InvalidDataException($"a line longer than {BlockBytes} bytes near byte {position}");
            }

            ParseLines(buffer.AsSpan(0, last + 1), months, perClient);
            carry = filled - (last + 1);
            buffer.AsSpan(last + 1, carry).CopyTo(buffer);
        }
    }

    /// <summary>Parses complete lines (the block ends with a line break).</summary>
    private static void ParseLines(ReadOnlySpan<byte> block, GroupTable months, bool perClient)
    {
        var p = 0;
        while (p < block.Length)
        {
            var lineStart = p;
            var client = 0;
            if (perClient)
            {
                // C0001..C1000: the generator's ids, read as their number.
                client = (Digit(block[p + 1]) * 1000) + (Digit(block[p + 2]) * 100) + (Digit(block[p + 3]) * 10) + Digit(block[p + 4]) - 1;
                if (block[p] != 'C' || block[p + 5] != ',' || (uint)client >= ExportLayout.ClientCount)
                {
                    throw Bad(block, lineStart, $"the client id is not C0001..C{ExportLayout.ClientCount:D4}");
                }

                p += 6;
            }
            else
            {
                p += block[p..].IndexOf((byte)',') + 1;
                if (p == lineStart)
                {
                    throw Bad(block, lineStart, "no comma after the client");
                }
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
            var sums = months.Row((year * 12) + month - 1, client);
            var at = client * ExportLayout.MeasureCount * 2;
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

                var number = (double)value;
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

                    // Cents / 100 is the double nearest the decimal text: what the engine's parser gives.
                    number = ((value * 100) + (decimals == 1 ? cents * 10 : cents)) / 100.0;
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

                CompensatedSums.Add(sums, at + (measure * 2), negative ? -number : number);
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
}
