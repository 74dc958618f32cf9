using System.Text.Json;
using KpiEngine.Definitions;
using KpiEngine.Evaluation;

namespace KpiEngine.Reporting;

/// <summary>Outputs of trustworthy statuses and the weighted scorecard.</summary>
public static partial class ResultWriters
{
    /// <summary>
    /// After a result's <c>status</c> and <c>benchmark</c>: <c>"status_reason"</c> when the status is insufficient data or
    /// the benchmark does not judge the grain; <c>"bands": { good, poor, reference?, per, scaling }</c> only when the bands
    /// were converted from the grain the benchmark is stated for.
    /// </summary>
    private static void WriteJudging(Utf8JsonWriter json, string? statusReason, Benchmarks.JudgedBands? judged)
    {
        if (statusReason is { } reason)
        {
            json.WriteString("status_reason", reason);
        }

        if (judged is { Converted: true } bands)
        {
            json.WriteStartObject("bands");
            WriteNumber(json, "good", bands.Good);
            WriteNumber(json, "poor", bands.Poor);
            if (bands.Reference is { } reference)
            {
                WriteNumber(json, "reference", reference);
            }

            json.WriteString("per", SufficiencyReader.Name(bands.Per));
            json.WriteString("scaling", SufficiencyReader.Name(bands.Scaling));
            json.WriteEndObject();
        }
    }

    /// <summary>
    /// A client's <c>"scorecard": [ { period, score, categories: [ { category, weight, score, share } ], kpis: [ { kpi, category,
    /// weight, status, points, share, left_out? } ] } ]</c>, one object per period; written only when the client has a scorecard.
    /// </summary>
    private static void WriteScorecard(Utf8JsonWriter json, IReadOnlyList<PeriodScore> scorecard)
    {
        json.WriteStartArray("scorecard");
        foreach (var period in scorecard)
        {
            json.WriteStartObject();
            json.WriteString("period", period.Period);
            WriteNumber(json, "score", period.Score);
            json.WriteStartArray("categories");
            foreach (var category in period.Categories)
            {
                json.WriteStartObject();
                json.WriteString("category", category.Category);
                WriteNumber(json, "weight", category.Weight);
                WriteNumber(json, "score", category.Score);
                WriteNumber(json, "share", category.Share);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("kpis");
            foreach (var kpi in period.Kpis)
            {
                json.WriteStartObject();
                json.WriteString("kpi", kpi.Kpi);
                json.WriteString("category", kpi.Category);
                WriteNumber(json, "weight", kpi.Weight);
                json.WriteString("status", kpi.Status is { } status ? BenchmarkStatusText(status) : null);
                WriteNumber(json, "points", kpi.Points);
                WriteNumber(json, "share", kpi.Share);
                if (kpi.LeftOut is { } leftOut)
                {
                    json.WriteString("left_out", leftOut);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>
    /// The scorecard as CSV rows after the results: <c>kpi</c> is <c>scorecard</c> for the overall score and
    /// <c>scorecard.&lt;category&gt;</c> per category, <c>unit</c> is <c>score</c>, <c>reason</c> says why a score is empty.
    /// </summary>
    private static void WriteScorecardCsv(CsvOutput csv, IEnumerable<ClientResult> clients, int dimensions, bool reasons, bool spans = false)
    {
        foreach (var client in clients)
        {
            foreach (var period in client.Scorecard)
            {
                Row("scorecard", period.Score);
                foreach (var category in period.Categories)
                {
                    Row("scorecard." + category.Category, category.Score);
                }

                void Row(string kpi, double? score)
                {
                    csv.Text(client.Client);
                    csv.Raw((byte)',');
                    csv.Text(kpi);
                    csv.Raw((byte)',');
                    csv.Text(period.Period);
                    csv.Raw((byte)',');
                    csv.Raw(new string(',', dimensions));
                    if (score is { } number && double.IsFinite(number))
                    {
                        csv.Number(number);
                    }

                    csv.Raw((byte)',');
                    csv.Raw(score is null ? "no KPI judged" : string.Empty);
                    csv.Raw(",score,false,"u8);
                    csv.Raw((reasons ? "," : string.Empty) + (spans ? SpanCells(client) : string.Empty));
                    csv.EndRow();
                }
            }
        }
    }
}
