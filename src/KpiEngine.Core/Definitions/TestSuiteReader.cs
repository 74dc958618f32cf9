using KpiEngine.Diagnostics;
using KpiEngine.Time;

namespace KpiEngine.Definitions;

/// <summary>
/// Reads the <c>tests:</c> of a client or catalog file, or of a sibling <c>NAME.tests.yaml</c>,
/// into a <see cref="KpiTestSuite"/>, reporting every problem in it at once with its position.
/// </summary>
internal sealed partial class TestSuiteReader(YamlSource source, DiagnosticBag diagnostics)
{
    /// <summary>The key of the tests section, in a test file and in a client or catalog file.</summary>
    internal const string SectionKey = "tests";

    /// <summary>The name of a test file that tests its sibling: <c>sales.tests.yaml</c> tests <c>sales.yaml</c>.</summary>
    internal const string FileSuffix = ".tests.yaml";

    /// <summary>The default tolerance: values are printed with far fewer digits, so this is exact for hand-worked numbers.</summary>
    internal const double DefaultTolerance = 1e-6;

    private static readonly string[] FileKeys = [SectionKey];
    private static readonly string[] TestKeys = ["name", "grain", "given", "data", "parameters", "tolerance", "expect"];
    private static readonly string[] DataKeys = ["rows", "fixture"];
    private static readonly string[] ExpectedKeys = ["value", "tolerance", "undefined"];

    private static WordTable<Grain> Grains => BatchManifestReader.Grains;

    private readonly SchemaReader _schema = new(source, diagnostics);

    /// <summary>The file a sibling test file tests: <c>sales.tests.yaml</c> → <c>sales.yaml</c>; null for other names.</summary>
    public static string? TargetOf(string testFile) =>
        testFile.EndsWith(FileSuffix, StringComparison.OrdinalIgnoreCase) ? testFile[..^FileSuffix.Length] + ".yaml" : null;

    /// <summary>Reads a whole <c>NAME.tests.yaml</c>; null when its root is not a mapping of <c>tests:</c>.</summary>
    public IReadOnlyList<KpiTestCase>? ReadFile(bool catalog)
    {
        if (source.Root is null || _schema.Mapping(source.Root, "the test file") is not { } root || !_schema.CheckRootKeys(root, FileKeys, "a test file"))
        {
            return null;
        }

        if (root.Find(SectionKey) is null)
        {
            _schema.ReportMissing(SectionKey, "the test file", _schema.Span(root), empty: false);
        }

        return ReadTests(root[SectionKey], catalog);
    }

    /// <summary>Reads the list under <c>tests:</c>; <paramref name="catalog"/> says whether they test a catalog (given rows) or a client (data).</summary>
    public IReadOnlyList<KpiTestCase> ReadTests(YamlNode? node, bool catalog)
    {
        var tests = new List<KpiTestCase>();
        foreach (var item in _schema.Sequence(node, "'tests'")?.Items ?? [])
        {
            if (_schema.Mapping(item, "a test") is not { } map || ReadTest(map, catalog) is not { } test)
            {
                continue;
            }

            if (tests.Find(t => t.Name == test.Name) is { } first)
            {
                diagnostics.Add(DiagnosticCatalog.DuplicateId, $"Two tests are named '{test.Name}'; the first is at {first.Span}.", test.Span, "Give each test its own name.");
                continue;
            }

            tests.Add(test);
        }

        return tests;
    }

    private KpiTestCase? ReadTest(YamlMapping map, bool catalog)
    {
        var nameNode = _schema.Required(map, "name", $"the test at line {map.Line}");
        var owner = $"test '{nameNode?.Value ?? "?"}'";
        _schema.CheckKeys(map, TestKeys, owner);
        var grain = _schema.Scalar(map["grain"], "grain", owner) is { } g ? _schema.Enum(g, Grains, "grain", owner) : Grain.Month;
        var calendar = new PeriodCalendar(grain ?? Grain.Month);
        var tolerance = Tolerance(map, owner) ?? DefaultTolerance;
        var given = ReadGiven(map, catalog, owner, calendar);
        var data = ReadData(map, catalog, owner);
        var parameters = ReadParameters(map, owner);
        var expected = ReadExpected(map, owner, calendar, tolerance);
        if (nameNode is null || grain is null)
        {
            return null;
        }

        return new KpiTestCase(nameNode.Value, _schema.Span(nameNode), grain.Value, given, data, parameters, expected);
    }

    private double? Tolerance(YamlMapping map, string owner)
    {
        if (_schema.Scalar(map["tolerance"], "tolerance", owner) is not { } node || _schema.Number(node, $"'tolerance' of {owner}") is not { } value)
        {
            return null;
        }

        if (value < 0)
        {
            _schema.Invalid(node, $"The tolerance of {owner} is negative.", "Write the largest difference to accept, such as 0.01.");
            return null;
        }

        return value;
    }

    private List<KpiTestRow> ReadGiven(YamlMapping map, bool catalog, string owner, PeriodCalendar calendar)
    {
        var rows = new List<KpiTestRow>();
        if (map.Find("given") is not { } entry)
        {
            if (catalog)
            {
                _schema.ReportMissing("given", owner, _schema.Span(map), empty: false);
            }

            return rows;
        }

        if (!catalog)
        {
            _schema.Invalid(entry.Key, $"{Capital(owner)} tests a client file, whose inputs come from its datasets, so it cannot have 'given'.", "Replace datasets with 'data: { DATASET: { rows: [...] } }'.");
            return rows;
        }

        var periods = new Dictionary<int, SourceSpan>();
        foreach (var item in _schema.Sequence(entry.Value, $"'given' of {owner}")?.Items ?? [])
        {
            if (ReadRow(item, owner) is not { } row || _schema.Mapping(item, "a row") is not { } rowMap)
            {
                continue;
            }

            if (_schema.Required(rowMap, "period", $"the row at line {rowMap.Line}") is { } period)
            {
                if (!calendar.TryParse(period.Value, end: false, out var ordinal) || calendar.Label(ordinal) != period.Value)
                {
                    _schema.Invalid(period, $"'{period.Value}' is not a {calendar.Grain.ToString().ToLowerInvariant()} of {owner}.", $"Write the period as the results label it, like {calendar.Label(calendar.OrdinalOf(new DateOnly(2026, 1, 1)))}.");
                }
                else if (!periods.TryAdd(ordinal, _schema.Span(period)))
                {
                    _schema.Invalid(period, $"{Capital(owner)} gives period {period.Value} twice; the first is at {periods[ordinal]}.", "Give each period one row.");
                }
            }

            foreach (var (key, value) in rowMap.Entries.Where(e => e.Key.Value != "period"))
            {
                _schema.Identifier(key, "input name");
                if (_schema.Scalar(value, key.Value, owner) is { } scalar)
                {
                    _schema.Number(scalar, $"input '{key.Value}' in {owner}");
                }
            }

            rows.Add(row);
        }

        return rows;
    }

    private List<KpiTestData> ReadData(YamlMapping map, bool catalog, string owner)
    {
        var data = new List<KpiTestData>();
        if (map.Find("data") is not { } entry)
        {
            return data;
        }

        if (catalog)
        {
            _schema.Invalid(entry.Key, $"{Capital(owner)} tests a catalog, which has no datasets, so it cannot have 'data'.", "Give the inputs' values per period with 'given: [{ period: 2026-01, revenue: 100 }]'.");
            return data;
        }

        foreach (var (key, value) in _schema.Mapping(entry.Value, $"'data' of {owner}")?.Entries ?? [])
        {
            var datasetOwner = $"dataset '{key.Value}' of {owner}";
            if (_schema.Mapping(value, datasetOwner) is not { } datasetMap)
            {
                _schema.ReportMissing("rows", datasetOwner, _schema.Span(key), empty: true);
                continue;
            }

            _schema.CheckKeys(datasetMap, DataKeys, datasetOwner);
            var fixture = _schema.Scalar(datasetMap["fixture"], "fixture", datasetOwner);
            var rows = (_schema.Sequence(datasetMap["rows"], $"'rows' of {datasetOwner}")?.Items ?? []).Select(r => ReadRow(r, datasetOwner)).OfType<KpiTestRow>().ToList();
            if ((fixture is null) == (datasetMap.Find("rows") is null))
            {
                _schema.Invalid(key, $"{Capital(datasetOwner)} needs either 'rows' or 'fixture'.", "Write the rows inline ('rows: [{ column: value }]') or name a file ('fixture: fixtures/orders.csv'), not both.");
                continue;
            }

            data.Add(new KpiTestData(key.Value, rows, fixture is null ? null : Path.GetFullPath(Path.Combine(source.Directory, fixture.Value)), _schema.Span(key)));
        }

        return data;
    }

    private KpiTestRow? ReadRow(YamlNode node, string owner)
    {
        if (_schema.Mapping(node, $"a row of {owner}") is not { } row)
        {
            return null;
        }

        var cells = new List<KeyValuePair<string, string?>>();
        foreach (var (key, value) in row.Entries)
        {
            var scalar = _schema.Scalar(value, key.Value, $"the row at line {row.Line}");
            cells.Add(new(key.Value, scalar?.Value));
        }

        return new KpiTestRow(cells, _schema.Span(row));
    }

    private List<ParameterDefinition> ReadParameters(YamlMapping map, string owner)
    {
        var parameters = new List<ParameterDefinition>();
        foreach (var (key, value) in _schema.Mapping(map["parameters"], $"'parameters' of {owner}")?.Entries ?? [])
        {
            if (_schema.Identifier(key, "parameter name") is { } name
                && _schema.Scalar(value, key.Value, owner) is { } scalar
                && _schema.Number(scalar, $"parameter '{key.Value}' of {owner}") is { } number)
            {
                parameters.Add(new ParameterDefinition(name, number, _schema.Span(key)));
            }
            else if (value is YamlScalar { IsNull: true })
            {
                _schema.ReportMissing(key.Value, $"'parameters' of {owner}", _schema.Span(key), empty: true);
            }
        }

        return parameters;
    }

    private List<ExpectedValue> ReadExpected(YamlMapping map, string owner, PeriodCalendar calendar, double tolerance)
    {
        var expected = new List<ExpectedValue>();
        if (map.Find("expect") is not { } entry)
        {
            _schema.ReportMissing("expect", owner, _schema.Span(map), empty: false);
            return expected;
        }

        foreach (var (kpi, periods) in _schema.Mapping(entry.Value, $"'expect' of {owner}")?.Entries ?? [])
        {
            var kpiOwner = $"the expected values of '{kpi.Value}' in {owner}";
            if (_schema.Identifier(kpi, "KPI id") is null || _schema.Mapping(periods, kpiOwner) is not { } periodMap)
            {
                continue;
            }

            foreach (var (period, value) in periodMap.Entries)
            {
                if (!calendar.TryParse(period.Value, end: false, out var ordinal) || calendar.Label(ordinal) != period.Value)
                {
                    _schema.Invalid(period, $"'{period.Value}' is not a {calendar.Grain.ToString().ToLowerInvariant()} label for {kpiOwner}.", PeriodCalendar.PeriodHint + " Use the label the results print at the test's grain.");
                    continue;
                }

                if (ReadValue(value, kpiOwner, tolerance) is { } parsed)
                {
                    expected.Add(new ExpectedValue(kpi.Value, period.Value, parsed.Value, parsed.Tolerance, parsed.Reason, _schema.Span(value)));
                }
            }
        }

        if (expected.Count == 0 && entry.Value is YamlScalar { IsNull: true })
        {
            _schema.ReportMissing("expect", owner, _schema.Span(entry.Key), empty: true);
        }

        return expected;
    }

    private (double? Value, double Tolerance, string Reason)? ReadValue(YamlNode node, string owner, double tolerance)
    {
        if (node is YamlScalar { Style: YamlScalarStyle.Plain, Value: "undefined" })
        {
            return (null, tolerance, "");
        }

        if (node is YamlScalar scalar)
        {
            if (scalar.IsNull)
            {
                _schema.Invalid(node, $"An expected value of {owner} is empty.", "Write a number, or 'undefined'.");
                return null;
            }

            return _schema.Number(scalar, $"an expected value of {owner}") is { } number ? (number, tolerance, "") : null;
        }

        if (_schema.Mapping(node, $"an expected value of {owner}") is not { } map)
        {
            return null;
        }

        _schema.CheckKeys(map, ExpectedKeys, $"an expected value of {owner}");
        var ownTolerance = Tolerance(map, owner) ?? tolerance;
        if (map.Find("undefined") is { } undefined)
        {
            if (map.Find("value") is not null)
            {
                _schema.Invalid(undefined.Key, $"An expected value of {owner} is both a value and undefined.", "Keep 'value' or 'undefined'.");
                return null;
            }

            return (null, ownTolerance, _schema.Scalar(undefined.Value, "undefined", owner)?.Value ?? "");
        }

        return _schema.Required(map, "value", $"an expected value of {owner}") is { } valueNode && _schema.Number(valueNode, $"the expected value of {owner}") is { } value
            ? (value, ownTolerance, "")
            : null;
    }

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
