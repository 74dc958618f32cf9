using System.Text.Encodings.Web;
using System.Text.Json;
using KpiEngine.Evaluation;
using KpiEngine.Goals;

namespace KpiEngine.Reporting;

public static partial class ResultWriters
{
    /// <summary>
    /// Writes only the goals: <c>{ "clients": [ { "client", "name", "status", "goals": [...], "diagnostics": [...] } ] }</c>,
    /// each goal as in <see cref="WriteJson"/>.
    /// </summary>
    public static void WriteGoalsJson(Stream stream, IEnumerable<ClientResult> clients) =>
        WriteClients(stream, clients, (json, client) => WriteGoals(json, client.Goals));

    /// <summary>
    /// The shape every JSON output shares: <c>{ "clients": [ { "client", "name", "status", ..., "diagnostics" } ] }</c>,
    /// with <paramref name="body"/> writing what comes between the status and the diagnostics.
    /// </summary>
    private static void WriteClients(Stream stream, IEnumerable<ClientResult> clients, Action<Utf8JsonWriter, ClientResult> body)
    {
        ArgumentNullException.ThrowIfNull(clients);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JsonEncoder });
        json.WriteStartObject();
        json.WriteStartArray("clients");
        foreach (var client in clients)
        {
            json.WriteStartObject();
            json.WriteString("client", client.Client);
            json.WriteString("name", client.Name);
            json.WriteString("status", StatusText(client.Status));
            body(json, client);
            WriteClientEnd(json, client);
            FlushEarly(json);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>How the JSON outputs escape text: only what JSON requires, so names and reasons stay readable.</summary>
    private static readonly JavaScriptEncoder JsonEncoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>
    /// Hands what the writer holds to its stream once it is more than a buffer's worth: a Utf8JsonWriter
    /// keeps everything until flushed, and half a million results of a run by client were 300 MB of it.
    /// </summary>
    private static void FlushEarly(Utf8JsonWriter json)
    {
        if (json.BytesPending >= 64 * 1024)
        {
            json.Flush();
        }
    }

    /// <summary>Ends a client object of the JSON outputs with its diagnostics.</summary>
    private static void WriteClientEnd(Utf8JsonWriter json, ClientResult client)
    {
        json.WriteStartArray("diagnostics");
        foreach (var diagnostic in client.Diagnostics)
        {
            WriteDiagnostic(json, diagnostic);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>The status as written in outputs: <c>achieved</c>, <c>on_track</c>, <c>at_risk</c>, <c>off_track</c>, <c>unknown</c>.</summary>
    public static string GoalStatusText(GoalStatus status) => status switch
    {
        GoalStatus.Achieved => "achieved",
        GoalStatus.OnTrack => "on_track",
        GoalStatus.AtRisk => "at_risk",
        GoalStatus.OffTrack => "off_track",
        _ => "unknown",
    };

    /// <summary>
    /// <c>"goals": [ { id, name, kpi, kpi_name, unit, kind, baseline: { period, value }, target, deadline,
    /// current: { period, value }, progress, expected_progress, projection, status, reason,
    /// supporting: [ { kpi, name, unit, baseline: {...}, current: {...}, derivation, kind, target, ... } ] } ]</c>;
    /// undefined numbers are null.
    /// </summary>
    internal static void WriteGoals(Utf8JsonWriter json, IReadOnlyList<GoalResult> goals)
    {
        json.WriteStartArray("goals");
        foreach (var goal in goals)
        {
            json.WriteStartObject();
            json.WriteString("id", goal.Id);
            json.WriteString("name", goal.Name);
            json.WriteString("kpi", goal.Kpi);
            json.WriteString("kpi_name", goal.KpiName);
            json.WriteString("unit", Lower(goal.Unit.ToString()));
            json.WriteString("kind", goal.IsThreshold ? "threshold" : "change");
            WritePoint(json, "baseline", goal.Baseline);
            WriteNumber(json, "target", goal.Target);
            json.WriteString("deadline", goal.Deadline);
            WritePoint(json, "current", goal.Current);
            WriteVerdict(json, goal.Progress, goal.ExpectedProgress, goal.Projection, goal.Status, goal.Reason);
            WriteSupporting(json, goal.Supporting);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>
    /// <c>"supporting": [ { kpi, name, unit, baseline, current, derivation, kind, target, progress, expected_progress,
    /// projection, status, reason, supporting: [...] } ]</c>, nested as deep as the cascade goes.
    /// </summary>
    private static void WriteSupporting(Utf8JsonWriter json, IReadOnlyList<SupportingKpiResult> entries)
    {
        json.WriteStartArray("supporting");
        foreach (var supporting in entries)
        {
            json.WriteStartObject();
            json.WriteString("kpi", supporting.Kpi);
            json.WriteString("name", supporting.Name);
            json.WriteString("unit", Lower(supporting.Unit.ToString()));
            WritePoint(json, "baseline", supporting.Baseline);
            WritePoint(json, "current", supporting.Current);
            json.WriteString("derivation", Lower(supporting.Derivation.ToString()));
            json.WriteString("kind", supporting.IsThreshold ? "threshold" : "change");
            WriteNumber(json, "target", supporting.Target);
            WriteVerdict(json, supporting.Progress, supporting.ExpectedProgress, supporting.Projection, supporting.Status, supporting.Reason);
            WriteSupporting(json, supporting.Supporting);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>How a goal or a supporting KPI is judged: <c>progress, expected_progress, projection, status, reason</c>.</summary>
    private static void WriteVerdict(Utf8JsonWriter json, double? progress, double? expectedProgress, double? projection, GoalStatus status, string? reason)
    {
        WriteNumber(json, "progress", progress);
        WriteNumber(json, "expected_progress", expectedProgress);
        WriteNumber(json, "projection", projection);
        json.WriteString("status", GoalStatusText(status));
        json.WriteString("reason", reason);
    }

    private static void WritePoint(Utf8JsonWriter json, string name, GoalPoint point)
    {
        json.WriteStartObject(name);
        json.WriteString("period", point.Period);
        WriteNumber(json, "value", point.Value);
        json.WriteEndObject();
    }
}
