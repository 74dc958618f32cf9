using KpiEngine.Diagnostics;

namespace KpiEngine.Definitions;

/// <summary>
/// Reads a <c>benchmarks:</c> mapping (<c>kpi_id: { good: 2, poor: 5, reference: 3, source: "..." }</c>)
/// of a profile or client file. Which KPIs exist and which way they point is checked later, by
/// <see cref="BenchmarkCheck"/>, once includes are resolved.
/// </summary>
internal sealed partial class BenchmarkReader(SchemaReader schema)
{
    private static readonly string[] BenchmarkKeys = ["good", "poor", "reference", "source", "per", "min_sample"];

    public List<Benchmark> Read(YamlNode? node)
    {
        var benchmarks = new List<Benchmark>();
        foreach (var (key, value) in schema.Mapping(node, "'benchmarks'")?.Entries ?? [])
        {
            var owner = $"the benchmark of '{key.Value}'";
            var id = schema.Identifier(key, "KPI id");
            if (schema.Mapping(value, owner) is not { } map)
            {
                if (value is YamlScalar { IsNull: true })
                {
                    schema.ReportMissing("good", owner, schema.Span(key), empty: false);
                }

                continue;
            }

            schema.CheckKeys(map, BenchmarkKeys, owner);
            var good = Threshold(map, "good", owner);
            var poor = Threshold(map, "poor", owner);
            var reference = schema.Scalar(map["reference"], "reference", owner) is { } r ? schema.Number(r, $"'reference' of {owner}") : null;
            var source = schema.Text(map, "source", owner);
            var sufficiency = new SufficiencyReader(schema);
            var per = sufficiency.Per(map, owner);
            var sample = sufficiency.Sample(map["min_sample"], owner);
            if (id is not null && good is not null && poor is not null)
            {
                benchmarks.Add(new Benchmark(id, good.Value, poor.Value, reference, source, schema.Span(key)) { Per = per, MinSample = sample });
            }
        }

        return benchmarks;
    }

    private double? Threshold(YamlMapping map, string key, string owner) =>
        schema.Required(map, key, owner) is { } node ? schema.Number(node, $"'{key}' of {owner}") : null;
}
