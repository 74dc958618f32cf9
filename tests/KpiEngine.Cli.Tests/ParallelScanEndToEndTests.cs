using System.Globalization;
using System.Text;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// <c>kpi run --by</c> as automation runs it on a big export of many clients, made small: the
/// environment cuts the file into byte ranges of 1 KiB (as 32 MiB ranges cut a large file) and
/// <c>--threads</c> sets how many read them. Every output must equal the one-thread output byte for byte.
/// </summary>
public sealed class ParallelScanEndToEndTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("kpi-parallel-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Run_ByClientOnTinyRanges_IsByteIdenticalForOneAndFourThreadsAndEveryRepeat()
    {
        WriteExport(rows: 3000, clients: 200);
        var tiny = new Dictionary<string, string> { ["KPIENGINE_SCAN_RANGE_BYTES"] = "1024" };

        var oneThread = KpiProcess.Run(_folder.FullName, tiny, "run", "client.yaml", "--by", "client_id", "--format", "csv", "--threads", "1", "--out", "one.csv");
        Assert.True(oneThread.ExitCode == 0, oneThread.ToString());
        var expected = File.ReadAllBytes(Path.Combine(_folder.FullName, "one.csv"));
        for (var run = 0; run < 3; run++)
        {
            var parallel = KpiProcess.Run(_folder.FullName, tiny, "run", "client.yaml", "--by", "client_id", "--format", "csv", "--threads", "4", "--out", "four.csv");

            Assert.True(parallel.ExitCode == 0, parallel.ToString());
            Assert.Equal(expected, File.ReadAllBytes(Path.Combine(_folder.FullName, "four.csv")));
        }

        // The same bytes as an unsplit run: the range size changes nothing either.
        var unsplit = KpiProcess.Run(_folder.FullName, "run", "client.yaml", "--by", "client_id", "--format", "csv");
        Assert.Equal(Encoding.UTF8.GetString(expected), unsplit.Output);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("abc")]
    [InlineData("2.5")]
    public void Run_ThreadsNotAPositiveWholeNumber_IsAUsageError(string threads)
    {
        WriteExport(rows: 10, clients: 2);

        var run = KpiProcess.Run(_folder.FullName, "run", "client.yaml", "--threads", threads);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--threads", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    /// <summary>Orders of many clients in random date order: each range sees other clients and months.</summary>
    private void WriteExport(int rows, int clients)
    {
        var random = new Random(8);
        var csv = new StringBuilder("ordered_at,client_id,total,qty\n");
        for (var i = 0; i < rows; i++)
        {
            var day = new DateOnly(2025, 1, 1).AddDays(random.Next(730));
            csv.Append(CultureInfo.InvariantCulture, $"{day:yyyy-MM-dd},C{random.Next(clients):D4},{random.Next(100, 90000) / 100m},{random.Next(1, 5)}\n");
        }

        File.WriteAllText(Path.Combine(_folder.FullName, "orders.csv"), csv.ToString());
        File.WriteAllText(Path.Combine(_folder.FullName, "client.yaml"), """
            client: many
            datasets:
              orders: { path: orders.csv, time: ordered_at }
            inputs:
              revenue: { dataset: orders, formula: "Sum([total])" }
              orders: { dataset: orders, formula: "Count()" }
              units: { dataset: orders, formula: "Sum([qty])" }
            kpis:
              - { id: aov, unit: currency, direction: higher, formula: "[revenue] / [orders]" }
              - { id: units_per_order, unit: ratio, direction: higher, formula: "[units] / [orders]" }
              - { id: revenue_growth, unit: percent, direction: higher, formula: "([revenue] - Prev([revenue])) / Prev([revenue]) * 100" }
            """);
    }
}
