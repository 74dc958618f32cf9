using System.Globalization;
using KpiEngine.Diagnostics;
using KpiEngine.Time;

namespace KpiEngine.Definitions;

/// <summary>Maps the YAML tree of one client or catalog file to unresolved documents, checking the schema.</summary>
internal sealed partial class DefinitionFileReader
{
    private static readonly string[] ClientKeys = ["client", "name", "currency", "include", "use", "plugins", "datasets", "inputs", "parameters", "kpis", "calendar", "profile", "benchmarks", "goals", "by", "scorecard", "subtotals"];
    private static readonly string[] CatalogKeys = ["category", "include", "kpis"];
    private static readonly string[] KpiKeys = ["id", "name", "category", "unit", "direction", "description", "formula", "dataset", "plugin", "output", "parameters", "scaling", "min_sample", "cohort"];
    private static readonly string[] DatasetKeys = ["path", "format", "time", "columns", "culture", "date_format", "delimiter", "filter", "borrow", "derived", "time_window", "source", "sheet", "header_row", "coverage"];
    private static readonly string[] DerivedKeys = ["from", "by", "columns"];
    private static readonly string[] FileOnlyDatasetKeys = ["path", "format", "columns", "culture", "date_format", "delimiter", "borrow", "time_window", "source", "sheet", "header_row", "coverage"];
    private static readonly string[] InputKeys = ["dataset", "formula", "description", "kind"];
    private static readonly string[] BorrowKeys = ["from", "key", "lender_key", "columns"];

    private static readonly WordTable<KpiUnit> Units = new()
    {
        ["number"] = KpiUnit.Number,
        ["count"] = KpiUnit.Count,
        ["currency"] = KpiUnit.Currency,
        ["percent"] = KpiUnit.Percent,
        ["ratio"] = KpiUnit.Ratio,
        ["duration"] = KpiUnit.Duration,
        ["score"] = KpiUnit.Score,
    };

    private static readonly WordTable<KpiDirection> Directions = new()
    {
        ["higher"] = KpiDirection.Higher,
        ["lower"] = KpiDirection.Lower,
        ["neutral"] = KpiDirection.Neutral,
    };

    private static readonly WordTable<DatasetFormat> Formats = new()
    {
        ["csv"] = DatasetFormat.Csv,
        ["json"] = DatasetFormat.Json,
        ["jsonl"] = DatasetFormat.JsonLines,
        ["xlsx"] = DatasetFormat.Xlsx,
        ["parquet"] = DatasetFormat.Parquet,
    };

    private static readonly WordTable<ColumnType> ColumnTypes = new()
    {
        ["text"] = ColumnType.Text,
        ["string"] = ColumnType.Text,
        ["number"] = ColumnType.Number,
        ["decimal"] = ColumnType.Number,
        ["integer"] = ColumnType.Number,
        ["date"] = ColumnType.Date,
        ["datetime"] = ColumnType.DateTime,
        ["boolean"] = ColumnType.Boolean,
        ["bool"] = ColumnType.Boolean,
    };

    private readonly SchemaReader _schema;
    private readonly YamlSource _source;

    private readonly DiagnosticBag _diagnostics;

    public DefinitionFileReader(YamlSource source, DiagnosticBag diagnostics)
    {
        _source = source;
        _diagnostics = diagnostics;
        _schema = new SchemaReader(source, diagnostics);
    }

    /// <summary>Reads a catalog file; null when its root is missing or not a mapping.</summary>
    public CatalogDocument? ReadCatalog()
    {
        if (RootMapping("the catalog") is not { } root)
        {
            return null;
        }

        if (!_schema.CheckRootKeys(root, CatalogRootKeys, "a catalog file"))
        {
            return null;
        }

        var category = _schema.Text(root, "category", "the catalog");
        var includes = _schema.TextList(root["include"], "include", "the catalog");
        if (root.Find("kpis") is null)
        {
            _schema.ReportMissing("kpis", "the catalog", _schema.Span(root), empty: false);
        }

        return new CatalogDocument(category, includes, ReadKpis(root, category));
    }

    /// <summary>Reads a client file; null when its root is missing or not a mapping.</summary>
    public ClientDocument? ReadClient()
    {
        if (RootMapping("the client file") is not { } root)
        {
            return null;
        }

        const string Owner = "the client file";
        if (!_schema.CheckRootKeys(root, ClientRootKeys, "a client file"))
        {
            return null;
        }

        var clientId = "";
        if (_schema.Required(root, "client", Owner) is { } client)
        {
            if (ClientIds.IsValid(client.Value))
            {
                clientId = client.Value;
            }
            else
            {
                _schema.Diagnostics.Add(
                    DiagnosticCatalog.InvalidIdentifier,
                    $"'{client.Value}' is not a valid client id: it names output files, so {ClientIds.Rule}.",
                    _schema.Span(client),
                    "Write it like 'online-shop'.");
            }
        }

        string? currency = null;
        if (_schema.Scalar(root["currency"], "currency", Owner) is { } currencyNode)
        {
            if (currencyNode.Value.Length == 3 && currencyNode.Value.All(char.IsAsciiLetter))
            {
                currency = currencyNode.Value.ToUpperInvariant();
            }
            else
            {
                _schema.Invalid(currencyNode, $"'{currencyNode.Value}' is not a currency code.", "Write a three-letter ISO code such as EUR or USD.");
            }
        }

        var use = root.Find("use") is { } useEntry && useEntry.Value is not YamlScalar { IsNull: true }
            ? _schema.TextList(useEntry.Value, "use", Owner)
            : null;
        var plugins = _schema.TextList(root["plugins"], "plugins", Owner)
            .Select(folder => Path.GetFullPath(Path.Combine(_source.Directory, folder.Value)))
            .ToList();
        return new ClientDocument(
            clientId,
            _schema.Text(root, "name", Owner),
            currency,
            _schema.TextList(root["include"], "include", Owner),
            use,
            plugins,
            ReadDatasets(root),
            ReadInputs(root),
            ReadParameters(root),
            ReadKpis(root, category: null))
        {
            Calendar = ReadCalendar(root),
            Profile = SpannedText(root, "profile", Owner),
            Benchmarks = new BenchmarkReader(_schema).Read(root["benchmarks"]),
            Goals = root["goals"],
            By = _schema.TextList(root["by"], "by", Owner),
            Subtotals = ReadSubtotals(root, Owner),
            Scorecard = new SufficiencyReader(_schema).Scorecard(root["scorecard"], Owner),
        };
    }

    private YamlMapping? RootMapping(string what)
    {
        if (_source.Root is null)
        {
            return null;
        }

        return _schema.Mapping(_source.Root, what);
    }

    private List<KpiDraft> ReadKpis(YamlMapping root, string? category)
    {
        var kpis = new List<KpiDraft>();
        foreach (var item in _schema.Sequence(root["kpis"], "'kpis'")?.Items ?? [])
        {
            if (_schema.Mapping(item, "a KPI") is { } mapping && ReadKpi(mapping, category) is { } kpi)
            {
                kpis.Add(kpi);
            }
        }

        return kpis;
    }

    private KpiDraft? ReadKpi(YamlMapping map, string? fileCategory)
    {
        var idNode = _schema.Required(map, "id", $"the KPI at line {map.Line}");
        var id = idNode is null ? null : _schema.Identifier(idNode, "KPI id");
        var owner = $"KPI '{id ?? idNode?.Value ?? "?"}'";
        _schema.CheckKeys(map, KpiKeys, owner);
        foreach (var (key, value) in map.Entries)
        {
            if (value is YamlScalar { IsNull: true } && key.Value is not ("id" or "formula") && KpiKeys.Contains(key.Value, StringComparer.Ordinal))
            {
                _schema.ReportMissing(key.Value, owner, _schema.Span(key), empty: true);
            }
        }

        var unit = _schema.Scalar(map["unit"], "unit", owner) is { } u ? _schema.Enum(u, Units, "unit", owner) : null;
        var direction = _schema.Scalar(map["direction"], "direction", owner) is { } d ? _schema.Enum(d, Directions, "direction", owner) : null;
        var formula = _schema.Formula(map, "formula", owner, required: false);
        var plugin = ReadPlugin(map, owner);
        if (map.Find("formula") is { } formulaEntry && map.Find("plugin") is not null)
        {
            _schema.Invalid(formulaEntry.Key, $"{owner} has both a 'formula' and a 'plugin'.", "Keep one: a KPI is computed either by a formula or by a plugin metric.");
        }

        var output = _schema.Scalar(map["output"], "output", owner) is { } o ? new Spanned<string>(o.Value, _schema.Span(o)) : (Spanned<string>?)null;
        var (parameters, parameterSpans) = ReadPluginParameters(map, owner);
        if (id is null)
        {
            return null;
        }

        var keys = map.Entries.Select(e => e.Key.Value).ToHashSet(StringComparer.Ordinal);
        var sufficiency = new SufficiencyReader(_schema);
        return new KpiDraft(
            id,
            _schema.Span(map),
            _schema.Span(map),
            keys,
            _schema.Text(map, "name", owner),
            _schema.Text(map, "category", owner),
            fileCategory,
            unit,
            direction,
            _schema.Text(map, "description", owner),
            formula,
            SpannedText(map, "dataset", owner),
            plugin,
            output,
            parameters)
        {
            Scaling = sufficiency.Scaling(map, owner),
            MinSample = sufficiency.Sample(map["min_sample"], owner),
            ParameterSpans = parameterSpans,
            Cohort = ReadCohort(map, owner),
        };
    }

    private Spanned<string>? ReadPlugin(YamlMapping map, string owner)
    {
        if (_schema.Scalar(map["plugin"], "plugin", owner) is not { } node)
        {
            return null;
        }

        var parts = node.Value.Split('/');
        if (parts.Length != 2 || parts.Any(p => p.Trim().Length == 0))
        {
            _schema.Invalid(node, $"'{node.Value}' is not a plugin reference for {owner}.", "Write it as '<plugin>/<metric>', for example 'oee/oee'.");
            return null;
        }

        return new Spanned<string>(node.Value, _schema.Span(node));
    }

    private (Spanned<IReadOnlyDictionary<string, string>>? Values, Dictionary<string, SourceSpan>? Spans) ReadPluginParameters(YamlMapping map, string owner)
    {
        if (_schema.Mapping(map["parameters"], $"'parameters' of {owner}") is not { } mapping)
        {
            return (null, null);
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var spans = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Entries)
        {
            if (_schema.Scalar(value, key.Value, owner) is { } scalar)
            {
                _schema.CheckPortableValue(scalar, $"parameter '{key.Value}' of {owner}");
                values[key.Value] = scalar.Value;

                // Kept so a value the metric does not accept is reported where it is written.
                spans[key.Value] = _schema.Span(scalar);
            }
        }

        return (new Spanned<IReadOnlyDictionary<string, string>>(values, _schema.Span(mapping)), spans);
    }

    private List<DatasetDraft> ReadDatasets(YamlMapping root)
    {
        var datasets = new List<DatasetDraft>();
        foreach (var (key, value) in _schema.Mapping(root["datasets"], "'datasets'")?.Entries ?? [])
        {
            var name = _schema.Identifier(key, "dataset name");
            var owner = $"dataset '{key.Value}'";
            if (_schema.Mapping(value, owner) is not { } map)
            {
                if (value is YamlScalar { IsNull: true })
                {
                    _schema.ReportMissing("path", owner, _schema.Span(key), empty: false);
                }

                continue;
            }

            _schema.CheckKeys(map, DatasetKeys, owner);
            if (map.Find("derived") is not null)
            {
                if (ReadDerivedDataset(map, name, owner, _schema.Span(key)) is { } derived)
                {
                    datasets.Add(new DatasetDraft(derived, []));
                }

                continue;
            }

            var fromDatabase = map.Find("source") is not null;
            var source = fromDatabase ? ReadSource(map, owner) : null;
            var pathNode = fromDatabase ? null : _schema.Required(map, "path", owner);
            var format = fromDatabase ? DatasetFormat.Database : ReadFormat(map, pathNode, owner);
            var columns = new List<ColumnDeclaration>();
            foreach (var (column, type) in _schema.Mapping(map["columns"], $"'columns' of {owner}")?.Entries ?? [])
            {
                if (_schema.Scalar(type, column.Value, owner) is { } typeNode
                    && _schema.Enum(typeNode, ColumnTypes, $"type of column '{column.Value}'", owner) is { } columnType)
                {
                    columns.Add(new ColumnDeclaration(column.Value, columnType, _schema.Span(column)));
                }
            }

            var borrows = ReadBorrows(map, owner);
            var filter = _schema.Formula(map, "filter", owner, required: false);
            // A database dataset's culture is refused (KPI7000) and never used: its values come typed, written invariant.
            var culture = fromDatabase ? string.Empty : ReadCulture(map, owner);
            var delimiter = ReadDelimiter(map, owner);
            var time = TimeColumn(map, owner);
            var dateFormatNodes = _schema.TextList(map["date_format"], "date_format", owner);
            var dateFormats = dateFormatNodes.Select(f => f.Value).ToList();
            CheckClockTimeColumn(dateFormatNodes, time.Column, borrows.Definitions, owner);
            var (sheet, headerRow) = ReadSheet(map, owner, format);
            var coverage = ReadCoverage(map, owner, time.Column is not null);
            if (name is null || (fromDatabase ? source is null : pathNode is null) || format is null)
            {
                continue;
            }

            var definition = new DatasetDefinition(
                name,
                source?.Location ?? Path.GetFullPath(Path.Combine(_source.Directory, pathNode!.Value)),
                format.Value,
                time.Column,
                columns,
                culture,
                dateFormats,
                delimiter,
                filter,
                borrows.Definitions.Count > 0 ? borrows.Definitions[0] : null,
                _schema.Span(key))
            {
                Borrows = borrows.Definitions,
                TimeWindow = ReadTimeWindow(map, owner),
                Source = source,
                DeclaredTimeless = time.None,
                Sheet = sheet,
                HeaderRow = headerRow,
                DateFormatSpan = dateFormatNodes.Count > 0 ? dateFormatNodes[0].Span : null,
                Coverage = coverage,
            };
            datasets.Add(new DatasetDraft(definition, borrows.FromSpans));
        }

        return datasets;
    }

    /// <summary>A dataset computed from another (<c>derived: { from, by, columns }</c>); file settings make no sense on it (KPI1005).</summary>
    private DatasetDefinition? ReadDerivedDataset(YamlMapping map, string? name, string owner, SourceSpan span)
    {
        foreach (var fileKey in FileOnlyDatasetKeys)
        {
            if (map.Find(fileKey) is { } entry)
            {
                _schema.Invalid(entry.Key, $"{owner} is derived from another dataset, so it cannot have '{fileKey}'.", fileKey == "path"
                    ? "Keep 'derived' to compute it from another dataset, or 'path' to read it from a file, not both."
                    : $"Remove '{fileKey}': a derived dataset's columns and their types come from its formulas.");
            }
        }

        var derivedOwner = $"'derived' of {owner}";
        var filter = _schema.Formula(map, "filter", owner, required: false);
        var time = TimeColumn(map, owner);
        if (_schema.Mapping(map["derived"], derivedOwner) is not { } derived)
        {
            if (map["derived"] is YamlScalar { IsNull: true })
            {
                _schema.ReportMissing("derived", owner, _schema.Span(map.Find("derived")!.Value.Key), empty: true);
            }

            return null;
        }

        _schema.CheckKeys(derived, DerivedKeys, derivedOwner);
        var from = _schema.Required(derived, "from", derivedOwner);
        var by = _schema.Required(derived, "by", derivedOwner);
        var columns = new List<DerivedColumnDefinition>();
        var columnMap = _schema.Mapping(derived["columns"], $"'columns' of {derivedOwner}");
        if (columnMap is not null)
        {
            foreach (var (column, _) in columnMap.Entries)
            {
                var columnName = _schema.Identifier(column, "column name");
                if (_schema.Formula(columnMap, column.Value, $"column '{column.Value}' of {owner}", required: true) is { } formula && columnName is not null)
                {
                    columns.Add(new DerivedColumnDefinition(columnName, formula, _schema.Span(column)));
                }
            }
        }

        if (columnMap is null || columnMap.Entries.Count == 0)
        {
            _schema.ReportMissing("columns", derivedOwner, _schema.Span(derived), empty: derived.Find("columns") is not null);
        }

        if (name is null || from is null || by is null)
        {
            return null;
        }

        var definition = new DerivedDatasetDefinition(from.Value, by.Value, columns, _schema.Span(derived), _schema.Span(from));
        return new DatasetDefinition(name, _source.FullPath, DatasetFormat.Csv, time.Column, [], "", [], ',', filter, null, span) { Derived = definition, DeclaredTimeless = time.None };
    }

    /// <summary>A dataset's <c>time:</c>: the column that dates its rows, or <c>none</c> for a snapshot without dates.</summary>
    private (string? Column, bool None) TimeColumn(YamlMapping map, string owner)
    {
        var time = _schema.Text(map, "time", owner);
        return time == "none" ? (null, true) : (time, false);
    }

    private DatasetFormat? ReadFormat(YamlMapping map, YamlScalar? pathNode, string owner)
    {
        if (_schema.Scalar(map["format"], "format", owner) is { } formatNode)
        {
            return _schema.Enum(formatNode, Formats, "format", owner);
        }

        if (pathNode is null)
        {
            return null;
        }

        var extension = Path.GetExtension(pathNode.Value).ToLowerInvariant();
        var format = FormatOfExtension(extension);
        if (format is null)
        {
            _schema.Invalid(
                pathNode,
                $"The format of {owner} cannot be told from the extension '{extension}'.",
                "Add a line 'format: csv' (or json, jsonl, xlsx, parquet).");
        }

        return format;
    }

    /// <summary>The format a data file's extension (lower case, with its dot) names; null for one the engine does not read.</summary>
    internal static DatasetFormat? FormatOfExtension(string extension) => extension switch
    {
        ".csv" => DatasetFormat.Csv,
        ".json" => DatasetFormat.Json,
        ".jsonl" or ".ndjson" => DatasetFormat.JsonLines,
        ".xlsx" => DatasetFormat.Xlsx,
        ".parquet" => DatasetFormat.Parquet,
        _ => null,
    };

    private string ReadCulture(YamlMapping map, string owner)
    {
        if (_schema.Scalar(map["culture"], "culture", owner) is not { } node)
        {
            return "";
        }

        try
        {
            return CultureInfo.GetCultureInfo(node.Value, predefinedOnly: true).Name;
        }
        catch (CultureNotFoundException)
        {
            _schema.Invalid(node, $"'{node.Value}' is not a known culture for {owner}.", "Write a culture name such as de-DE or en-US, or leave it out for invariant.");
            return "";
        }
    }

    /// <summary>
    /// <c>time_window: [1900-01-01, 2100-12-31]</c>: the dates a time value may take, both ISO dates,
    /// within the years the calendar can label (0002 to 9998); the default window otherwise.
    /// </summary>
    private DateWindow ReadTimeWindow(YamlMapping map, string owner)
    {
        if (map.Find("time_window") is not { } entry || entry.Value is YamlScalar { IsNull: true })
        {
            return DateWindow.Default;
        }

        var dates = new List<DateOnly>();
        foreach (var item in _schema.Sequence(entry.Value, $"'time_window' of {owner}")?.Items ?? [])
        {
            if (_schema.Scalar(item, "time_window", owner) is not { } node)
            {
                continue;
            }

            if (DateOnly.TryParseExact(node.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                && date.Year is >= PeriodCalendar.FirstYear and <= PeriodCalendar.LastYear)
            {
                dates.Add(date);
            }
            else
            {
                _schema.Invalid(node, $"'{node.Value}' in the time_window of {owner} is not an ISO date from {PeriodCalendar.FirstYear:D4} to {PeriodCalendar.LastYear}.", "Write it like 1990-01-01.");
                return DateWindow.Default;
            }
        }

        if (dates.Count != 2 || dates[0] > dates[1])
        {
            _schema.Invalid(entry.Value, $"The time_window of {owner} must be two dates, the earliest first.", "Write it like time_window: [1990-01-01, 2100-12-31].");
            return DateWindow.Default;
        }

        return new DateWindow(dates[0], dates[1]);
    }

    private char ReadDelimiter(YamlMapping map, string owner)
    {
        if (_schema.Scalar(map["delimiter"], "delimiter", owner) is not { } node)
        {
            return ',';
        }

        var text = node.Value == "\\t" ? "\t" : node.Value;
        if (text.Length == 1)
        {
            return text[0];
        }

        _schema.Invalid(node, $"The delimiter of {owner} must be exactly one character, not '{node.Value}'.", "Write it quoted, for example delimiter: \";\" or delimiter: \"\\t\".");
        return ',';
    }

    private (BorrowDefinition Definition, SourceSpan FromSpan)? ReadBorrow(YamlNode? node, string borrowOwner)
    {
        if (_schema.Mapping(node, borrowOwner) is not { } borrow)
        {
            return null;
        }

        _schema.CheckKeys(borrow, BorrowKeys, borrowOwner);
        var from = _schema.Required(borrow, "from", borrowOwner);
        var key = _schema.Required(borrow, "key", borrowOwner);
        var columns = _schema.TextList(borrow["columns"], "columns", borrowOwner);
        if (borrow.Find("columns") is null || columns.Count == 0)
        {
            _schema.ReportMissing("columns", borrowOwner, _schema.Span(borrow), empty: borrow.Find("columns") is not null);
        }

        if (from is null || key is null)
        {
            return null;
        }

        var definition = new BorrowDefinition(
            from.Value,
            key.Value,
            _schema.Text(borrow, "lender_key", borrowOwner),
            columns.Select(c => c.Value).ToList(),
            _schema.Span(borrow));
        return (definition, _schema.Span(from));
    }

    private List<InputDraft> ReadInputs(YamlMapping root)
    {
        var inputs = new List<InputDraft>();
        foreach (var (key, value) in _schema.Mapping(root["inputs"], "'inputs'")?.Entries ?? [])
        {
            var name = _schema.Identifier(key, "input name");
            var owner = $"input '{key.Value}'";
            if (_schema.Mapping(value, owner) is not { } map)
            {
                continue;
            }

            _schema.CheckKeys(map, InputKeys, owner);
            var dataset = _schema.Required(map, "dataset", owner);
            var formula = _schema.Formula(map, "formula", owner, required: true);
            var description = _schema.Text(map, "description", owner);
            var kind = ReadInputKind(map, owner);
            if (name is not null && dataset is not null && formula is not null)
            {
                var definition = new InputDefinition(name, dataset.Value, formula, description, _schema.Span(key)) { Kind = kind };
                inputs.Add(new InputDraft(definition, _schema.Span(dataset)));
            }
        }

        return inputs;
    }

    private List<ParameterDefinition> ReadParameters(YamlMapping root)
    {
        var parameters = new List<ParameterDefinition>();
        foreach (var (key, value) in _schema.Mapping(root["parameters"], "'parameters'")?.Entries ?? [])
        {
            var name = _schema.Identifier(key, "parameter name");
            var owner = $"parameter '{key.Value}'";
            if (value is YamlScalar { IsNull: true })
            {
                _schema.Diagnostics.Add(
                    DiagnosticCatalog.MissingKey,
                    $"Parameter '{key.Value}' has no value (YAML reads an empty value as null, not 0).",
                    _schema.Span(key),
                    $"Give it a number, like '{key.Value}: 0.5'.");
                continue;
            }

            if (_schema.Scalar(value, key.Value, "the parameters") is { } scalar
                && _schema.Number(scalar, owner) is { } number
                && name is not null)
            {
                parameters.Add(new ParameterDefinition(name, number, _schema.Span(key)));
            }
        }

        return parameters;
    }

    private Spanned<string>? SpannedText(YamlMapping map, string key, string owner) =>
        _schema.Scalar(map[key], key, owner) is { } node ? new Spanned<string>(node.Value, _schema.Span(node)) : null;
}
