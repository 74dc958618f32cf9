using KpiEngine.Diagnostics;
using KpiEngine.Time;

namespace KpiEngine.Definitions;

/// <summary>
/// Reads what makes a status trustworthy and what sums statuses up: <c>min_sample</c> and <c>scaling</c>
/// of a KPI, <c>per</c> and <c>min_sample</c> of a benchmark, and a profile's or client's <c>scorecard:</c>.
/// </summary>
internal sealed partial class SufficiencyReader(SchemaReader schema)
{
    private static readonly string[] SampleKeys = ["input", "rows", "at_least"];
    private static readonly string[] ScorecardKeys = ["kpis", "categories"];

    private static readonly WordTable<PeriodScaling> Scalings = new()
    {
        ["ratio"] = PeriodScaling.Ratio,
        ["total"] = PeriodScaling.Total,
        ["churn"] = PeriodScaling.Churn,
        ["retention"] = PeriodScaling.Retention,
        ["growth"] = PeriodScaling.Growth,
    };

    /// <summary>How a scaling is written in YAML and outputs (<c>churn</c>); <c>unstated</c> for <see cref="PeriodScaling.Unstated"/>.</summary>
    public static string Name(PeriodScaling scaling) => Scalings.FirstWord(s => s == scaling) ?? "unstated";

    /// <summary>How a grain is written in YAML and outputs (<c>month</c>).</summary>
    public static string Name(Grain grain) => BatchManifestReader.Grains.FirstWord(g => g == grain)
        ?? throw new ArgumentOutOfRangeException(nameof(grain), grain, "Not a grain.");

    /// <summary>
    /// <c>min_sample: 30</c> (on the denominator), <c>{ input: orders, at_least: 30 }</c> or
    /// <c>{ rows: orders, at_least: 30 }</c>; null when absent or invalid (reported).
    /// </summary>
    public SampleRule? Sample(YamlNode? node, string owner)
    {
        var what = $"'min_sample' of {owner}";
        switch (node)
        {
            case null or YamlScalar { IsNull: true }:
                return null;
            case YamlScalar scalar:
                return AtLeast(scalar, what) is { } count ? new SampleRule(SampleSource.Denominator, null, count, schema.Span(scalar)) : null;
        }

        if (schema.Mapping(node, what) is not { } map)
        {
            return null;
        }

        schema.CheckKeys(map, SampleKeys, what);
        var input = schema.Scalar(map["input"], "input", what);
        var rows = schema.Scalar(map["rows"], "rows", what);
        var least = schema.Required(map, "at_least", what) is { } atLeast ? AtLeast(atLeast, $"'at_least' of {what}") : null;
        if ((input is null) == (rows is null))
        {
            schema.Invalid(map, $"{SchemaReader.Capital(what)} must name exactly one of 'input' (a value to count) or 'rows' (a dataset whose rows to count).", "Write 'min_sample: { input: orders, at_least: 30 }' or 'min_sample: { rows: orders, at_least: 30 }'.");
            return null;
        }

        var name = input ?? rows!;
        return least is { } minimum && schema.Identifier(name, input is not null ? "input name" : "dataset name") is { } id
            ? new SampleRule(input is not null ? SampleSource.Input : SampleSource.Rows, id, minimum, schema.Span(name))
            : null;
    }

    /// <summary>A KPI's <c>scaling:</c> (ratio, total, churn, retention, growth); null when absent or invalid.</summary>
    public PeriodScaling? Scaling(YamlMapping map, string owner) =>
        schema.Scalar(map["scaling"], "scaling", owner) is { } node ? schema.Enum(node, Scalings, "scaling", owner) : null;

    /// <summary>A benchmark's <c>per:</c> (the grain its bands are stated for); null when absent or invalid.</summary>
    public Grain? Per(YamlMapping map, string owner) =>
        schema.Scalar(map["per"], "per", owner) is { } node ? schema.Enum(node, BatchManifestReader.Grains, "per", owner) : null;

    /// <summary><c>scorecard: { kpis: { aov: 2 }, categories: { sales: 3 } }</c>; null when absent or invalid.</summary>
    public ScorecardDefinition? Scorecard(YamlNode? node, string owner)
    {
        var what = $"'scorecard' of {owner}";
        if (node is null or YamlScalar { IsNull: true } || schema.Mapping(node, what) is not { } map)
        {
            return null;
        }

        schema.CheckKeys(map, ScorecardKeys, what);
        return new ScorecardDefinition(Weights(map["kpis"], $"'kpis' of {what}", identifiers: true), Weights(map["categories"], $"'categories' of {what}", identifiers: false), schema.Span(map));
    }

    private Dictionary<string, double> Weights(YamlNode? node, string what, bool identifiers)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, value) in schema.Mapping(node, what)?.Entries ?? [])
        {
            var name = identifiers ? schema.Identifier(key, "KPI id") : key.Value;
            if (schema.Scalar(value, key.Value, what) is not { } scalar)
            {
                schema.ReportMissing(key.Value, what, schema.Span(key), empty: true);
                continue;
            }

            if (AtLeast(scalar, $"the weight of '{key.Value}' in {what}") is { } weight && name is not null)
            {
                weights[name] = weight;
            }
        }

        return weights;
    }

    /// <summary>A number that is zero or more (a count or a weight).</summary>
    private double? AtLeast(YamlScalar scalar, string what)
    {
        if (schema.Number(scalar, what) is not { } value)
        {
            return null;
        }

        if (value >= 0)
        {
            return value;
        }

        schema.Invalid(scalar, $"{SchemaReader.Capital(what)} is {scalar.Value}, but it must be zero or more.", "Write 0 to turn it off, or a positive number.");
        return null;
    }
}
