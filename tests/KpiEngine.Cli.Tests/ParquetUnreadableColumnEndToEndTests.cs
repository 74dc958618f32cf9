using Parquet;
using Parquet.Schema;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// A Parquet column of a type the reader does not read (binary here): a KPI that needs it gets a clear
/// diagnostic naming the file and the column, and a KPI over the file's other columns is still computed.
/// </summary>
public sealed class ParquetUnreadableColumnEndToEndTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("kpi-parquet-type-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task Parquet_BinaryColumnAKpiNeeds_IsKpi3006NamingTheFileAndColumn()
    {
        var file = Path.Combine(_work.FullName, "events.parquet");
        var day = new DataField<DateOnly>("day");
        var sessions = new DataField<long>("sessions");
        var payload = new DataField<byte[]>("payload");
        await using (var stream = File.Create(file))
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(day, sessions, payload), stream);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<DateOnly>(day, new DateOnly[] { new(2026, 1, 1), new(2026, 1, 2) });
            await group.WriteAsync<long>(sessions, new long[] { 3, 4 });
            await group.WriteAsync(payload, new[] { new byte[] { 1, 2 }, new byte[] { 3 } });
        }

        var client = Path.Combine(_work.FullName, "client.yaml");
        File.WriteAllText(client, """
            client: parquet-types
            datasets:
              events: { path: events.parquet, time: day }
              sessions_only: { path: events.parquet, time: day }
            inputs:
              payloads: { dataset: events, formula: "Count([payload])" }
              visits: { dataset: sessions_only, formula: "Sum([sessions])" }
            kpis:
              - { id: payload_count, name: Payloads, unit: count, direction: higher, formula: "[payloads]" }
              - { id: visits_total, name: Visits, unit: count, direction: higher, formula: "[visits]" }
            """);

        var run = KpiProcess.Run(_work.FullName, "run", client, "--format", "json");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.True(run.Error.Contains("events.parquet(1): error KPI3006: Dataset 'events': the Parquet file cannot be read after 0 rows: column 'payload' holds binary (byte array) values, which are not read", StringComparison.Ordinal), run.ToString());
        // 3 + 4 sessions in January 2026: the dataset without the binary column is read as usual.
        Assert.Equal(7, ResultJson.Read(run.Output)[("visits_total", "2026-01")].Value);
    }
}
