using System.Buffers.Text;

namespace KpiEngine.Bench.Generation;

/// <summary>
/// Writes the benchmark exports. <see cref="ExportShape.PerMonth"/>: rows sorted by date over three
/// years (2023-2025), 40 clients (c01..c40). <see cref="ExportShape.PerClient"/>: 1,000 client ids
/// (C0001..C1000) and dates drawn at random over 2024-2025, so the file is in no order. Both have
/// 6 channels, 4 offer types, plausible funnel numbers and money with two decimals. Rows are
/// made in chunks of 65,536 whose random generator is seeded from (seed, chunk number), so the
/// file is the same whatever the number of threads formatting it; memory stays a few chunks.
/// </summary>
internal static class ExportGenerator
{
    private const int ChunkRows = 1 << 16;
    private const int MaxRowBytes = 256;
    private static readonly DateOnly FirstDay = new(2023, 1, 1);
    private static readonly int DayCount = new DateOnly(2026, 1, 1).DayNumber - FirstDay.DayNumber;
    private static readonly byte[][] Channels = Utf8("organic", "paid", "social", "email", "affiliate", "display");
    private static readonly byte[][] OfferTypes = Utf8("physical", "service", "subscription", "premium");
    private static readonly byte[][] Clients = [.. Enumerable.Range(1, 40).Select(i => System.Text.Encoding.UTF8.GetBytes($"c{i:D2}"))];
    private static readonly byte[][] ClientIds = [.. Enumerable.Range(1, ExportLayout.ClientCount).Select(i => System.Text.Encoding.UTF8.GetBytes($"C{i:D4}"))];
    private static readonly DateOnly FirstClientDay = new(2024, 1, 1);
    private static readonly int ClientDayCount = new DateOnly(2026, 1, 1).DayNumber - FirstClientDay.DayNumber;

    /// <summary>Writes <paramref name="rows"/> rows to <paramref name="path"/> (atomically) and returns the file size.</summary>
    public static long Write(string path, long rows, ulong seed, ExportShape shape)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        var chunks = (rows + ChunkRows - 1) / ChunkRows;
        var batch = Math.Max(1, Environment.ProcessorCount * 2);
        var buffers = new byte[batch][];
        for (var i = 0; i < batch; i++)
        {
            buffers[i] = new byte[ChunkRows * MaxRowBytes];
        }

        var lengths = new int[batch];
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            stream.Write(ExportLayout.HeaderLine(shape));
            for (long first = 0; first < chunks; first += batch)
            {
                var count = (int)Math.Min(batch, chunks - first);
                Parallel.For(0, count, j => lengths[j] = FormatChunk(first + j, rows, seed, shape, buffers[j]));
                for (var j = 0; j < count; j++)
                {
                    stream.Write(buffers[j], 0, lengths[j]);
                }
            }
        }

        File.Move(temporary, full, overwrite: true);
        return new FileInfo(full).Length;
    }

    private static int FormatChunk(long chunk, long totalRows, ulong seed, ExportShape shape, byte[] buffer)
    {
        var random = new SplitMix64(seed ^ ((ulong)(chunk + 1) * 0xD1B54A32D192ED03UL));
        var start = chunk * ChunkRows;
        var end = Math.Min(totalRows, start + ChunkRows);
        var span = buffer.AsSpan();
        var at = 0;
        for (var row = start; row < end; row++)
        {
            at += shape == ExportShape.PerClient
                ? FormatClientRow(ref random, span[at..])
                : FormatRow(row, totalRows, ref random, span[at..]);
        }

        return at;
    }

    private static int FormatRow(long row, long totalRows, ref SplitMix64 random, Span<byte> output)
    {
        var day = DateOnly.FromDayNumber(FirstDay.DayNumber + (int)(row * DayCount / totalRows));
        return FormatMeasures(ref random, output, day, Clients);
    }

    private static int FormatClientRow(ref SplitMix64 random, Span<byte> output)
    {
        var day = DateOnly.FromDayNumber(FirstClientDay.DayNumber + random.Between(0, ClientDayCount - 1));
        return FormatMeasures(ref random, output, day, ClientIds);
    }

    /// <summary>
    /// Draws one row's measures, then its client among <paramref name="clients"/>, channel and offer type
    /// (in this order, so the per-month export stays byte-identical to the one of earlier rounds).
    /// </summary>
    private static int FormatMeasures(ref SplitMix64 random, Span<byte> output, DateOnly day, byte[][] clients)
    {
        var visits = random.Between(20, 999);
        var bounced = random.Share(visits, 200, 650);
        var carts = random.Share(visits, 20, 120);
        var orders = random.Share(carts, 250, 800);
        var revenueCents = orders * random.Between(1500, 16000);
        var cogsCents = random.Share(revenueCents, 300, 700);
        var spendCents = random.Between(0, 60000);
        var newCustomers = random.Share(orders, 150, 650);
        var customersStart = random.Between(100, 2999);
        var customersEnd = customersStart - random.Share(customersStart, 0, 40) + newCustomers;
        var returns = random.Share(orders, 0, 150);
        var impressions = random.Between(500, 9999);
        var clicks = random.Share(impressions, 5, 45);
        var leads = random.Share(clicks, 40, 300);
        var qualified = random.Share(leads, 200, 600);
        var deals = random.Share(qualified, 100, 500);

        var writer = new RowWriter(output);
        writer.Text(clients[random.Between(0, clients.Length - 1)]);
        writer.Date(day);
        writer.Text(Channels[random.Between(0, Channels.Length - 1)]);
        writer.Text(OfferTypes[random.Between(0, OfferTypes.Length - 1)]);
        writer.Number(visits);
        writer.Number(bounced);
        writer.Number(carts);
        writer.Number(orders);
        writer.Money(revenueCents);
        writer.Money(cogsCents);
        writer.Money(spendCents);
        writer.Number(newCustomers);
        writer.Number(customersStart);
        writer.Number(customersEnd);
        writer.Number(returns);
        writer.Number(impressions);
        writer.Number(clicks);
        writer.Number(leads);
        writer.Number(qualified);
        writer.Number(deals);
        return writer.EndLine();
    }

    private static byte[][] Utf8(params string[] words) => [.. words.Select(System.Text.Encoding.UTF8.GetBytes)];

    /// <summary>Appends comma-separated cells of one row to a span.</summary>
    private ref struct RowWriter(Span<byte> output)
    {
        private readonly Span<byte> _output = output;
        private int _at;

        public void Text(byte[] text)
        {
            Separate();
            text.CopyTo(_output[_at..]);
            _at += text.Length;
        }

        public void Date(DateOnly day)
        {
            Separate();
            Digits(day.Year, 4);
            _output[_at++] = (byte)'-';
            Digits(day.Month, 2);
            _output[_at++] = (byte)'-';
            Digits(day.Day, 2);
        }

        public void Number(long value)
        {
            Separate();
            Utf8Formatter.TryFormat(value, _output[_at..], out var written);
            _at += written;
        }

        public void Money(long cents)
        {
            Number(cents / 100);
            _output[_at++] = (byte)'.';
            Digits((int)(cents % 100), 2);
        }

        public int EndLine()
        {
            _output[_at++] = (byte)'\n';
            return _at;
        }

        private void Separate()
        {
            if (_at > 0)
            {
                _output[_at++] = (byte)',';
            }
        }

        private void Digits(int value, int width)
        {
            for (var i = width - 1; i >= 0; i--)
            {
                _output[_at + i] = (byte)('0' + (value % 10));
                value /= 10;
            }

            _at += width;
        }
    }
}
