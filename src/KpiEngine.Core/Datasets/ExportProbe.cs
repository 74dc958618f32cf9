using KpiEngine.Definitions;
using KpiEngine.Diagnostics;

namespace KpiEngine.Datasets;

/// <summary>One column of an export as <see cref="ExportProbe"/> read it.</summary>
/// <param name="Name">The column's name as in the header (or the JSON property).</param>
/// <param name="Type">The type the engine infers for it from the sampled rows, exactly as a run would.</param>
public sealed record ExportColumn(string Name, ColumnType Type);

/// <summary>What a look at an unseen export found: how to read it, and its columns.</summary>
/// <param name="Path">The export's absolute path.</param>
/// <param name="Format">Its format, from the extension.</param>
/// <param name="Delimiter">The CSV field delimiter (',' for other formats).</param>
/// <param name="Culture">The culture its numbers are written in; empty for invariant (<c>1234.5</c>).</param>
/// <param name="DateFormats">The date formats its dates need; empty when they are ISO 8601.</param>
/// <param name="Columns">Every column, in file order, with its inferred type.</param>
/// <param name="TimeColumn">The column that places a row in time: the first date column; null when no column holds dates.</param>
public sealed record ExportDescription(
    string Path,
    DatasetFormat Format,
    char Delimiter,
    string Culture,
    IReadOnlyList<string> DateFormats,
    IReadOnlyList<ExportColumn> Columns,
    string? TimeColumn)
{
    /// <summary>The columns that hold dates (with or without a time of day), in file order.</summary>
    public IReadOnlyList<string> DateColumns => [.. Columns.Where(c => c.Type is ColumnType.Date or ColumnType.DateTime).Select(c => c.Name)];
}

/// <summary>
/// Looks at an export nobody has described yet (for <c>kpi init</c>): its format from the extension, a
/// CSV's delimiter from its header line, then the engine's own schema reading and type inference
/// (<see cref="DatasetSchemaReader"/>, <see cref="ColumnInference"/>) over the first
/// <see cref="DatasetSchemaReader.SampleSize"/> rows, so the types it reports are the ones a run infers.
/// Dates that are not ISO 8601 and numbers with a decimal comma are found by reading the sample again
/// with the usual export formats and cultures, keeping the reading that understands the most values.
/// </summary>
public static class ExportProbe
{
    /// <summary>Delimiters tried on a CSV header, in order of preference on a tie.</summary>
    private static readonly char[] Delimiters = [',', ';', '\t', '|'];

    /// <summary>Common non-ISO date formats of spreadsheet and ERP exports; day-first before month-first.</summary>
    private static readonly string[][] DateFormatCandidates =
    [
        ["dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm", "dd.MM.yyyy"],
        ["d.M.yyyy H:mm:ss", "d.M.yyyy H:mm", "d.M.yyyy"],
        ["dd/MM/yyyy HH:mm:ss", "dd/MM/yyyy HH:mm", "dd/MM/yyyy"],
        ["MM/dd/yyyy HH:mm:ss", "MM/dd/yyyy HH:mm", "MM/dd/yyyy"],
        ["M/d/yyyy h:mm:ss tt", "M/d/yyyy H:mm", "M/d/yyyy"],
        ["dd-MM-yyyy HH:mm:ss", "dd-MM-yyyy HH:mm", "dd-MM-yyyy"],
        ["yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm", "yyyy/MM/dd"],
        ["yyyyMMdd"],
    ];

    /// <summary>Cultures tried when invariant reading leaves numbers unread: decimal comma with '.' and with space grouping.</summary>
    private static readonly string[] CultureCandidates = ["de-DE", "fr-FR"];

    /// <summary>The format an extension names; null when it names none the engine reads.</summary>
    public static DatasetFormat? FormatOf(string path) =>
        DefinitionFileReader.FormatOfExtension(System.IO.Path.GetExtension(path).ToLowerInvariant());

    /// <summary>
    /// Reads the export's header and a sample of its rows. Returns null, with the reason in
    /// <paramref name="diagnostics"/>, when it cannot be read: missing, not a regular file, an unknown
    /// extension, empty, a bad header, or no data rows to infer types from.
    /// </summary>
    public static ExportDescription? Describe(string path, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var fullPath = System.IO.Path.GetFullPath(path);
        var at = SourceSpan.At(fullPath, 1, 0);
        if (FormatOf(fullPath) is not { } format)
        {
            diagnostics.Add(DiagnosticCatalog.InitUnknownFormat,
                $"The format of '{path}' cannot be told from its extension '{System.IO.Path.GetExtension(fullPath)}'.", at,
                "Name the export .csv, .json (an array of objects), .jsonl (one object per line), .xlsx or .parquet.");
            return null;
        }

        var definition = new DatasetDefinition(System.IO.Path.GetFileNameWithoutExtension(fullPath), fullPath, format, null, [], string.Empty, [], ',', null, null, at);
        if (format == DatasetFormat.Csv && File.Exists(fullPath) && InputFile.KindProblem(fullPath) is null)
        {
            definition = definition with { Delimiter = DelimiterOf(fullPath) };
        }

        var first = new DiagnosticBag();
        var schema = new DatasetSchemaReader().Read(definition, null, first);
        if (schema is null || schema.Columns.Count == 0)
        {
            ReportUnreadable(definition, first, diagnostics);
            return null;
        }

        (schema, definition) = WithDecimalComma(schema, definition);
        (schema, definition) = WithDateFormats(schema, definition, diagnostics);
        var columns = schema.Columns.Select(c => new ExportColumn(c.Name, c.Type)).ToList();
        var time = columns.Find(c => c.Type is ColumnType.Date or ColumnType.DateTime)?.Name;
        if (time is null)
        {
            diagnostics.Add(DiagnosticCatalog.InitNoTimeColumn,
                $"No column of '{path}' holds dates (columns: {string.Join(", ", columns.Select(c => c.Name))}), so its rows cannot be placed in periods.", at,
                "The starter reads it as a snapshot (time: none); if a column does hold dates, name it under time: and give its date_format.");
        }

        return new ExportDescription(fullPath, format, definition.Delimiter, definition.Culture, definition.DateFormats, columns, time);
    }

    /// <summary>The candidate delimiter found most often outside quotes in the first line.</summary>
    private static char DelimiterOf(string fullPath)
    {
        using var stream = InputFile.OpenRead(fullPath, 4096);
        var buffer = new byte[64 * 1024];
        var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var counts = new int[Delimiters.Length];
        var quoted = false;
        foreach (var b in buffer.AsSpan(0, length))
        {
            if (b == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && b is (byte)'\n' or (byte)'\r')
            {
                break;
            }
            else if (!quoted && Array.IndexOf(Delimiters, (char)b) is var at and >= 0)
            {
                counts[at]++;
            }
        }

        var best = 0;
        for (var i = 1; i < counts.Length; i++)
        {
            best = counts[i] > counts[best] ? i : best;
        }

        return Delimiters[best];
    }

    /// <summary>Reports why the export cannot be described: the reader's own diagnostics, with a header-only file said in init's words.</summary>
    private static void ReportUnreadable(DatasetDefinition definition, DiagnosticBag read, DiagnosticBag diagnostics)
    {
        var noRows = read.Items.Any(d => d.Id == DiagnosticCatalog.NoRows.Id) || (read.Items.Count == 0 && definition.Format != DatasetFormat.Csv);
        foreach (var diagnostic in read.Items.Where(d => d.Id != DiagnosticCatalog.NoRows.Id))
        {
            diagnostics.Add(diagnostic);
        }

        if (noRows)
        {
            diagnostics.Add(DiagnosticCatalog.InitNoRows,
                $"'{definition.Path}' has no data rows, so the type of its columns cannot be told.",
                SourceSpan.At(definition.Path, 1, 0),
                "Export some rows with the header (a few hundred are plenty), then run kpi init again.");
        }
    }

    /// <summary>
    /// When numbers did not parse invariantly (<c>12,50</c>), the culture among <see cref="CultureCandidates"/>
    /// that leaves the fewest unread; invariant stays when none does better.
    /// </summary>
    private static (Expressions.DatasetSchema, DatasetDefinition) WithDecimalComma(Expressions.DatasetSchema schema, DatasetDefinition definition)
    {
        var best = (schema, definition);
        foreach (var culture in CultureCandidates)
        {
            if (best.schema.UnreadNumberColumns.Count == 0)
            {
                break;
            }

            var candidate = definition with { Culture = culture };
            if (new DatasetSchemaReader().Read(candidate, null, new DiagnosticBag()) is { } read
                && read.UnreadNumberColumns.Count < best.schema.UnreadNumberColumns.Count
                && NumberColumns(read) >= NumberColumns(best.schema))
            {
                best = (read, candidate);
            }
        }

        return best;
    }

    /// <summary>
    /// Adds the date formats that make the most text columns dates. When day-first and month-first
    /// both read every date (<c>01/02/2026</c> only), day-first is kept and the choice is reported.
    /// </summary>
    private static (Expressions.DatasetSchema, DatasetDefinition) WithDateFormats(Expressions.DatasetSchema schema, DatasetDefinition definition, DiagnosticBag diagnostics)
    {
        var best = (schema, definition);
        var bestDates = DateColumns(schema);
        var ties = new List<string[]>();
        foreach (var formats in DateFormatCandidates)
        {
            var candidate = definition with { DateFormats = formats };
            if (new DatasetSchemaReader().Read(candidate, null, new DiagnosticBag()) is not { } read)
            {
                continue;
            }

            var dates = DateColumns(read);
            if (dates > bestDates)
            {
                (best, bestDates) = ((read, candidate), dates);
                ties = [formats];
            }
            else if (dates == bestDates && ties.Count > 0)
            {
                ties.Add(formats);
            }
        }

        // Candidates that tie read the same values, so they share a separator: one starting with the
        // day and one with the month means no sampled day was above 12.
        if (ties.Exists(f => f[0][0] == 'd') && ties.Exists(f => f[0][0] == 'M'))
        {
            diagnostics.Add(DiagnosticCatalog.InitAmbiguousDates,
                $"Every sampled date of '{definition.Path}' reads both as day/month and as month/day; the starter assumes day first ({ties[0][^1]}).",
                SourceSpan.At(definition.Path, 1, 0),
                "Check one date whose day is above 12 in the export; for month-first dates write date_format: [MM/dd/yyyy].");
        }

        return best;
    }

    private static int DateColumns(Expressions.DatasetSchema schema) => schema.Columns.Count(c => c.Type is ColumnType.Date or ColumnType.DateTime);

    private static int NumberColumns(Expressions.DatasetSchema schema) => schema.Columns.Count(c => c.Type == ColumnType.Number) - schema.UnreadNumberColumns.Count;
}
