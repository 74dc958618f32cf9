using System.Globalization;
using System.Text;
using System.Text.Json;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;

namespace KpiEngine.Datasets;

/// <summary>
/// Builds a dataset's <see cref="DatasetSchema"/> from its file: the header (CSV) or the keys of the
/// first records (JSON), declared types, types inferred from a sample (see <see cref="ColumnInference"/>)
/// and borrowed columns. Every column of the file gets a slot (slot = field index); borrowed columns
/// follow with <see cref="ColumnSchema.SourceIndex"/> -1. Borrow key columns that are not declared are
/// read as text, because keys are matched by their text as written.
/// </summary>
internal sealed partial class DatasetSchemaReader
{
    /// <summary>How many records are sampled to infer column types.</summary>
    internal const int SampleSize = DatasetSchema.DatasetSampleSize;

    private readonly Dictionary<string, HashSet<string>> _lentKeys;
    private readonly SampleCache? _samples;

    /// <summary>
    /// Creates a reader. Pass the client's datasets so the key columns other datasets borrow by are
    /// read as text in the lender too; without them a lender's undeclared key column is inferred
    /// (and <see cref="BorrowTable"/> then matches numeric keys by value).
    /// </summary>
    /// <param name="datasets">The client's datasets.</param>
    /// <param name="samples">CSV samples already read by this validation, to reuse; null reads every file.</param>
    public DatasetSchemaReader(IEnumerable<DatasetDefinition>? datasets = null, SampleCache? samples = null)
    {
        _samples = samples;
        _lentKeys = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var borrow in (datasets ?? []).SelectMany(d => d.Borrows))
        {
            if (!_lentKeys.TryGetValue(borrow.From, out var keys))
            {
                _lentKeys[borrow.From] = keys = new HashSet<string>(StringComparer.Ordinal);
            }

            keys.Add(borrow.LenderKey ?? borrow.Key);
        }
    }

    /// <summary>
    /// Reads the schema, reporting every problem; null when the dataset cannot be scanned (file
    /// missing or unreadable, bad header, malformed JSON, unknown culture, missing or non-date time column).
    /// A declared column missing from the file, or a bad borrow, is reported and left out of the schema.
    /// </summary>
    public DatasetSchema? Read(DatasetDefinition definition, DatasetSchema? lender, DiagnosticBag diagnostics) =>
        Read(definition, lender is null ? [] : [lender], diagnostics, out _);

    /// <summary>
    /// Reads the schema as <see cref="Read(DatasetDefinition, DatasetSchema?, DiagnosticBag)"/> does, against the schema
    /// of each lender. When the
    /// dataset cannot be scanned only because of its time column (missing, not dates), <paramref name="columnsOnly"/>
    /// is the schema of the columns it does have: not for scanning, but so formulas over it are still checked and
    /// one stage's error does not hide another's.
    /// </summary>
    /// <param name="definition">The dataset.</param>
    /// <param name="lenders">The schema of each lender of <see cref="DatasetDefinition.Borrows"/>, in the same order; a borrow without one is skipped.</param>
    /// <param name="diagnostics">Where every problem goes.</param>
    /// <param name="columnsOnly">The columns of a dataset whose time column alone is unusable.</param>
    public DatasetSchema? Read(DatasetDefinition definition, IReadOnlyList<DatasetSchema> lenders, DiagnosticBag diagnostics, out DatasetSchema? columnsOnly)
    {
        columnsOnly = null;
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(lenders);
        ArgumentNullException.ThrowIfNull(diagnostics);
        CellParser parser;
        try
        {
            parser = new CellParser(definition);
        }
        catch (CultureNotFoundException)
        {
            diagnostics.Add(DiagnosticCatalog.InvalidValue, $"Dataset '{definition.Name}': unknown culture '{definition.Culture}'.",
                definition.Span, "Use a culture name such as de-DE, fr-FR or en-US, or leave culture out for invariant data.");
            return null;
        }

        if (definition.Format == DatasetFormat.Csv && !IsUsableDelimiter(definition.Delimiter))
        {
            diagnostics.Add(DiagnosticCatalog.InvalidValue,
                $"Dataset '{definition.Name}': delimiter '{definition.Delimiter}' cannot separate CSV fields.",
                definition.Span, "Use a single ASCII character other than a quote or line break, such as , ; or a tab.");
            return null;
        }

        if (definition.Refused)
        {
            // Outside the folders the client may read: reported when the client was loaded, never opened.
            return null;
        }

        if (definition.Source is not null)
        {
            return DatabaseTable.Columns(definition, diagnostics) is { } typed
                ? BuildSchema(definition, new Sample(
                    [.. typed.Select(c => c.Name)],
                    typed.ToDictionary(c => c.Name, _ => new ColumnInference(), StringComparer.Ordinal))
                {
                    Types = typed.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal),
                }, lenders, parser, diagnostics, out columnsOnly)
                : null;
        }

        if (!File.Exists(definition.Path))
        {
            diagnostics.Add(DiagnosticCatalog.DatasetFileMissing, $"Dataset '{definition.Name}': file not found.",
                definition.Span, (NameSuggestions.DidYouMeanFile(definition.Path) is { } hint ? hint + " " : string.Empty)
                    + $"The path resolves to '{definition.Path}'; relative paths are resolved from the YAML file's folder.");
            return null;
        }

        if (InputFile.KindProblem(definition.Path) is { } kind)
        {
            diagnostics.Add(DiagnosticCatalog.NotARegularFile, $"Dataset '{definition.Name}': '{definition.Path}' {kind}; data files must be regular files.",
                definition.Span, "Export the data to a file and name that file; a pipe or device would block the run or never end.");
            return null;
        }

        Sample? sample;
        try
        {
            sample = definition.Format == DatasetFormat.Csv && _samples is not null
                ? _samples.GetOrRead(definition, diagnostics, () => ReadSample(definition, parser, diagnostics))
                : ReadSample(definition, parser, diagnostics);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(DiagnosticCatalog.DatasetFileMissing, $"Dataset '{definition.Name}': file cannot be read: {ex.Message}",
                definition.Span, $"The path resolves to '{definition.Path}'.");
            return null;
        }

        return sample is null ? null : BuildSchema(definition, sample, lenders, parser, diagnostics, out columnsOnly);
    }

    /// <summary>Reads the column names and the sample of the file's first records.</summary>
    private static Sample? ReadSample(DatasetDefinition definition, CellParser parser, DiagnosticBag diagnostics)
    {
        using var stream = OpenRead(definition.Path);
        return definition.Format switch
        {
            DatasetFormat.Csv => SampleCsv(definition, stream, parser, diagnostics),
            DatasetFormat.Xlsx => SampleWorkbook(definition, stream, parser, diagnostics),
            DatasetFormat.Parquet => SampleParquet(definition, stream, diagnostics),
            _ => SampleJson(definition, stream, parser, diagnostics),
        };
    }

    /// <summary>Opens a data file for one sequential pass; the callers buffer themselves.</summary>
    internal static FileStream OpenRead(string path) => InputFile.OpenRead(path);

    /// <summary>True for a delimiter the CSV reader can split on.</summary>
    internal static bool IsUsableDelimiter(char delimiter) => delimiter is > '\0' and < (char)128 and not ('"' or '\r' or '\n');

    private static Sample? SampleCsv(DatasetDefinition definition, Stream stream, CellParser parser, DiagnosticBag diagnostics)
    {
        using var reader = new CsvRecordReader(stream, (byte)definition.Delimiter);
        var header = SourceSpan.At(definition.Path, 1, 0);
        if (!reader.Read())
        {
            diagnostics.Add(DiagnosticCatalog.BadHeader, $"Dataset '{definition.Name}': the file is empty; the first line must name the columns.",
                header, "Export the file with a header row.");
            return null;
        }

        header = SourceSpan.At(definition.Path, (int)reader.Line, 0);
        if (reader.Malformation is { } malformation)
        {
            diagnostics.Add(DiagnosticCatalog.MalformedData, $"Dataset '{definition.Name}': the header is malformed: {malformation}.", header, reader.MalformationSuggestion);
            return null;
        }

        var names = new List<string>(reader.FieldCount);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            names.Add(Encoding.UTF8.GetString(reader.Field(i)).Trim());
        }

        if (!HeaderIsValid(definition, names, header, diagnostics))
        {
            return null;
        }

        var inferences = names.Select(_ => new ColumnInference()).ToArray();
        var timeIndex = definition.TimeColumn is { } timeName ? names.IndexOf(timeName) : -1;
        var tally = new TimeTally(definition, parser);
        var records = 0;
        for (; records < SampleSize && reader.Read(); records++)
        {
            // Broken records are the scan's to report; here they just do not vote.
            if (reader.Malformation is not null || reader.FieldCount != names.Count)
            {
                continue;
            }

            tally.Records++;
            for (var i = 0; i < names.Count; i++)
            {
                var text = reader.Field(i).Trim(" \t"u8);
                if (i == timeIndex)
                {
                    tally.Observe(text);
                }

                if (!text.IsEmpty)
                {
                    inferences[i].Observe(ColumnInference.Classify(text, parser), text, reader.Line);
                }
            }
        }

        if (records == 0 && !reader.StoppedAtOversizedRecord)
        {
            // Undeclared columns have no values to infer a type from; any type would make some
            // formula a type error, so the dataset is left out as having no rows.
            diagnostics.Add(DiagnosticCatalog.NoRows, $"Dataset '{definition.Name}': {definition.Path} has a header but no rows; its KPIs have no values.",
                header, "Check that the export is complete.");
            return null;
        }

        var wholeFile = records < SampleSize && !reader.StoppedAtOversizedRecord;
        return new Sample(names, names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => inferences[p.i], StringComparer.Ordinal))
        {
            Time = timeIndex >= 0 ? tally.Result(wholeFile) : null,
        };
    }

    private static Sample? SampleJson(DatasetDefinition definition, Stream stream, CellParser parser, DiagnosticBag diagnostics)
    {
        var names = new List<string>();
        var inferences = new Dictionary<string, ColumnInference>(StringComparer.Ordinal);
        var keysOfRecord = new HashSet<string>(StringComparer.Ordinal);
        var valid = true;
        var malformed = false;
        var utf8 = new byte[256];
        void OnMalformed(string message, long line)
        {
            // In JSON Lines a broken line only loses that record; the scan reports it.
            if (definition.Format == DatasetFormat.Json)
            {
                malformed = true;
                diagnostics.Add(DiagnosticCatalog.MalformedData, $"Dataset '{definition.Name}': {message}.", SourceSpan.At(definition.Path, (int)line, 0));
            }
        }

        var tally = new TimeTally(definition, parser);
        var records = 0;
        foreach (var record in JsonRecords.Read(stream, definition.Format, OnMalformed, CancellationToken.None).Take(SampleSize))
        {
            records++;
            if (record.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            tally.Records++;
            if (definition.TimeColumn is { } timeName && record.Value.TryGetProperty(timeName, out var timeValue) && timeValue.ValueKind == JsonValueKind.String)
            {
                tally.Observe(Encoding.UTF8.GetBytes(timeValue.GetString()!).AsSpan().Trim(" \t"u8));
            }

            keysOfRecord.Clear();
            foreach (var property in record.Value.EnumerateObject())
            {
                var span = SourceSpan.At(definition.Path, (int)record.Line, 0);
                if (string.IsNullOrWhiteSpace(property.Name))
                {
                    valid = false;
                    diagnostics.Add(DiagnosticCatalog.BadHeader, $"Dataset '{definition.Name}': record {record.Number} has a property without a name.", span,
                        "Every property of a record names a column.");
                    continue;
                }

                if (!keysOfRecord.Add(property.Name))
                {
                    valid = false;
                    diagnostics.Add(DiagnosticCatalog.BadHeader, $"Dataset '{definition.Name}': record {record.Number} has property '{property.Name}' twice.", span);
                    continue;
                }

                if (!inferences.TryGetValue(property.Name, out var inference))
                {
                    names.Add(property.Name);
                    inferences[property.Name] = inference = new ColumnInference();
                }

                Observe(inference, property.Value, parser, record.Line, ref utf8);
            }
        }

        var time = definition.TimeColumn is { } timeColumn && inferences.ContainsKey(timeColumn) ? tally.Result(records < SampleSize) : null;
        return valid && !malformed ? new Sample(names, inferences) { Time = time } : null;
    }

    private static void Observe(ColumnInference inference, JsonElement value, CellParser parser, long line, ref byte[] utf8)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return;
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (utf8.Length < Encoding.UTF8.GetMaxByteCount(text.Length))
                {
                    utf8 = new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
                }

                var bytes = utf8.AsSpan(0, Encoding.UTF8.GetBytes(text, utf8)).Trim(" \t"u8);
                if (!bytes.IsEmpty)
                {
                    inference.Observe(ColumnInference.Classify(bytes, parser), bytes, line);
                }

                return;
            default:
                var shapes = value.ValueKind switch
                {
                    JsonValueKind.Number => ColumnInference.Shapes.Number,
                    JsonValueKind.True or JsonValueKind.False => ColumnInference.Shapes.Boolean,

                    // A nested value among numbers is a broken record, reported by the scan; it does not make the column text.
                    _ => ColumnInference.Shapes.FailedNumber,
                };
                inference.Observe(shapes, Encoding.UTF8.GetBytes(value.GetRawText()), line);
                return;
        }
    }

    private static bool HeaderIsValid(DatasetDefinition definition, List<string> names, SourceSpan header, DiagnosticBag diagnostics)
    {
        var valid = true;
        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            var position = (i + 1).ToString(CultureInfo.InvariantCulture);
            if (names[i].Length == 0)
            {
                valid = false;
                var suggestion = names.Count == 1
                    ? "The first line is empty; export the file with a header row."
                    : $"Name every column; check that the delimiter '{Printable(definition.Delimiter)}' is the file's.";
                diagnostics.Add(DiagnosticCatalog.BadHeader, $"Dataset '{definition.Name}': header column {position} has no name.", header, suggestion);
            }
            else if (!firstIndex.TryAdd(names[i], i))
            {
                valid = false;
                diagnostics.Add(DiagnosticCatalog.BadHeader, string.Create(CultureInfo.InvariantCulture,
                        $"Dataset '{definition.Name}': column '{names[i]}' appears twice in the header (columns {firstIndex[names[i]] + 1} and {position})."),
                    header, "Rename one of them in the export.");
            }
        }

        return valid;
    }

    private static string Printable(char delimiter) => delimiter == '\t' ? "\\t" : delimiter.ToString();

    private DatasetSchema? BuildSchema(DatasetDefinition definition, Sample sample, IReadOnlyList<DatasetSchema> lenders, CellParser parser, DiagnosticBag diagnostics, out DatasetSchema? columnsOnly)
    {
        columnsOnly = null;
        var declared = new Dictionary<string, ColumnDeclaration>(StringComparer.Ordinal);
        foreach (var declaration in definition.Columns)
        {
            declared.TryAdd(declaration.Name, declaration);
            if (!sample.Inferences.ContainsKey(declaration.Name))
            {
                diagnostics.Add(DiagnosticCatalog.ColumnMissing,
                    $"Dataset '{definition.Name}' declares column '{declaration.Name}', but {Path.GetFileName(definition.Path)} has no such column.",
                    declaration.Span, MissingColumnSuggestion(declaration.Name, sample.Names));
            }
        }

        var textKeys = _lentKeys.GetValueOrDefault(definition.Name) ?? [];
        var borrowKeys = definition.Borrows.Select(b => b.Key).ToHashSet(StringComparer.Ordinal);
        var columns = new List<ColumnSchema>(sample.Names.Count);
        var empty = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in sample.Names)
        {
            var inferred = !declared.ContainsKey(name) && name != definition.TimeColumn && !borrowKeys.Contains(name)
                && !textKeys.Contains(name) && sample.Types is null;
            var type = declared.TryGetValue(name, out var declaration) ? declaration.Type
                : name == definition.TimeColumn ? sample.Inferences[name].TimeType ?? ColumnType.Text
                : borrowKeys.Contains(name) || textKeys.Contains(name) ? ColumnType.Text
                : sample.Types?.GetValueOrDefault(name) ?? sample.Inferences[name].Type;
            if (inferred && sample.Inferences[name].IsEmpty)
            {
                empty.Add(name);
            }

            columns.Add(new ColumnSchema(name, type, columns.Count, columns.Count));
        }

        // Lenders in the order written: a later one may be keyed by a column an earlier one lends.
        DatasetSchema? timeLender = null;
        for (var i = 0; i < definition.Borrows.Count && i < lenders.Count; i++)
        {
            var borrow = definition.Borrows[i];
            AddBorrowedColumns(definition, borrow, definition.Borrows.Skip(i + 1), sample.Names, lenders[i], columns, diagnostics);
            timeLender ??= definition.TimeColumn is { } lentTime && borrow.Columns.Contains(lentTime) ? lenders[i] : null;
        }

        // A time column may be borrowed (payments placed in time by their order's date).
        var borrowedTime = definition.TimeColumn is { } time && !sample.Inferences.ContainsKey(time)
            && definition.Borrows.Any(b => b.Columns.Contains(time));
        if (borrowedTime ? !BorrowedTimeIsUsable(definition, columns, timeLender, diagnostics) : !TimeColumnIsUsable(definition, sample, declared, diagnostics, parser))
        {
            columnsOnly = new DatasetSchema(definition, columns) { TimeSample = sample.Time, EmptyColumns = empty, ColumnsOnly = true };
            return null;
        }

        return new DatasetSchema(definition, columns)
        {
            TimeSample = sample.Time,
            UnreadNumberColumns = [.. sample.Names.Where(n => !declared.ContainsKey(n) && sample.Inferences[n].HasUnreadNumbers)],
            EmptyColumns = empty,
        };
    }

    private static bool BorrowedTimeIsUsable(DatasetDefinition definition, List<ColumnSchema> columns, DatasetSchema? lender, DiagnosticBag diagnostics)
    {
        var time = definition.TimeColumn!;
        if (lender is null || columns.Find(c => c.Name == time) is not { } column)
        {
            // Without a usable lender the borrow itself is what gets reported.
            return lender is null;
        }

        if (column.Type is ColumnType.Date or ColumnType.DateTime)
        {
            return true;
        }

        if (lender.ColumnsOnly)
        {
            // The lender's own time column is what is wrong, and it is reported there.
            return false;
        }

        diagnostics.Add(DiagnosticCatalog.TypeMismatch,
            $"Dataset '{definition.Name}': time column '{time}' is borrowed from '{lender.Name}', where it is {column.Type.ToString().ToLowerInvariant()}; it must be a date or datetime.",
            definition.Span, $"Declare '{time}' as date or datetime in '{lender.Name}'.");
        return false;
    }

    private static bool TimeColumnIsUsable(DatasetDefinition definition, Sample sample, Dictionary<string, ColumnDeclaration> declared, DiagnosticBag diagnostics, CellParser parser)
    {
        if (definition.TimeColumn is not { } time)
        {
            return true;
        }

        if (!sample.Inferences.TryGetValue(time, out var inference))
        {
            diagnostics.Add(DiagnosticCatalog.ColumnMissing,
                $"Dataset '{definition.Name}': time column '{time}' is not in {Path.GetFileName(definition.Path)}.",
                definition.Span, MissingColumnSuggestion(time, sample.Names));
            return false;
        }

        if (declared.TryGetValue(time, out var declaration))
        {
            if (declaration.Type is ColumnType.Date or ColumnType.DateTime)
            {
                return true;
            }

            diagnostics.Add(DiagnosticCatalog.TypeMismatch,
                $"Dataset '{definition.Name}': time column '{time}' is declared as {declaration.Type.ToString().ToLowerInvariant()}; it must be a date or datetime.",
                declaration.Span, $"Declare it as date or datetime (columns: {{ {time}: date }}).");
            return false;
        }

        if (sample.Types?.GetValueOrDefault(time) is { } databaseType)
        {
            if (databaseType is ColumnType.Date or ColumnType.DateTime)
            {
                return true;
            }

            diagnostics.Add(DiagnosticCatalog.TypeMismatch,
                $"Dataset '{definition.Name}': time column '{time}' is {databaseType.ToString().ToLowerInvariant()} in {definition.Path}; it must be a date or datetime.",
                definition.Source?.TargetSpan ?? definition.Span, $"Declare it as date or datetime (columns: {{ {time}: date }}) if it holds ISO dates as text.");
            return false;
        }

        if (inference.TimeType is not null)
        {
            return true;
        }

        var (value, line) = inference.FirstNonDate!.Value;
        if (definition.DateFormats.Count > 0)
        {
            var formats = string.Join(", ", definition.DateFormats.Select(f => $"'{f}'"));
            var matching = DateFormatGuess.Matching(value, parser.Culture, definition.DateFormats);
            diagnostics.Add(DiagnosticCatalog.DeclaredDateFormatFailed, string.Create(CultureInfo.InvariantCulture,
                    $"Dataset '{definition.Name}': the declared date_format {formats} does not match '{value}' in time column '{time}' (line {line} of {Path.GetFileName(definition.Path)})."),
                definition.DateFormatSpan ?? definition.Span, DateFormatGuess.Suggest(matching));
            return false;
        }

        diagnostics.Add(DiagnosticCatalog.BadCell, string.Create(CultureInfo.InvariantCulture,
                $"Dataset '{definition.Name}': time column '{time}' has values that are not dates, e.g. '{value}' (line {line}) in {definition.Path}."),
            definition.Span, "Declare date_format on the dataset (e.g. date_format: [dd.MM.yyyy]) if the file does not use ISO 8601 dates.");
        return false;
    }

    private static void AddBorrowedColumns(DatasetDefinition definition, BorrowDefinition borrow, IEnumerable<BorrowDefinition> later, IReadOnlyList<string> names,
        DatasetSchema lender, List<ColumnSchema> columns, DiagnosticBag diagnostics)
    {
        var lenderNames = lender.Columns.Select(c => c.Name).ToList();
        var usable = true;
        var added = columns.Count;

        // The key is the file's column or one an earlier lender of the list lent (a kept borrowed column).
        if (!names.Contains(borrow.Key) && !columns.Any(c => c.Name == borrow.Key && c.SourceIndex < 0))
        {
            usable = false;
            if (!later.Any(b => b.Columns.Contains(borrow.Key)))
            {
                // A key only a later lender lends was reported with the list (KPI7161).
                diagnostics.Add(DiagnosticCatalog.ColumnMissing,
                    $"Dataset '{definition.Name}' borrows by key '{borrow.Key}', but {Path.GetFileName(definition.Path)} has no such column.",
                    borrow.Span, MissingColumnSuggestion(borrow.Key, names));
            }
        }

        var lenderKey = borrow.LenderKey ?? borrow.Key;
        if (lender.Find(lenderKey) is null)
        {
            usable = false;
            diagnostics.Add(DiagnosticCatalog.BadBorrow,
                $"Dataset '{definition.Name}' borrows from '{lender.Name}' by key '{lenderKey}', but '{lender.Name}' has no such column.",
                borrow.Span, NameSuggestions.DidYouMean(lenderKey, lenderNames) ?? "Name the lender's key column with lender_key if it is spelled differently there.");
        }

        foreach (var name in borrow.Columns)
        {
            if (lender.Find(name) is not { } lent)
            {
                usable = false;
                diagnostics.Add(DiagnosticCatalog.ColumnMissing,
                    $"Dataset '{definition.Name}' borrows column '{name}' from '{lender.Name}', which has no such column.",
                    borrow.Span, MissingColumnSuggestion(name, lenderNames));
            }
            else if (names.Contains(name) || columns.Any(c => c.Name == name))
            {
                diagnostics.Add(DiagnosticCatalog.BadBorrow,
                    $"Dataset '{definition.Name}' already has a column '{name}'; borrowing '{name}' from '{lender.Name}' would hide it.",
                    borrow.Span, "Leave it out of borrow.columns, or rename the column in one of the exports.");
            }
            else if (usable)
            {
                columns.Add(new ColumnSchema(name, lent.Type, columns.Count, -1));
            }
        }

        if (!usable)
        {
            // Only this lender's columns: those of earlier lenders stay.
            columns.RemoveRange(added, columns.Count - added);
        }
    }

    private static string MissingColumnSuggestion(string name, IReadOnlyList<string> names) =>
        NameSuggestions.DidYouMean(name, names) ?? OtherDelimiterHint(names) ?? $"The columns are: {string.Join(", ", names)}.";

    /// <summary>
    /// A header read as one column that holds ';', tab or '|' was split with the wrong delimiter
    /// (European exports use ';'): say which delimiter to declare instead of listing one long name.
    /// </summary>
    private static string? OtherDelimiterHint(IReadOnlyList<string> names)
    {
        if (names.Count != 1)
        {
            return null;
        }

        foreach (var (delimiter, written) in new[] { (';', "\";\""), ('\t', "\"\\t\""), ('|', "\"|\"") })
        {
            if (names[0].Contains(delimiter, StringComparison.Ordinal))
            {
                return $"The header reads as one column, '{names[0]}': the file looks separated by {written}. Add delimiter: {written} to the dataset.";
            }
        }

        return null;
    }

    /// <summary>The column names in file order and what the sample says about each.</summary>
    internal sealed record Sample(IReadOnlyList<string> Names, IReadOnlyDictionary<string, ColumnInference> Inferences)
    {
        /// <summary>The types a database declares for its columns; null for a file, whose types are inferred.</summary>
        public IReadOnlyDictionary<string, ColumnType>? Types { get; init; }
        /// <summary>What the sample saw of the time column; null when the file has none.</summary>
        public TimeSample? Time { get; init; }
    }

    /// <summary>Counts the sampled records whose time value is a date, and a plausible one.</summary>
    private sealed class TimeTally(DatasetDefinition definition, CellParser parser)
    {
        private int _dated;
        private int _inWindow;

        public int Records { get; set; }

        public void Observe(ReadOnlySpan<byte> text)
        {
            if (!text.IsEmpty && parser.TryDate(text, out var days, out _))
            {
                _dated++;
                _inWindow += definition.TimeWindow.Contains(days) ? 1 : 0;
            }
        }

        public TimeSample Result(bool wholeFile) => new(Records, wholeFile, _dated, _inWindow);
    }
}
