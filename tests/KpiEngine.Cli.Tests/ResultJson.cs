using System.Text.Json;

namespace KpiEngine.Cli.Tests;

/// <summary>Reads the results of <c>kpi run --format json</c> by (kpi, period); a cohort KPI's cells (per cohort and age) are left out.</summary>
internal static class ResultJson
{
    public static Dictionary<(string Kpi, string Period), (double? Value, string? Reason)> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var results = new Dictionary<(string, string), (double?, string?)>();
        foreach (var result in document.RootElement.GetProperty("clients").EnumerateArray().SelectMany(c => c.GetProperty("results").EnumerateArray()))
        {
            if (result.TryGetProperty("cohort", out _))
            {
                continue;
            }

            var value = result.GetProperty("value");
            results[(result.GetProperty("kpi").GetString()!, result.GetProperty("period").GetString()!)] = (
                value.ValueKind == JsonValueKind.Null ? null : value.GetDouble(),
                result.GetProperty("reason").GetString());
        }

        return results;
    }
}
