using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KpiEngine.Definitions;

/// <summary>
/// The shape of every YAML file kind, built from the readers' own key tables
/// (<c>DefinitionKeyTables.cs</c>): the JSON Schemas editors use for completion and inline
/// errors (<c>kpi schema</c>, the shipped <c>schemas/</c>) and the key reference page
/// (docs/yaml-keys.md) are both written from it. A key a reader accepts but this file does not
/// describe yet still appears, accepting any value, so neither can reject what the engine reads.
/// </summary>
public static class DefinitionSchema
{
    /// <summary>The JSON Schema draft the files declare: the one yaml-language-server (VS Code's YAML extension) supports best.</summary>
    public const string Draft = "http://json-schema.org/draft-07/schema#";

    private static readonly ValueShape Text = new ScalarShape("text", ["string", "number", "boolean"]);
    private static readonly ValueShape Number = new ScalarShape("number", ["number"]);
    private static readonly ValueShape Count = new ScalarShape("number, 0 or more", ["number"], minimum: 0);
    private static readonly ValueShape Flag = new ScalarShape("true or false", ["boolean"]);
    private static readonly ValueShape Formula = new ScalarShape("formula (quoted)", ["string"]);
    private static readonly ValueShape Period = new ScalarShape("period label (2026, 2026-Q1, 2026-03, 2026-W10, 2026-03-05)", ["string", "number"]);
    private static readonly ValueShape TextList = new TextListShape();

    // Built on first use: every kpi command line names the schema command's kinds, and building every
    // schema up front was 5 % of a small run's start.
    private static readonly Lazy<List<SchemaFile>> BuiltFiles = new(Build);

    /// <summary>The file kinds, each with its schema file name.</summary>
    public static IReadOnlyList<SchemaFile> Files => BuiltFiles.Value;

    /// <summary>The kinds of <see cref="Files"/>, in the same order, without building the schemas.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["client", "catalog", "profile", "goals", "batch", "tests"];

    /// <summary>The schema of one file kind as indented JSON with a final newline; byte-identical on every run.</summary>
    public static string Json(SchemaFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var root = new JsonObject
        {
            ["$schema"] = Draft,
            ["$id"] = "https://kpiengine.dev/schemas/" + file.FileName,
            ["title"] = file.Title,
        };
        foreach (var (key, value) in file.Root.Schema())
        {
            root[key] = value?.DeepClone();
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>The key reference page (docs/yaml-keys.md): every file kind, every mapping in it, every key.</summary>
    public static string Reference()
    {
        var text = new StringBuilder();
        text.Append("# YAML key reference\n\n");
        text.Append("Every key of every KpiEngine file kind. This page is generated from the key tables the readers\n");
        text.Append("use, like the editor schemas in `schemas/`: run `kpi schema --out schemas --reference docs/yaml-keys.md`\n");
        text.Append("after changing a reader (a test fails until both are current). Editors that speak the YAML\n");
        text.Append("language server (VS Code with the YAML extension) complete these keys and flag unknown ones\n");
        text.Append("through the `# yaml-language-server: $schema=...` line at the top of each shipped file.\n");
        foreach (var file in Files)
        {
            text.Append("\n## ").Append(file.Title).Append("\n\n");
            text.Append(file.AppliesTo).Append(" Schema: `schemas/").Append(file.FileName).Append("`.\n");
            var seen = new HashSet<MappingShape>();
            Describe(file.Root, text, seen);
        }

        return text.ToString();
    }

    private static void Describe(MappingShape mapping, StringBuilder text, HashSet<MappingShape> seen)
    {
        if (!seen.Add(mapping))
        {
            return;
        }

        text.Append("\n### ").Append(mapping.Title).Append("\n\n");
        if (mapping.Description.Length > 0)
        {
            text.Append(mapping.Description).Append("\n\n");
        }

        text.Append("| key | value | meaning |\n| --- | --- | --- |\n");
        foreach (var entry in mapping.Entries())
        {
            text.Append("| `").Append(entry.Key).Append('`').Append(mapping.Required.Contains(entry.Key) ? " (required)" : "")
                .Append(" | ").Append(entry.Shape.Summary).Append(" | ").Append(entry.Description).Append(" |\n");
        }

        foreach (var nested in mapping.Entries().SelectMany(e => e.Shape.Mappings()))
        {
            Describe(nested, text, seen);
        }
    }

    private static List<SchemaFile> Build()
    {
        var sample = new MappingShape("Minimum sample", "`min_sample:` written as a mapping: what to count, and how much of it a status needs (docs/report.md, Data sufficiency).", SufficiencyReader.SampleKeyTable, new()
        {
            ["input"] = (Text, "an input or KPI whose value in the period is counted (it is computed even when not reported)"),
            ["rows"] = (Text, "a dataset the KPI reads whose rows in the period are counted, after its filter"),
            ["at_least"] = (Count, "the least count at which a status is judged (inclusive)"),
        }, required: ["at_least"]);
        var minSample = new AnyOfShape("a count (of the formula's denominator), or mapping: Minimum sample", Count, sample);
        var grains = new EnumShape(BatchManifestReader.GrainNames);
        var scorecard = new MappingShape("Scorecard", "`scorecard:` of a profile or client: weights of KPIs and categories in the 0-100 score (docs/report.md, Scoring); a client's replaces its profile's.", SufficiencyReader.ScorecardKeyTable, new()
        {
            ["kpis"] = (new MapShape("KPI id", Count), "weight of each KPI within its category (default 1; 0 leaves it out)"),
            ["categories"] = (new MapShape("category", Count), "weight of each category in the overall score (default 1; 0 leaves it out)"),
        });
        var source = new MappingShape("Database source", "`source:` of a dataset: a table or query of a named connection instead of a file (docs/sources.md).", DefinitionFileReader.SourceKeyTable, new()
        {
            ["connection"] = (Text, "the connection's name (an environment variable or an entry of the connections file), never a connection string"),
            ["table"] = (Text, "the table or view to read, possibly schema-qualified; exactly one of table and query"),
            ["query"] = (Text, "a SELECT whose rows are the dataset; exactly one of table and query"),
            ["pushdown"] = (Flag, "PostgreSQL: compute the groups in the database when that is exact (default: true); false streams the rows"),
        }, required: ["connection"]);
        var benchmark = new MappingShape("Benchmark", "One KPI's status bands under `benchmarks:` (`kpi_id: { good: 3, poor: 1 }`).", BenchmarkReader.BenchmarkKeyTable, new()
        {
            ["good"] = (Number, "the value from which the KPI is good (respecting its direction)"),
            ["poor"] = (Number, "the value from which it is poor; between the two it is a warning"),
            ["reference"] = (Number, "a reference value shown beside the KPI"),
            ["source"] = (Text, "where the numbers come from"),
            ["per"] = (grains, "the period length the bands are stated for (default month); at other grains they follow the KPI's scaling"),
            ["min_sample"] = (minSample, "how much data a status needs; replaces the KPI's own min_sample"),
        }, required: ["good", "poor"]);
        var benchmarks = new MapShape("KPI id", benchmark);
        var cohort = new MappingShape("Cohort", "`cohort:` of a KPI: report it per cohort (the period an entity starts in) and age (whole periods since), see docs/cookbook.md, Cohort tables.", DefinitionFileReader.CohortKeyTable, new()
        {
            ["entity"] = (Text, "the column naming who is followed, such as customer_id"),
            ["dataset"] = (Text, "the dataset whose rows decide each entity's start (default: the KPI's, or the one its inputs read)"),
            ["start"] = (Formula, "each entity's start date: Min or Max of a date column, or a date column's name (default: its first row's time)"),
            ["ages"] = (new ScalarShape("whole number", ["integer"]), "how many ages are reported, 0 to ages - 1 (default: up to the end of the data)"),
        }, required: ["entity"]);
        var kpi = new MappingShape("KPI", "An item of `kpis:`.", DefinitionFileReader.KpiKeyTable, new()
        {
            ["id"] = (Text, "the KPI's id, used in formulas as [id]: letters, digits and _"),
            ["name"] = (Text, "the display name"),
            ["category"] = (Text, "its category (default: the catalog's)"),
            ["unit"] = (new EnumShape(DefinitionFileReader.UnitNames), "how values are shown"),
            ["direction"] = (new EnumShape(DefinitionFileReader.DirectionNames), "whether higher or lower is better"),
            ["description"] = (Text, "what it measures"),
            ["formula"] = (Formula, "an NCalc formula over inputs, KPIs and parameters (or columns, inside aggregates)"),
            ["dataset"] = (Text, "the dataset an aggregate formula or plugin reads rows from"),
            ["plugin"] = (new ScalarShape("plugin/metric", ["string"], "^[^/]+/[^/]+$"), "a plugin metric computing the KPI instead of a formula"),
            ["output"] = (Text, "which output of the plugin metric"),
            ["parameters"] = (new MapShape("name", Text), "the plugin metric's parameters"),
            ["scaling"] = (new EnumShape(SufficiencyReader.ScalingNames), "how the value depends on the period length, so benchmarks carry over to other grains (not written: judged only at the benchmark's grain)"),
            ["min_sample"] = (minSample, "how much data a status needs; below it the status is insufficient data"),
            ["cohort"] = (cohort, "report the KPI per cohort and age instead of per period: a retention triangle"),
        }, required: ["id"]);
        var kpis = new ListShape(kpi);
        var borrow = new MappingShape("Borrow", "`borrow:` of a dataset: columns taken from another dataset by key.", DefinitionFileReader.BorrowKeyTable, new()
        {
            ["from"] = (Text, "the dataset lending the columns"),
            ["key"] = (Text, "this dataset's key column"),
            ["lender_key"] = (Text, "the lender's key column (default: the same name)"),
            ["columns"] = (TextList, "the columns to borrow"),
        }, required: ["from", "key", "columns"]);
        var derived = new MappingShape("Derived dataset", "`derived:` of a dataset: rows computed from another dataset, one per key.", DefinitionFileReader.DerivedKeyTable, new()
        {
            ["from"] = (Text, "the dataset it is computed from"),
            ["by"] = (Text, "the column whose values become the rows"),
            ["columns"] = (new MapShape("column", Formula), "each new column's aggregate formula"),
        }, required: ["from", "by", "columns"]);
        var coverage = new MappingShape("Coverage", "`coverage:` of a dataset: the dates its export covers, both included.", DefinitionFileReader.CoverageKeyTable, new()
        {
            ["from"] = (Text, "the first day the export covers (an ISO date, 2019-01-01)"),
            ["to"] = (Text, "the last day the export covers (not before from)"),
        }, required: ["from", "to"]);
        var dataset = new MappingShape("Dataset", "A value of `datasets:` (the key is the dataset's name).", DefinitionFileReader.DatasetKeyTable, new()
        {
            ["path"] = (Text, "the file, relative to this file"),
            ["format"] = (new EnumShape(DefinitionFileReader.FormatNames), "the file format (default: from the extension)"),
            ["time"] = (Text, "the column that places each row in a period; none for a snapshot without dates (the same in every period)"),
            ["columns"] = (new MapShape("column", new EnumShape(DefinitionFileReader.ColumnTypeNames)), "declared column types (the others are inferred)"),
            ["culture"] = (Text, "the culture of numbers and dates, such as de-DE (default: invariant)"),
            ["date_format"] = (TextList, "date formats to accept, such as dd.MM.yyyy"),
            ["delimiter"] = (Text, "the CSV delimiter, one character (\"\\t\" for tab)"),
            ["filter"] = (Formula, "a row condition; rows where it is false are skipped"),
            ["borrow"] = (new AnyOfShape("mapping: Borrow, or a list of them", borrow, new ListShape(borrow)), "columns borrowed from another dataset by key; a list borrows from several, applied in the order written"),
            ["derived"] = (derived, "compute this dataset from another instead of reading a file"),
            ["time_window"] = (new ListShape(Text, exactly: 2), "[earliest, latest] dates a time value may take"),
            ["sheet"] = (Text, "the .xlsx sheet, by name or by number from 1 (default: the first)"),
            ["source"] = (source, "read a database table or query instead of a file"),
            ["header_row"] = (new ScalarShape("whole number from 1", ["integer"], minimum: 1), "the .xlsx row that names the columns, from 1 (default: 1)"),
            ["coverage"] = (coverage, "the dates the export covers, so its first and last months are whole and months without rows are 0"),
        });
        var input = new MappingShape("Input", "A value of `inputs:` (the key is the input's name).", DefinitionFileReader.InputKeyTable, new()
        {
            ["dataset"] = (Text, "the dataset it aggregates"),
            ["formula"] = (Formula, "an aggregate over the dataset's rows, such as Sum([total])"),
            ["description"] = (Text, "what it counts"),
            ["kind"] = (new EnumShape(DefinitionFileReader.InputKindNames), "flow (summed across periods) or balance (a level)"),
        }, required: ["dataset", "formula"]);
        var calendar = new MappingShape("Calendar", "`calendar:` of a client.", DefinitionFileReader.CalendarKeyTable, new()
        {
            ["fiscal_year_start"] = (Text, "the first month of the fiscal year (april or 4)"),
            ["week_start"] = (Text, "the first day of the week (monday)"),
        });
        var change = new MappingShape("Goal change", "`change:` of a goal: exactly one of these.", GoalReader.ChangeKeyTable, new()
        {
            ["relative"] = (Text, "a change in percent of the baseline, such as 10 or -5"),
            ["delta"] = (Text, "an absolute change from the baseline"),
            ["target"] = (Text, "an absolute target value"),
        });
        var supporting = Supporting(change);
        var inlineGoal = new MappingShape("Goal", "An item of a client's `goals:` written in full.", GoalReader.InlineKeyTable, GoalKeys(change, supporting), required: ["kpi", "change", "baseline", "deadline"]);
        var instanceGoal = new MappingShape("Goal from a template", "An item of a client's `goals:` that fills in a template; the template's parameters are keys too.", GoalReader.InstanceKeyTable, new()
        {
            ["template"] = (Text, "the id of a goal template in an included goal file"),
            ["id"] = (Text, "the goal's id (default: kpi_template)"),
            ["name"] = (Text, "the display name"),
            ["supporting"] = (supporting, "more supporting KPIs: ids, or mappings with their own change and supporting KPIs"),
        }, required: ["template"], additional: Text);
        var template = new MappingShape("Goal template", "An item of `templates:`; texts may hold {parameters} a goal fills in.", GoalReader.TemplateKeyTable, GoalKeys(change, TextList), required: ["id", "kpi", "change", "baseline", "deadline"]);
        var expected = new MappingShape("Expected value", "An expected value written as a mapping.", TestSuiteReader.ExpectedKeyTable, new()
        {
            ["value"] = (Number, "the number"),
            ["tolerance"] = (Number, "the largest difference accepted"),
            ["undefined"] = (Text, "expect undefined, with a reason containing this text"),
        });
        var row = new MapShape("column", Text);
        var data = new MappingShape("Test data", "A value of a client test's `data:` (the key is a dataset of the client).", TestSuiteReader.DataKeyTable, new()
        {
            ["rows"] = (new ListShape(row), "the rows, column → value"),
            ["fixture"] = (Text, "a data file instead, relative to the test file"),
        });
        var test = new MappingShape("Test", "An item of `tests:` (docs/testing-kpis.md).", TestSuiteReader.TestKeyTable, new()
        {
            ["name"] = (Text, "what the test checks; unique in the file"),
            ["grain"] = (new EnumShape(TestSuiteReader.GrainNames), "the period length of the results (default month)"),
            ["given"] = (new ListShape(row), "catalog tests: one row per period, period and input values"),
            ["data"] = (new MapShape("dataset", data), "client tests: datasets replaced by rows or a fixture"),
            ["parameters"] = (new MapShape("parameter", Number), "parameter values"),
            ["tolerance"] = (Number, "the largest difference accepted (default 0.000001)"),
            ["expect"] = (new MapShape("KPI id", new MapShape("period", new AnyOfShape("number, undefined or a mapping", Number, new EnumShape(["undefined"]), expected))), "KPI or input id → period → expected value"),
        }, required: ["name", "expect"]);
        var tests = new ListShape(test);
        var client = new MappingShape("Client file", "The top level of a client file.", DefinitionFileReader.ClientRootKeys, new()
        {
            ["client"] = (new ScalarShape("id", ["string"], "^[A-Za-z0-9][A-Za-z0-9_.-]*$"), "the client's id; it names output files"),
            ["name"] = (Text, "the display name"),
            ["currency"] = (new ScalarShape("currency code", ["string"], "^[A-Za-z]{3}$"), "an ISO currency code such as EUR"),
            ["include"] = (TextList, "catalog and goal files to include, relative to this file"),
            ["use"] = (TextList, "the KPIs to report, in this order (default: the profile's, else all)"),
            ["plugins"] = (TextList, "plugin folders, relative to this file"),
            ["datasets"] = (new MapShape("dataset", dataset), "the exports the KPIs read"),
            ["inputs"] = (new MapShape("input", input), "named values computed from one dataset per period"),
            ["parameters"] = (new MapShape("parameter", Number), "named constants"),
            ["kpis"] = (kpis, "KPIs of this client, or overrides of included ones (same id)"),
            ["calendar"] = (calendar, "fiscal year and week start"),
            ["profile"] = (Text, "an offer-type profile by name or path"),
            ["benchmarks"] = (benchmarks, "status bands per KPI, replacing the profile's"),
            ["goals"] = (new ListShape(new AnyOfShape("a goal or a goal from a template", inlineGoal, instanceGoal)), "goals the client chases"),
            ["by"] = (TextList, "dimension columns to split results by"),
            ["tests"] = (tests, "value tests of this file (kpi test)"),
            ["scorecard"] = (scorecard, "weights of the 0-100 score, replacing the profile's"),
            ["subtotals"] = (Flag, "with two or more by: columns, also report each leading column's subtotals (default: false)"),
        }, required: ["client"]);
        var catalog = new MappingShape("Catalog file", "The top level of a catalog file.", DefinitionFileReader.CatalogRootKeys, new()
        {
            ["category"] = (Text, "the category of its KPIs"),
            ["include"] = (TextList, "other catalogs to include"),
            ["kpis"] = (kpis, "the KPIs, written over named inputs"),
            ["tests"] = (tests, "value tests of this file (kpi test)"),
        }, required: ["kpis"]);
        var profile = new MappingShape("Profile file", "The top level of an offer-type profile.", ProfileResolver.ProfileKeyTable, new()
        {
            ["profile"] = (Text, "the profile's id"),
            ["name"] = (Text, "the display name"),
            ["description"] = (Text, "what kind of offer it is for"),
            ["extends"] = (Text, "a profile this one extends"),
            ["include"] = (TextList, "the catalogs it draws on"),
            ["kpis"] = (TextList, "the KPIs it reports"),
            ["benchmarks"] = (benchmarks, "default status bands per KPI"),
            ["scorecard"] = (scorecard, "weights of the 0-100 score of the clients using it"),
        }, required: ["profile", "kpis"]);
        var goals = new MappingShape("Goal template file", "The top level of a goal template file.", GoalReader.FileKeyTable, new()
        {
            ["templates"] = (new ListShape(template), "the goal templates"),
        }, required: ["templates"]);
        var manifest = new MappingShape("Batch manifest", "The top level of a batch manifest (`kpi run --manifest`).", BatchManifestReader.KeyTable, new()
        {
            ["clients"] = (TextList, "client files or glob patterns, relative to the manifest"),
            ["grain"] = (new EnumShape(BatchManifestReader.GrainNames), "the period length"),
            ["from"] = (Period, "the first period to report"),
            ["to"] = (Period, "the last period to report"),
            ["formats"] = (TextList, "output formats"),
            ["out_dir"] = (Text, "the output folder, relative to the manifest"),
            ["parallel"] = (new ScalarShape("whole number", ["integer"]), "clients run at once"),
            ["skip_unchanged"] = (Flag, "skip clients whose inputs did not change"),
            ["include_inputs"] = (Flag, "also write inputs"),
            ["by"] = (TextList, "dimension columns"),
            ["subtotals"] = (Flag, "also report the subtotals of two or more dimension columns"),
        }, required: ["clients"]);
        var testFile = new MappingShape("Test file", "The top level of a `NAME.tests.yaml` beside the client or catalog `NAME.yaml` it tests.", TestSuiteReader.FileKeyTable, new()
        {
            ["tests"] = (tests, "the tests"),
        }, required: ["tests"]);
        return
        [
            new("client", "client.schema.json", "KpiEngine client file", "A client KPI set, such as `kpi-definitions/clients/online-shop.yaml`.") { Root = client },
            new("catalog", "catalog.schema.json", "KpiEngine catalog file", "Reusable KPI definitions, such as `kpi-definitions/catalog/sales.yaml`.") { Root = catalog },
            new("profile", "profile.schema.json", "KpiEngine profile file", "An offer-type profile, such as `kpi-definitions/profiles/subscription.yaml`.") { Root = profile },
            new("goals", "goals.schema.json", "KpiEngine goal template file", "Goal templates, such as `kpi-definitions/goals/common.yaml`.") { Root = goals },
            new("batch", "batch.schema.json", "KpiEngine batch manifest", "A batch manifest for `kpi run --manifest`.") { Root = manifest },
            new("tests", "tests.schema.json", "KpiEngine test file", "Value tests for `kpi test`, such as `kpi-definitions/catalog/sales.tests.yaml`.") { Root = testFile },
        ];
    }

    /// <summary>How deep the schema follows a cascade: deeper entries are still read, but only ids are checked there.</summary>
    private const int SupportingDepth = 4;

    /// <summary>
    /// A goal's <c>supporting:</c>: KPI ids, or entries <c>{ kpi, change, supporting }</c> nested to any depth. A JSON
    /// schema written inline cannot refer to itself, so the nesting is spelled out <see cref="SupportingDepth"/> levels deep.
    /// </summary>
    private static ValueShape Supporting(MappingShape change, int depth = SupportingDepth)
    {
        if (depth == 0)
        {
            return TextList;
        }

        var entry = new MappingShape("Supporting KPI", "An entry of a goal's `supporting:` written as a mapping.", GoalReader.SupportingKeyTable, new()
        {
            ["kpi"] = (Text, "the supporting KPI's id"),
            ["change"] = (change, "its own target (default: proportional to its parent's required change)"),
            ["supporting"] = (Supporting(change, depth - 1), "the KPIs it cascades to in turn"),
        }, required: ["kpi"]);
        var item = new AnyOfShape("a KPI id or a supporting KPI", Text, entry);
        return new AnyOfShape("list of KPI ids or supporting KPIs (or one id)", Text, new ListShape(item)) { ReferenceOnce = depth < SupportingDepth };
    }

    private static Dictionary<string, (ValueShape, string)> GoalKeys(MappingShape change, ValueShape supporting) => new()
    {
        ["id"] = (Text, "the id"),
        ["name"] = (Text, "the display name"),
        ["description"] = (Text, "what the goal is for"),
        ["kpi"] = (Text, "the KPI the goal moves"),
        ["change"] = (change, "how much it should move"),
        ["baseline"] = (Period, "the period the change is measured from"),
        ["deadline"] = (Period, "the period it should be reached by"),
        ["supporting"] = (supporting, "KPIs that support it (a template: ids; a goal: ids, or mappings with their own change and supporting KPIs)"),
    };
}

/// <summary>One schema file: a file kind, its file name, and its top-level mapping.</summary>
/// <param name="Kind">The file kind (client, catalog, profile, goals, batch, tests).</param>
/// <param name="FileName">The schema's file name (<c>client.schema.json</c>).</param>
/// <param name="Title">The schema's title.</param>
/// <param name="AppliesTo">Which files the schema is for, in words.</param>
public sealed record SchemaFile(string Kind, string FileName, string Title, string AppliesTo)
{
    /// <summary>The file's top-level mapping.</summary>
    internal MappingShape Root { get; init; } = null!;
}

/// <summary>The shape of a YAML value, as a JSON Schema and as a short text for the reference.</summary>
internal abstract class ValueShape
{
    public abstract string Summary { get; }

    public abstract JsonObject Schema();

    /// <summary>The mappings inside this shape, for the reference page.</summary>
    public virtual IEnumerable<MappingShape> Mappings() => [];
}

/// <summary>A single value. YAML reads <c>2026</c> or <c>true</c> as a number or boolean, so text accepts those too.</summary>
internal sealed class ScalarShape(string summary, string[] types, string? pattern = null, double? minimum = null) : ValueShape
{
    public override string Summary => summary;

    public override JsonObject Schema()
    {
        var schema = new JsonObject { ["type"] = types.Length == 1 ? types[0] : new JsonArray([.. types.Select(t => (JsonNode)t)]) };
        if (pattern is not null)
        {
            schema["pattern"] = pattern;
        }

        if (minimum is { } least)
        {
            schema["minimum"] = least;
        }

        return schema;
    }
}

/// <summary>One of a fixed set of names.</summary>
internal sealed class EnumShape(IReadOnlyList<string> names) : ValueShape
{
    public override string Summary => "one of " + string.Join(", ", names);

    public override JsonObject Schema() => new() { ["enum"] = new JsonArray([.. names.Select(n => (JsonNode)n)]) };
}

/// <summary>Any value: a key a reader accepts that the schema does not describe yet.</summary>
internal sealed class AnyShape : ValueShape
{
    public override string Summary => "any";

    public override JsonObject Schema() => [];
}

/// <summary>A list of text values, or one value on its own (the readers' TextList accepts both).</summary>
internal sealed class TextListShape : ValueShape
{
    public override string Summary => "list of text (or one text)";

    public override JsonObject Schema() => new()
    {
        ["anyOf"] = new JsonArray(
            new JsonObject { ["type"] = new JsonArray("string", "number") },
            new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = new JsonArray("string", "number") } }),
    };
}

/// <summary>A list of items of one shape.</summary>
internal sealed class ListShape(ValueShape item, int? exactly = null) : ValueShape
{
    public override string Summary => (exactly is { } n ? $"list of {n} " : "list of ") + item.Summary;

    public override JsonObject Schema()
    {
        var schema = new JsonObject { ["type"] = "array", ["items"] = item.Schema() };
        if (exactly is { } count)
        {
            schema["minItems"] = count;
            schema["maxItems"] = count;
        }

        return schema;
    }

    public override IEnumerable<MappingShape> Mappings() => item.Mappings();
}

/// <summary>A mapping of names the user chooses (datasets, inputs, parameters) to values of one shape.</summary>
internal sealed class MapShape(string keyName, ValueShape value) : ValueShape
{
    public override string Summary => $"{keyName} → {value.Summary}";

    public override JsonObject Schema() => new() { ["type"] = "object", ["additionalProperties"] = value.Schema() };

    public override IEnumerable<MappingShape> Mappings() => value.Mappings();
}

/// <summary>A value of any of several shapes.</summary>
internal sealed class AnyOfShape(string summary, params ValueShape[] shapes) : ValueShape
{
    public override string Summary => summary;

    /// <summary>True for a nested copy of a shape already on the reference page (a cascade's deeper levels): its mappings are not listed again.</summary>
    public bool ReferenceOnce { get; init; }

    public override JsonObject Schema() => new() { ["anyOf"] = new JsonArray([.. shapes.Select(s => (JsonNode)s.Schema())]) };

    public override IEnumerable<MappingShape> Mappings() => ReferenceOnce ? [] : shapes.SelectMany(s => s.Mappings());
}

/// <summary>
/// A mapping with fixed keys: exactly the keys of a reader's table, in its order, described where
/// this file knows them. Unknown keys are refused, as the readers refuse them (KPI1003).
/// </summary>
internal sealed class MappingShape(
    string title,
    string description,
    IReadOnlyList<string> keys,
    Dictionary<string, (ValueShape Shape, string Description)> known,
    IReadOnlyList<string>? required = null,
    ValueShape? additional = null) : ValueShape
{
    private static readonly ValueShape Anything = new AnyShape();

    public string Title => title;

    public string Description => description;

    public IReadOnlyList<string> Required => [.. (required ?? []).Where(keys.Contains)];

    public override string Summary => "mapping: " + title;

    /// <summary>The reader's keys in its order, each with its shape and meaning (any value and no meaning when not described here).</summary>
    public IEnumerable<(string Key, ValueShape Shape, string Description)> Entries() =>
        keys.Select(key => known.TryGetValue(key, out var entry) ? (key, entry.Shape, entry.Description) : (key, Anything, ""));

    public override JsonObject Schema()
    {
        var properties = new JsonObject();
        foreach (var (key, shape, meaning) in Entries())
        {
            var schema = shape.Schema();
            if (meaning.Length > 0)
            {
                schema["description"] = meaning;
            }

            properties[key] = schema;
        }

        var result = new JsonObject { ["type"] = "object", ["description"] = description, ["properties"] = properties };
        if (Required.Count > 0)
        {
            result["required"] = new JsonArray([.. Required.Select(r => (JsonNode)r)]);
        }

        result["additionalProperties"] = additional is null ? false : additional.Schema();
        return result;
    }

    public override IEnumerable<MappingShape> Mappings() => [this];
}
