using System.Text.Json;
using KpiEngine.Evaluation;

namespace KpiEngine.Reporting;

/// <summary>The <c>trace</c> object of a JSON result.</summary>
public static partial class ResultWriters
{
    /// <summary>
    /// Writes <c>"trace": { kpi, kind, period, formula, value, reason, partial, dataset?, aggregates,
    /// names: [ { name, kind, value, reason, formula, dataset?, input_kind? } ], time_values }</c>,
    /// where a dataset is <c>{ name, rows, filter, covered }</c> and aggregates and time values are
    /// <c>{ text, period, value, reason }</c>.
    /// </summary>
    private static void WriteTrace(Utf8JsonWriter json, ValueTrace trace)
    {
        json.WriteStartObject("trace");
        json.WriteString("kpi", trace.Id);
        json.WriteString("kind", trace.Kind);
        json.WriteString("period", trace.Period);
        json.WriteString("formula", trace.Formula);
        WriteValue(json, trace.Value, trace.Reason);
        json.WriteBoolean("partial", trace.Partial);
        WriteDataset(json, trace.Dataset);
        WriteValues(json, "aggregates", trace.Aggregates);
        json.WriteStartArray("names");
        foreach (var name in trace.Names)
        {
            json.WriteStartObject();
            json.WriteString("name", name.Name);
            json.WriteString("kind", name.Kind);
            WriteValue(json, name.Value, name.Reason);
            json.WriteString("formula", name.Formula);
            WriteDataset(json, name.Dataset);
            if (name.InputKind is { } kind)
            {
                json.WriteString("input_kind", Lower(kind.ToString()));
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteValues(json, "time_values", trace.TimeValues);
        json.WriteEndObject();
    }

    private static void WriteValues(Utf8JsonWriter json, string property, IReadOnlyList<TracedValue> values)
    {
        json.WriteStartArray(property);
        foreach (var value in values)
        {
            json.WriteStartObject();
            json.WriteString("text", value.Text);
            json.WriteString("period", value.Period);
            WriteValue(json, value.Value, value.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteDataset(Utf8JsonWriter json, TracedDataset? dataset)
    {
        if (dataset is null)
        {
            return;
        }

        json.WriteStartObject("dataset");
        json.WriteString("name", dataset.Name);
        json.WriteNumber("rows", dataset.Rows);
        json.WriteString("filter", dataset.Filter);
        json.WriteBoolean("covered", dataset.Covered);
        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, double? value, string? reason)
    {
        WriteNumber(json, "value", value);
        json.WriteString("reason", reason);
    }
}
