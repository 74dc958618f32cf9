using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using KpiEngine.Benchmarks;
using KpiEngine.Datasets;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;

namespace KpiEngine.Reporting;

/// <summary>Machine-readable output formats.</summary>
public static partial class ResultWriters
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes results as JSON: <c>{ "clients": [ { "client", "name", "status", "grain", "periods",
    /// "results": [ { client, kpi, name, period, value, reason, unit, partial, status?, benchmark?, trace? } ], "diagnostics": [...] } ] }</c>;
    /// <c>status</c> (<c>good</c>, <c>warning</c>, <c>poor</c>, or null when undefined) and
    /// <c>benchmark</c> (<c>{ good, poor, reference? }</c>) only for KPIs with a benchmark;
    /// <c>trace</c> only when the results carry one (<c>--trace</c>); <c>"goals"</c> (see
    /// <see cref="WriteGoalsJson"/>) after the results when the client has goals.
    /// With dimensions, a client also has <c>"dimensions": ["channel"]</c> and each result split by
    /// them <c>"dimensions": { "channel": "email" }</c> (null for an empty cell); totals have none, and a
    /// subtotal (<c>--subtotals</c>) only the leading columns it is split by (<c>{ "region": "north" }</c>).
    /// A cohort KPI's results also have <c>"cohort"</c> (its period label) and <c>"age"</c> after <c>"period"</c>.
    /// At grain <c>all</c>, a client also has <c>"first_date"</c> and <c>"last_date"</c> after its
    /// periods: the dates its one period <c>all</c> covers.
    /// </summary>
    public static void WriteJson(Stream stream, IEnumerable<ClientResult> clients) => WriteClients(stream, clients, WriteResults);

    /// <summary>The part of a client object of <see cref="WriteJson"/> between its status and its diagnostics.</summary>
    private static void WriteResults(Utf8JsonWriter json, ClientResult client)
    {
        json.WriteString("grain", Lower(client.Grain.ToString()));
        if (client.Dimensions.Count > 0)
        {
            json.WriteStartArray("dimensions");
            foreach (var dimension in client.Dimensions)
            {
                json.WriteStringValue(dimension);
            }

            json.WriteEndArray();
        }

        json.WriteStartArray("periods");
        foreach (var period in client.Periods)
        {
            json.WriteStringValue(period);
        }

        json.WriteEndArray();
        if (client.FirstDate is { } firstDate && client.LastDate is { } lastDate)
        {
            json.WriteString("first_date", IsoDay(firstDate));
            json.WriteString("last_date", IsoDay(lastDate));
        }

        json.WriteStartArray("results");
        foreach (var result in client.Results)
        {
            json.WriteStartObject();
            json.WriteString("client", result.Client);
            json.WriteString("kpi", result.Kpi);
            json.WriteString("name", result.Name);
            json.WriteString("period", result.Period);
            if (result.Cohort is { } cohort)
            {
                json.WriteString("cohort", cohort);
                json.WriteNumber("age", result.Age ?? 0);
            }

            if (result.Dimensions.Count > 0)
            {
                json.WriteStartObject("dimensions");
                foreach (var (dimension, dimensionValue) in result.Dimensions)
                {
                    json.WriteString(dimension, dimensionValue);
                }

                json.WriteEndObject();
            }

            WriteNumber(json, "value", result.Value);
            json.WriteString("reason", result.Reason);
            json.WriteString("unit", UnitText(result.Unit));
            json.WriteBoolean("partial", result.Partial);
            if (result.Benchmark is { } benchmark)
            {
                WriteBenchmark(json, benchmark, result.Status);
                WriteJudging(json, result);
            }

            if (result.Trace is { } trace)
            {
                WriteTrace(json, trace);
            }

            json.WriteEndObject();
            FlushEarly(json);
        }

        json.WriteEndArray();
        if (client.Goals.Count > 0)
        {
            WriteGoals(json, client.Goals);
        }

        if (client.Scorecard.Count > 0)
        {
            WriteScorecard(json, client.Scorecard);
        }

    }

    /// <summary>
    /// Writes results as CSV with the columns <c>client,kpi,period,value,reason,unit,partial,status</c>
    /// (<c>status</c> is good, warning or poor against the KPI's benchmark, empty without one). With
    /// dimensions, one column per dimension follows <c>period</c>: empty where the row is not split by
    /// that column (total rows, and a subtotal's later columns under <c>--subtotals</c>),
    /// <c>(missing)</c> for rows whose cell was empty. When some KPI is a cohort KPI, two columns
    /// <c>cohort,age</c> follow (empty for values of a period). When a client ran at grain <c>all</c>, two
    /// columns <c>first_date,last_date</c> follow <c>status</c>: the dates that client's period covers.
    /// </summary>
    public static void WriteCsv(Stream stream, IEnumerable<ClientResult> clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        var list = clients.ToList();
        var dimensions = list.SelectMany(c => c.Dimensions).Distinct(StringComparer.Ordinal).ToList();
        var spans = list.Any(c => c.FirstDate is not null);
        using var writer = new StreamWriter(stream, Utf8NoBom, leaveOpen: true) { NewLine = "\r\n" };
        // The status_reason column only where some status has a reason, so outputs without one keep their columns.
        // (A run's table of results per period answers both questions without making its records.)
        var reasons = list.Any(c => c.Results is ResultTable table ? table.AnyStatusReason : c.Results.Any(r => r.StatusReason is not null));
        string[] spanColumns = spans ? ["first_date", "last_date"] : [];
        // The cohort,age columns only where some KPI is a cohort KPI, so other outputs keep their columns.
        var cohorts = list.Any(c => c.Results is not ResultTable && c.Results.Any(r => r.Cohort is not null));
        string[] cohortColumns = cohorts ? ["cohort", "age"] : [];
        writer.WriteLine(string.Join(',', ["client", "kpi", "period", .. dimensions.Select(CsvText), .. cohortColumns, "value", "reason", "unit", "partial", "status", .. reasons ? ["status_reason"] : Array.Empty<string>(), .. spanColumns]));
        // Hundreds of thousands of rows under --by: the cells that repeat (ids, periods, dimension values, units)
        // are quoted once, and numbers are printed into one buffer, so a row costs no strings of its own.
        var cells = new Dictionary<string, string>(ReferenceEqualityComparer.Instance);
        string Cell(string text) => cells.TryGetValue(text, out var cell) ? cell : cells[text] = CsvText(text);
        Span<char> number = stackalloc char[NumberFormat.MachineLength];
        foreach (var client in list)
        {
            var clientSpans = spans ? SpanCells(client) : string.Empty;
            foreach (var result in client.Results)
            {
                writer.Write(Cell(result.Client));
                writer.Write(',');
                writer.Write(Cell(result.Kpi));
                writer.Write(',');
                writer.Write(Cell(result.Period));
                writer.Write(',');
                foreach (var dimension in dimensions)
                {
                    // A column the row is not split by (a total, a subtotal's later columns) stays empty; an empty cell of the data is (missing).
                    if (DimensionIndexOf(result.Dimensions, dimension) is var at and >= 0)
                    {
                        writer.Write(Cell(result.Dimensions[at].Value ?? DimensionCombination.MissingValue));
                    }

                    writer.Write(',');
                }

                if (cohorts)
                {
                    writer.Write(result.Cohort is { } cohort ? $"{CsvText(cohort)},{result.Age?.ToString(System.Globalization.CultureInfo.InvariantCulture)}," : ",,");
                }

                if (result.Value is { } value && double.IsFinite(value))
                {
                    writer.Write(number[..NumberFormat.Machine(value, number)]);
                }

                writer.Write(',');
                writer.Write(result.Reason is null ? string.Empty : CsvText(result.Reason));
                writer.Write(',');
                writer.Write(UnitText(result.Unit));
                writer.Write(result.Partial ? ",true," : ",false,");
                writer.Write(result.Status is { } status ? BenchmarkStatusText(status) : string.Empty);
                if (reasons)
                {
                    writer.Write(',');
                    writer.Write(result.StatusReason is { } statusReason ? CsvText(statusReason) : string.Empty);
                }

                writer.WriteLine(clientSpans);
            }
        }

        WriteScorecardCsv(writer, list, dimensions.Count + cohortColumns.Length, reasons, spans);
    }

    /// <summary>Where a result's value of one dimension column is in its dimensions; -1 for a column the result is not split by.</summary>
    private static int DimensionIndexOf(IReadOnlyList<KeyValuePair<string, string?>> values, string dimension)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i].Key, dimension, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A unit as written in outputs (<c>percent</c>), without a string per row.</summary>
    private static string UnitText(KpiUnit unit) => UnitTexts.TryGetValue(unit, out var text) ? text : Lower(unit.ToString());

    private static readonly Dictionary<KpiUnit, string> UnitTexts = Enum.GetValues<KpiUnit>().ToDictionary(unit => unit, unit => Lower(unit.ToString()));

    /// <summary>The <c>,first_date,last_date</c> cells of a client's CSV rows at grain all (empty dates for a client without).</summary>
    private static string SpanCells(ClientResult client) =>
        "," + (client.FirstDate is { } firstDate ? IsoDay(firstDate) : string.Empty) + "," + (client.LastDate is { } lastDate ? IsoDay(lastDate) : string.Empty);

    /// <summary>A date as written in outputs: <c>2026-03-05</c>.</summary>
    private static string IsoDay(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Quotes a text cell when it needs it, and defuses cells a spreadsheet would run as a formula
    /// (starting with =, +, -, @, tab or carriage return) by prefixing a single quote.
    /// </summary>
    public static string CsvText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    private static void WriteBenchmark(Utf8JsonWriter json, Benchmark benchmark, BenchmarkStatus? status)
    {
        if (status is { } rated)
        {
            json.WriteString("status", BenchmarkStatusText(rated));
        }
        else
        {
            json.WriteNull("status");
        }

        json.WriteStartObject("benchmark");
        WriteNumber(json, "good", benchmark.Good);
        WriteNumber(json, "poor", benchmark.Poor);
        if (benchmark.Reference is { } reference)
        {
            WriteNumber(json, "reference", reference);
        }

        json.WriteEndObject();
    }

    /// <summary>
    /// Writes a number property of the JSON outputs: <see cref="NumberFormat.Machine(double)"/>, or null when
    /// there is no value (the engine never has NaN or an infinity as a value; should one reach here,
    /// it is written as null too, never as text a JSON reader rejects).
    /// </summary>
    internal static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        json.WritePropertyName(name);
        if (value is { } number && double.IsFinite(number))
        {
            json.WriteRawValue(NumberFormat.Machine(number));
        }
        else
        {
            json.WriteNullValue();
        }
    }

    /// <summary>A number cell of the CSV output, by the same rule as <see cref="WriteNumber"/>: empty when there is no value.</summary>
    private static string NumberCell(double? value) =>
        value is { } number && double.IsFinite(number) ? NumberFormat.Machine(number) : string.Empty;

    /// <summary>Writes one diagnostic as <c>{ id, severity, message, file, line, column, suggestion }</c>; shared with the batch run summary.</summary>
    internal static void WriteDiagnostic(Utf8JsonWriter json, Diagnostic diagnostic)
    {
        json.WriteStartObject();
        json.WriteString("id", diagnostic.Id);
        json.WriteString("severity", Lower(diagnostic.Severity.ToString()));
        json.WriteString("message", diagnostic.Message);
        if (diagnostic.Span is { } span)
        {
            json.WriteString("file", span.File);
            json.WriteNumber("line", span.Line);
            json.WriteNumber("column", span.Column);
        }

        if (diagnostic.Suggestion is { } suggestion)
        {
            json.WriteString("suggestion", suggestion);
        }

        json.WriteEndObject();
    }

    /// <summary>A benchmark status as written in outputs: <c>good</c>, <c>warning</c>, <c>poor</c>, <c>insufficient_data</c>.</summary>
    public static string BenchmarkStatusText(BenchmarkStatus status) => status == BenchmarkStatus.InsufficientData ? "insufficient_data" : Lower(status.ToString());

    /// <summary>The status as written in outputs: <c>succeeded</c>, <c>completed_with_errors</c>, <c>failed</c>.</summary>
    public static string StatusText(ClientStatus status) => status switch
    {
        ClientStatus.Succeeded => "succeeded",
        ClientStatus.CompletedWithErrors => "completed_with_errors",
        _ => "failed",
    };

#pragma warning disable CA1308 // Lower case is the documented form of enum values in outputs, not a normalisation for comparison.
    private static string Lower(string text) => text.ToLowerInvariant();
#pragma warning restore CA1308
}
