using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using KpiEngine.Benchmarks;
using KpiEngine.Datasets;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;
using KpiEngine.Expressions;

namespace KpiEngine.Reporting;

/// <summary>Machine-readable output formats.</summary>
public static partial class ResultWriters
{
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
        var texts = new JsonTexts();
        if (client.Results is ResultTable table)
        {
            WriteTableResults(json, table, texts);
        }
        else
        {
            foreach (var result in client.Results)
            {
                WriteResult(json, texts, new JsonResult(texts[result.Client], texts[result.Kpi], texts[result.Name], texts[result.Period], texts[UnitText(result.Unit)], result.Dimensions)
                {
                    Cohort = result.Cohort,
                    Age = result.Age,
                    Value = result.Value,
                    Reason = result.Reason,
                    Partial = result.Partial,
                    Benchmark = result.Benchmark,
                    Status = result.Status,
                    StatusReason = result.StatusReason,
                    Bands = result.Bands,
                    Trace = result.Trace,
                });
            }
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
    /// The results of a run's table, read cell by cell without making their records; what results share (client,
    /// KPI, name, period, unit) is escaped once, not once per result.
    /// </summary>
    [MethodImpl(HotPath.Options)] // see WriteCsvRows
    private static void WriteTableResults(Utf8JsonWriter json, ResultTable table, JsonTexts texts)
    {
        var client = texts[table.Client];
        var periods = Enumerable.Range(0, table.PeriodCount).Select(p => texts[table.PeriodOf(p)]).ToArray();
        var index = 0;
        for (var node = 0; node < table.NodeCount; node++)
        {
            var (kpi, name, unit, benchmark) = (texts[table.KpiOf(node)], texts[table.NameOf(node)], texts[UnitText(table.UnitOf(node))], table.BenchmarkOf(node));
            for (var period = 0; period < periods.Length; period++)
            {
                for (var level = 0; level < table.LevelCount; level++, index++)
                {
                    var cell = table.CellAt(index);
                    WriteResult(json, texts, new JsonResult(client, kpi, name, periods[period], unit, table.DimensionsOf(level))
                    {
                        Value = cell.Value.AsNullable(),
                        Reason = cell.Value.Reason,
                        Partial = cell.Partial,
                        Benchmark = benchmark,
                        Status = cell.Verdict.Status,
                        StatusReason = cell.Verdict.Reason,
                        Bands = cell.Verdict.Bands,
                        Trace = table.TraceAt(index),
                    });
                }
            }
        }
    }

    /// <summary>One result object of <see cref="WriteJson"/>, from a record or from a table's cell.</summary>
    [MethodImpl(HotPath.Options)] // see WriteCsvRows
    private static void WriteResult(Utf8JsonWriter json, JsonTexts texts, in JsonResult result)
    {
        json.WriteStartObject();
        json.WriteString(JsonTexts.Client, result.Client);
        json.WriteString(JsonTexts.Kpi, result.Kpi);
        json.WriteString(JsonTexts.Name, result.Name);
        json.WriteString(JsonTexts.Period, result.Period);
        if (result.Cohort is { } cohort)
        {
            json.WriteString("cohort", cohort);
            json.WriteNumber("age", result.Age ?? 0);
        }

        if (result.Dimensions.Count > 0)
        {
            json.WriteStartObject(JsonTexts.Dimensions);
            for (var i = 0; i < result.Dimensions.Count; i++)
            {
                var (dimension, dimensionValue) = result.Dimensions[i];
                if (dimensionValue is null)
                {
                    json.WriteNull(texts[dimension]);
                }
                else
                {
                    json.WriteString(texts[dimension], texts[dimensionValue]);
                }
            }

            json.WriteEndObject();
        }

        WriteNumber(json, JsonTexts.Value, result.Value);
        json.WriteString(JsonTexts.Reason, result.Reason);
        json.WriteString(JsonTexts.Unit, result.Unit);
        json.WriteBoolean(JsonTexts.Partial, result.Partial);
        if (result.Benchmark is { } benchmark)
        {
            WriteBenchmark(json, benchmark, result.Status);
            WriteJudging(json, result.StatusReason, result.Bands);
        }

        if (result.Trace is { } trace)
        {
            WriteTrace(json, trace);
        }

        json.WriteEndObject();
        FlushEarly(json);
    }

    /// <summary>What one result object of <see cref="WriteJson"/> holds, its repeated texts already escaped.</summary>
    private readonly record struct JsonResult(JsonEncodedText Client, JsonEncodedText Kpi, JsonEncodedText Name, JsonEncodedText Period, JsonEncodedText Unit,
        IReadOnlyList<KeyValuePair<string, string?>> Dimensions)
    {
        public string? Cohort { get; init; }

        public int? Age { get; init; }

        public double? Value { get; init; }

        public string? Reason { get; init; }

        public bool Partial { get; init; }

        public Benchmark? Benchmark { get; init; }

        public BenchmarkStatus? Status { get; init; }

        public string? StatusReason { get; init; }

        public JudgedBands? Bands { get; init; }

        public ValueTrace? Trace { get; init; }
    }

    /// <summary>
    /// The property names of a result object and the texts results repeat, escaped once as the JSON outputs' writer
    /// escapes (<see cref="JsonEncoder"/>): the same bytes as writing the strings, without escaping them again per result.
    /// </summary>
    private sealed class JsonTexts
    {
        public static readonly JsonEncodedText Client = JsonEncodedText.Encode("client", JsonEncoder);
        public static readonly JsonEncodedText Kpi = JsonEncodedText.Encode("kpi", JsonEncoder);
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name", JsonEncoder);
        public static readonly JsonEncodedText Period = JsonEncodedText.Encode("period", JsonEncoder);
        public static readonly JsonEncodedText Dimensions = JsonEncodedText.Encode("dimensions", JsonEncoder);
        public static readonly JsonEncodedText Value = JsonEncodedText.Encode("value", JsonEncoder);
        public static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason", JsonEncoder);
        public static readonly JsonEncodedText Unit = JsonEncodedText.Encode("unit", JsonEncoder);
        public static readonly JsonEncodedText Partial = JsonEncodedText.Encode("partial", JsonEncoder);

        private readonly Dictionary<string, JsonEncodedText> _texts = new(ReferenceEqualityComparer.Instance);

        /// <summary>A text results repeat, escaped once per string.</summary>
        public JsonEncodedText this[string text]
        {
            get
            {
                if (!_texts.TryGetValue(text, out var encoded))
                {
                    encoded = JsonEncodedText.Encode(text, JsonEncoder);
                    _texts[text] = encoded;
                }

                return encoded;
            }
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
        // The status_reason column only where some status has a reason, so outputs without one keep their columns.
        // (A run's table of results per period answers both questions without making its records.)
        var reasons = list.Any(c => c.Results is ResultTable table ? table.AnyStatusReason : c.Results.Any(r => r.StatusReason is not null));
        string[] spanColumns = spans ? ["first_date", "last_date"] : [];
        // The cohort,age columns only where some KPI is a cohort KPI, so other outputs keep their columns.
        var cohorts = list.Any(c => c.Results is not ResultTable && c.Results.Any(r => r.Cohort is not null));
        string[] cohortColumns = cohorts ? ["cohort", "age"] : [];
        using var csv = new CsvOutput(stream);
        csv.Raw(string.Join(',', ["client", "kpi", "period", .. dimensions.Select(CsvText), .. cohortColumns, "value", "reason", "unit", "partial", "status", .. reasons ? ["status_reason"] : Array.Empty<string>(), .. spanColumns]));
        csv.EndRow();
        var row = new CsvRow(csv, dimensions, cohorts, reasons);
        foreach (var client in list)
        {
            var clientSpans = CsvOutput.Encode(spans ? SpanCells(client) : string.Empty);
            if (client.Results is ResultTable table)
            {
                WriteCsvRows(row, table, clientSpans);
                continue;
            }

            foreach (var result in client.Results)
            {
                row.Start(result.Client, result.Kpi, result.Period);
                foreach (var dimension in dimensions)
                {
                    // A column the row is not split by (a total, a subtotal's later columns) stays empty; an empty cell of the data is (missing).
                    if (DimensionIndexOf(result.Dimensions, dimension) is var at and >= 0)
                    {
                        csv.Cell(result.Dimensions[at].Value ?? DimensionCombination.MissingValue);
                    }

                    csv.Raw((byte)',');
                }

                if (cohorts)
                {
                    csv.Raw(result.Cohort is { } cohort ? $"{CsvText(cohort)},{result.Age?.ToString(System.Globalization.CultureInfo.InvariantCulture)}," : ",,");
                }

                row.End(result.Value, result.Reason, result.Unit, result.Partial, result.Status, result.StatusReason, clientSpans);
            }
        }

        WriteScorecardCsv(csv, list, dimensions.Count + cohortColumns.Length, reasons, spans);
    }

    /// <summary>
    /// The CSV rows of a run's table of results, read cell by cell without making their records: what rows share is
    /// encoded once, not once per row: the start of the rows of one KPI and period (<c>client,kpi,period,</c>), each
    /// level's dimension cells, and the end of a row whose cells have no reason (<c>,,unit,partial,status…</c>, one per
    /// partial flag and status of the KPI, made by <see cref="CsvRow.End"/> itself). Such a row is then written in four
    /// pieces (a half million of them at 10M rows per client and month), any other through <see cref="CsvRow.End"/>.
    /// </summary>
    /// <remarks>
    /// Compiled optimised from the start (as are the row's cells and the numbers): a run writes its rows once, in
    /// one call, and tiered compilation would run all half million of them in its first, unoptimised code.
    /// </remarks>
    [MethodImpl(HotPath.Options)]
    private static void WriteCsvRows(CsvRow row, ResultTable table, byte[] clientSpans)
    {
        var levels = new byte[table.LevelCount][];
        for (var level = 0; level < levels.Length; level++)
        {
            levels[level] = row.DimensionCells(table.DimensionsOf(level));
        }

        var output = row.Output;
        var client = output.CellBytes(table.Client);
        var statuses = Enum.GetValues<BenchmarkStatus>().Length;
        var ends = new byte[]?[2 * (statuses + 1)];
        var index = 0;
        for (var node = 0; node < table.NodeCount; node++)
        {
            var kpi = output.CellBytes(table.KpiOf(node));
            var unit = table.UnitOf(node);
            Array.Clear(ends);
            for (var period = 0; period < table.PeriodCount; period++)
            {
                byte[] start = [.. client, (byte)',', .. kpi, (byte)',', .. output.CellBytes(table.PeriodOf(period)), (byte)','];
                for (var level = 0; level < levels.Length; level++, index++)
                {
                    var cell = table.CellAt(index);
                    output.Raw(start);
                    output.Raw(levels[level]);
                    var status = cell.Verdict.Status;
                    if (cell.Value.Reason is not null || cell.Verdict.Reason is not null || (status is { } known && (uint)known >= (uint)statuses))
                    {
                        row.End(cell.Value.AsNullable(), cell.Value.Reason, unit, cell.Partial, status, cell.Verdict.Reason, clientSpans);
                        continue;
                    }

                    if (cell.Value.AsNullable() is { } number && double.IsFinite(number))
                    {
                        output.Number(number);
                    }

                    var end = ((cell.Partial ? 1 : 0) * (statuses + 1)) + (status is { } rated ? (int)rated : statuses);
                    output.Raw(ends[end] ??= row.EndOfRow(unit, cell.Partial, status, clientSpans));
                }
            }
        }
    }

    /// <summary>The cells every CSV row of results has, written the same way whether the row comes from a record or a table.</summary>
    private sealed class CsvRow(CsvOutput output, List<string> dimensions, bool cohorts, bool reasons)
    {
        // By the enum's number, not in dictionaries: read once per row, and a dictionary keyed by one of our enums has
        // no precompiled code, so the first hundred thousand rows ran its unoptimised lookup.
        private static readonly byte[][] Units = [.. Enum.GetValues<KpiUnit>().Select(unit => CsvOutput.Encode(UnitText(unit)))];

        private static readonly byte[][] Statuses = [.. Enum.GetValues<BenchmarkStatus>().Select(status => CsvOutput.Encode(BenchmarkStatusText(status)))];

        public CsvOutput Output => output;

        /// <summary>Writes <c>client,kpi,period,</c>.</summary>
        public void Start(string client, string kpi, string period) => Start(output.CellBytes(client), output.CellBytes(kpi), output.CellBytes(period));

        /// <inheritdoc cref="Start(string, string, string)"/>
        [MethodImpl(HotPath.Options)]
        public void Start(byte[] client, byte[] kpi, byte[] period)
        {
            output.Raw(client);
            output.Raw((byte)',');
            output.Raw(kpi);
            output.Raw((byte)',');
            output.Raw(period);
            output.Raw((byte)',');
        }

        /// <summary>
        /// The cells of the dimension columns (and the empty <c>cohort,age</c> cells) of a row split by <paramref name="values"/>,
        /// each followed by its comma: empty for a column the row is not split by, <c>(missing)</c> for an empty cell of the data.
        /// </summary>
        public byte[] DimensionCells(IReadOnlyList<KeyValuePair<string, string?>> values)
        {
            var cells = new List<byte>();
            foreach (var dimension in dimensions)
            {
                if (DimensionIndexOf(values, dimension) is var at and >= 0)
                {
                    cells.AddRange(output.CellBytes(values[at].Value ?? DimensionCombination.MissingValue));
                }

                cells.Add((byte)',');
            }

            if (cohorts)
            {
                cells.AddRange(",,"u8);
            }

            return [.. cells];
        }

        /// <summary>What <see cref="End"/> writes after a row's value when neither it nor its status has a reason.</summary>
        public byte[] EndOfRow(KpiUnit unit, bool partial, BenchmarkStatus? status, byte[] clientSpans)
        {
            using var bytes = new MemoryStream();
            using (var end = new CsvOutput(bytes))
            {
                new CsvRow(end, dimensions, cohorts, reasons).End(null, null, unit, partial, status, null, clientSpans);
            }

            return bytes.ToArray();
        }

        /// <summary>Writes <c>value,reason,unit,partial,status[,status_reason]</c>, the client's date cells and the line end.</summary>
        [MethodImpl(HotPath.Options)]
        public void End(double? value, string? reason, KpiUnit unit, bool partial, BenchmarkStatus? status, string? statusReason, byte[] clientSpans)
        {
            if (value is { } number && double.IsFinite(number))
            {
                output.Number(number);
            }

            output.Raw((byte)',');
            if (reason is not null)
            {
                output.Text(reason);
            }

            output.Raw((byte)',');
            output.Raw((uint)unit < (uint)Units.Length ? Units[(int)unit] : CsvOutput.Encode(UnitText(unit)));
            output.Raw(partial ? ",true,"u8 : ",false,"u8);
            if (status is { } rated)
            {
                output.Raw((uint)rated < (uint)Statuses.Length ? Statuses[(int)rated] : CsvOutput.Encode(BenchmarkStatusText(rated)));
            }

            if (reasons)
            {
                output.Raw((byte)',');
                if (statusReason is not null)
                {
                    output.Text(statusReason);
                }
            }

            output.Raw(clientSpans);
            output.EndRow();
        }
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
        WriteNumberValue(json, value);
    }

    /// <inheritdoc cref="WriteNumber(Utf8JsonWriter, string, double?)"/>
    internal static void WriteNumber(Utf8JsonWriter json, JsonEncodedText name, double? value)
    {
        json.WritePropertyName(name);
        WriteNumberValue(json, value);
    }

    private static void WriteNumberValue(Utf8JsonWriter json, double? value)
    {
        if (value is { } number && double.IsFinite(number))
        {
            // A number as Machine prints it is valid JSON: the writer need not parse it again to check.
            Span<byte> text = stackalloc byte[NumberFormat.MachineLength];
            json.WriteRawValue(text[..NumberFormat.Machine(number, text)], skipInputValidation: true);
        }
        else
        {
            json.WriteNullValue();
        }
    }

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
