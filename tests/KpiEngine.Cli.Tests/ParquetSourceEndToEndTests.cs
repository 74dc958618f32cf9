using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// Parquet files as datasets, end to end: the online-shop demo with every CSV file written as a typed
/// Parquet file (by Parquet.Net itself, in several row groups) gives the CSV run's numbers, and a file
/// that is not Parquet is refused with KPI3006. Each test works on a copy of the demo in a temporary folder.
/// </summary>
public sealed class ParquetSourceEndToEndTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("kpi-parquet-e2e-");

    public ParquetSourceEndToEndTests() => DatabaseDemo.Copy(Work);

    private string Work => _work.FullName;

    private string Samples => Path.Combine(Work, "samples", "online-shop");

    private string Clients => Path.Combine(Work, "kpi-definitions", "clients");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task OnlineShop_FromParquetFilesWrittenFromItsCsvFiles_GivesTheCsvRunsNumbers()
    {
        var groups = 0;
        foreach (var file in Directory.EnumerateFiles(Samples, "*.csv"))
        {
            groups += await WriteParquet(file, Path.ChangeExtension(file, ".parquet"));
        }

        // Several row groups per file, so the reader goes from one group to the next.
        Assert.True(groups > 8, $"{groups} row groups");
        var yaml = DatabaseDemo.FromFiles(File.ReadAllText(Path.Combine(Clients, "online-shop.yaml")), ".parquet");
        var parquet = Path.Combine(Clients, "online-shop-parquet.yaml");
        File.WriteAllText(parquet, yaml);

        var csv = KpiProcess.Run(Work, "run", Path.Combine(Clients, "online-shop.yaml"), "--format", "json", "--include-inputs");
        var columnar = KpiProcess.Run(Work, "run", parquet, "--format", "json", "--include-inputs");

        DatabaseDemo.AssertSameNumbers(csv, columnar);
    }

    [Fact]
    public async Task Parquet_NullsAndDates_AreMissingValuesAndDays()
    {
        var day = new DataField<DateOnly>("day");
        var sessions = new DataField<double?>("sessions");
        await using (var stream = File.Create(Path.Combine(Samples, "traffic.parquet")))
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(day, sessions), stream);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<DateOnly>(day, new DateOnly[] { new(2026, 1, 1), new(2026, 1, 31), new(2026, 2, 1) });
            await group.WriteAsync<double>(sessions, new double?[] { 5, null, 11 });
        }

        File.WriteAllText(Path.Combine(Clients, "nulls.yaml"), DatabaseDemo.TrafficClient("path: ../../samples/online-shop/traffic.parquet"));

        var run = KpiProcess.Run(Work, "run", Path.Combine(Clients, "nulls.yaml"), "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var results = ResultJson.Read(run.Output);
        // January: 5 and a null (missing, not zero), so 5; February: 11.
        Assert.Equal(5, results[("visits_total", "2026-01")].Value);
        Assert.Equal(11, results[("visits_total", "2026-02")].Value);
    }

    [Fact]
    public async Task Parquet_TextInAColumnDeclaredNumber_IsKpi3005AtItsRowAndTheOtherRowsCount()
    {
        var day = new DataField<DateOnly>("day");
        var sessions = new DataField<string>("sessions");
        await using (var stream = File.Create(Path.Combine(Samples, "traffic.parquet")))
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(day, sessions), stream);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<DateOnly>(day, new DateOnly[] { new(2026, 1, 1), new(2026, 1, 2), new(2026, 1, 3) });
            await group.WriteAsync(sessions, new[] { "10", "n/a", "12" });
        }

        File.WriteAllText(Path.Combine(Clients, "bad.yaml"), DatabaseDemo.TrafficClient("path: ../../samples/online-shop/traffic.parquet\n    columns: { sessions: number }"));

        var run = KpiProcess.Run(Work, "run", Path.Combine(Clients, "bad.yaml"), "--format", "json");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.True(run.Error.Contains("traffic.parquet(2): error KPI3005: Dataset 'traffic', record 2, column 'sessions': 'n/a' is not a number.", StringComparison.Ordinal), run.ToString());
        // 10 + 12: the good rows still count.
        Assert.Equal(22, ResultJson.Read(run.Output)[("visits_total", "2026-01")].Value);
    }

    [Fact]
    public void Parquet_WithCulture_IsRefusedAsColumnsAreTyped()
    {
        File.WriteAllText(Path.Combine(Clients, "culture.yaml"), DatabaseDemo.TrafficClient("path: ../../samples/online-shop/traffic.parquet\n    culture: de-DE"));

        var run = KpiProcess.Run(Work, "run", Path.Combine(Clients, "culture.yaml"));

        Assert.True(run.Error.Contains("culture.yaml(5,5): error KPI1005: 'culture' applies to text files; dataset 'traffic' is a Parquet file, whose columns are typed.", StringComparison.Ordinal), run.ToString());
    }

    [Fact]
    public void Parquet_NotAParquetFile_IsKpi3006()
    {
        File.WriteAllText(Path.Combine(Samples, "traffic.parquet"), "day,sessions\n2026-01-01,3\n");
        File.WriteAllText(Path.Combine(Clients, "broken.yaml"), DatabaseDemo.TrafficClient("path: ../../samples/online-shop/traffic.parquet"));

        var run = KpiProcess.Run(Work, "run", Path.Combine(Clients, "broken.yaml"));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.True(run.Error.Contains("traffic.parquet(1): error KPI3006: Dataset 'traffic': ", StringComparison.Ordinal), run.ToString());
        Assert.True(run.Error.Contains("cannot be read as a Parquet file", StringComparison.Ordinal), run.ToString());
    }

    /// <summary>
    /// Writes a CSV file as Parquet with Parquet.Net, 40 rows per row group, each column typed as a
    /// data engineer would: whole numbers int64, other numbers double, ISO dates DATE, date-times
    /// timestamps, anything else strings; empty cells null. Returns the number of row groups.
    /// </summary>
    private static async Task<int> WriteParquet(string csv, string parquet)
    {
        var lines = File.ReadAllLines(csv);
        var names = lines[0].Split(',');
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        var kinds = names.Select((_, i) => KindOf(rows.Select(r => r[i]).Where(v => v.Length > 0).ToList())).ToArray();
        var fields = names.Select((n, i) => kinds[i] switch
        {
            'l' => new DataField<long?>(n),
            'n' => new DataField<double?>(n),
            'd' => new DataField<DateOnly?>(n),
            't' => new DataField<DateTime?>(n),
            _ => (DataField)new DataField<string>(n),
        }).ToArray();
        var groups = 0;
        await using var stream = File.Create(parquet);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), stream);
        foreach (var chunk in rows.Chunk(40))
        {
            groups++;
            using var group = writer.CreateRowGroup();
            for (var i = 0; i < fields.Length; i++)
            {
                var cells = chunk.Select(r => r[i]).ToArray();
                switch (kinds[i])
                {
                    case 'l':
                        await group.WriteAsync<long>(fields[i], cells.Select(v => v.Length == 0 ? (long?)null : long.Parse(v, CultureInfo.InvariantCulture)).ToArray());
                        break;
                    case 'n':
                        await group.WriteAsync<double>(fields[i], cells.Select(v => v.Length == 0 ? (double?)null : double.Parse(v, CultureInfo.InvariantCulture)).ToArray());
                        break;
                    case 'd':
                        await group.WriteAsync<DateOnly>(fields[i], cells.Select(v => v.Length == 0 ? (DateOnly?)null : DateOnly.ParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray());
                        break;
                    case 't':
                        await group.WriteAsync<DateTime>(fields[i], cells.Select(v => v.Length == 0 ? (DateTime?)null : DateTime.ParseExact(v, DateTimeForms, CultureInfo.InvariantCulture, DateTimeStyles.None)).ToArray());
                        break;
                    default:
                        await group.WriteAsync(fields[i], cells.Select(v => v.Length == 0 ? null : v).ToArray());
                        break;
                }
            }
        }

        return groups;
    }

    private static readonly string[] DateTimeForms = ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"];

    private static char KindOf(List<string> values) =>
        values.Count > 0 && values.All(v => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) ? 'l'
        : values.Count > 0 && values.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) ? 'n'
        : values.Count > 0 && values.All(v => v.Length == 10 && DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) ? 'd'
        : values.Count > 0 && values.All(v => DateTime.TryParseExact(v, DateTimeForms, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)) ? 't'
        : 's';
}
