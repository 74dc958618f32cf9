using System.Text;
using KpiEngine.Benchmarks;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;
using KpiEngine.Reporting;

namespace KpiEngine.Tests.Reporting;

public class BenchmarkOutputTests
{
    private static readonly Benchmark Churn = new("churn", 2, 5, 3, "typical", SourceSpan.At("p.yaml", 1, 1));

    private static ClientResult Client(params KpiResult[] results) =>
        new("c", "C", "c.yaml", KpiEngine.Time.Grain.Month, ["2026-01"], results, [], ClientStatus.Succeeded);

    [Fact]
    public void WriteCsv_StatusIsTheLastColumn_EmptyWithoutBenchmark()
    {
        var client = Client(
            new KpiResult("c", "churn", "Churn", "2026-01", 6, null, KpiUnit.Percent) { Benchmark = Churn, Status = BenchmarkStatus.Poor },
            new KpiResult("c", "aov", "AOV", "2026-01", 50, null, KpiUnit.Currency));
        using var stream = new MemoryStream();

        ResultWriters.WriteCsv(stream, [client]);

        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split("\r\n");
        Assert.Equal("client,kpi,period,value,reason,unit,partial,status", lines[0]);
        Assert.Equal("c,churn,2026-01,6,,percent,false,poor", lines[1]);
        Assert.Equal("c,aov,2026-01,50,,currency,false,", lines[2]);
    }

    [Fact]
    public void WriteJson_BenchmarkAndStatusOnlyWhereABenchmarkExists()
    {
        var client = Client(
            new KpiResult("c", "churn", "Churn", "2026-01", 2, null, KpiUnit.Percent) { Benchmark = Churn, Status = BenchmarkStatus.Good },
            new KpiResult("c", "churn", "Churn", "2026-02", null, "no data", KpiUnit.Percent) { Benchmark = Churn },
            new KpiResult("c", "aov", "AOV", "2026-01", 50, null, KpiUnit.Currency));
        using var stream = new MemoryStream();

        ResultWriters.WriteJson(stream, [client]);

        using var document = System.Text.Json.JsonDocument.Parse(stream.ToArray());
        var results = document.RootElement.GetProperty("clients")[0].GetProperty("results");
        Assert.Equal("good", results[0].GetProperty("status").GetString());
        Assert.Equal(2, results[0].GetProperty("benchmark").GetProperty("good").GetDouble());
        Assert.Equal(5, results[0].GetProperty("benchmark").GetProperty("poor").GetDouble());
        Assert.Equal(3, results[0].GetProperty("benchmark").GetProperty("reference").GetDouble());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, results[1].GetProperty("status").ValueKind);
        Assert.False(results[2].TryGetProperty("status", out _));
        Assert.False(results[2].TryGetProperty("benchmark", out _));
        Assert.True(results[2].TryGetProperty("partial", out _));
    }
}
