using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using KpiEngine.Core.Tests;
using KpiEngine.Definitions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlTree = YamlDotNet.RepresentationModel.YamlNode;

namespace KpiEngine.Tests.Definitions;

/// <summary>
/// The editor schemas and the key reference: generated from the readers' key tables, shipped
/// without drift, named by every shipped YAML file, and accepting every shipped file while
/// flagging an unknown key — checked with JsonSchema.Net on the YAML read as an editor reads it.
/// </summary>
public sealed partial class DefinitionSchemaTests
{
    private const string Regenerate = "Run 'dotnet run --project src/KpiEngine.Cli -- schema --out schemas --reference docs/yaml-keys.md' and commit the result.";

    // Parsed once: JsonSchema.Net registers each schema's $id globally and refuses a second registration.
    private static readonly Lazy<Dictionary<string, JsonSchema>> Schemas = new(() =>
        DefinitionSchema.Files.ToDictionary(f => f.Kind, f => JsonSchema.FromText(DefinitionSchema.Json(f)), StringComparer.Ordinal));

    public static TheoryData<string> Kinds => [.. DefinitionSchema.Files.Select(f => f.Kind)];

    public static TheoryData<string> ShippedYaml => [.. ShippedYamlFiles()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ShippedSchema_IsWhatTheGeneratorWrites(string kind)
    {
        var file = DefinitionSchema.Files.Single(f => f.Kind == kind);
        var shipped = Path.Combine(RepositoryFolder.Root(), "schemas", file.FileName);

        Assert.True(File.Exists(shipped) && File.ReadAllText(shipped) == DefinitionSchema.Json(file), $"schemas/{file.FileName} is not what the readers' key tables give. {Regenerate}");
    }

    [Fact]
    public void Kinds_AreTheKindsOfTheSchemaFilesInTheirOrder()
    {
        // The CLI lists the kinds without building the schemas (a run's start does not pay for them).
        Assert.Equal(DefinitionSchema.Files.Select(f => f.Kind), DefinitionSchema.Kinds);
    }

    [Fact]
    public void KeyReferencePage_IsWhatTheGeneratorWrites()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryFolder.Root(), "docs", "yaml-keys.md"));

        Assert.True(page == DefinitionSchema.Reference(), $"docs/yaml-keys.md is not what the readers' key tables give. {Regenerate}");
    }

    [Fact]
    public void ClientSchema_HasExactlyTheReadersTopLevelKeys()
    {
        var schema = JsonNode.Parse(DefinitionSchema.Json(DefinitionSchema.Files.Single(f => f.Kind == "client")))!;

        Assert.Equal(DefinitionFileReader.ClientRootKeys, schema["properties"]!.AsObject().Select(p => p.Key));
        Assert.False(schema["additionalProperties"]!.GetValue<bool>());
    }

    [Fact]
    public void Mapping_KeyTheSchemaDoesNotDescribe_IsStillAcceptedWithAnyValue()
    {
        // A helper adding a key to a reader without describing it here must not make editors reject it.
        var mapping = new MappingShape("T", "", ["known", "added"], new() { ["known"] = (new EnumShape(["a"]), "described") });

        var schema = mapping.Schema();

        Assert.Equal("{}", schema["properties"]!["added"]!.ToJsonString());
        Assert.Contains(mapping.Entries(), e => e.Key == "added" && e.Description.Length == 0);
    }

    [Theory]
    [MemberData(nameof(ShippedYaml))]
    public void ShippedYaml_FirstLineNamesTheSchemaOfItsKind(string relativePath)
    {
        var path = Path.Combine(RepositoryFolder.Root(), relativePath);
        var first = File.ReadLines(path).First();
        var match = SchemaLine().Match(first);

        Assert.True(match.Success, $"{relativePath} does not start with '# yaml-language-server: $schema=<relative path>'.");
        var schema = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, match.Groups[1].Value));
        Assert.Equal(Path.Combine(RepositoryFolder.Root(), "schemas", KindOf(path) + ".schema.json"), schema);
    }

    [Theory]
    [MemberData(nameof(ShippedYaml))]
    public void ShippedYaml_IsValidAgainstItsSchema(string relativePath)
    {
        var path = Path.Combine(RepositoryFolder.Root(), relativePath);

        var errors = Validate(KindOf(path), File.ReadAllText(path));

        Assert.True(errors.Count == 0, $"{relativePath}:\n{string.Join('\n', errors)}");
    }

    [Fact]
    public void ClientSchema_FlagsAMisspeltKpiKeyAndAWrongUnit()
    {
        var errors = Validate("client", """
            client: shop
            kpis:
              - id: aov
                unit: euros
                formla: "[revenue] / [orders]"
            """);

        Assert.Contains(errors, e => e.StartsWith("/kpis/0/formla: ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("/kpis/0/unit: ", StringComparison.Ordinal));
    }

    [Fact]
    public void ClientSchema_AcceptsANestedCascadeAndFlagsAMisspeltKeyInside()
    {
        // The cascade of docs/goals.md: ids, a declared change, and a second level under a mapping entry.
        var cascade = """
            client: shop
            goals:
              - id: mrr_plus_40
                kpi: mrr
                change: { relative: 40 }
                baseline: 2025-12
                deadline: 2026-12
                supporting:
                  - new_mrr
                  - { kpi: expansion_mrr, change: { relative: 25 } }
                  - kpi: churned_mrr
                    change: { target: 300 }
                    supporting: [logo_churn_rate, { kpi: support_tickets, supporting: [first_reply_hours] }]
            """;

        Assert.Empty(Validate("client", cascade));
        var errors = Validate("client", cascade.Replace("change: { target: 300 }", "chnage: { target: 300 }", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("chnage", StringComparison.Ordinal));
    }

    [Fact]
    public void TestSchema_AcceptsEveryFormOfExpectedValue()
    {
        var errors = Validate("tests", """
            tests:
              - name: forms
                given: [{ period: 2026-01, a: 1 }]
                expect:
                  k: { 2026-01: 1.5, 2026-02: undefined, 2026-03: { undefined: division }, 2026-04: { value: 2, tolerance: 0.1 } }
            """);

        Assert.Empty(errors);
    }

    /// <summary>The shipped YAML files an editor opens: the definitions and the benchmark clients (test data excluded: much of it is broken on purpose).</summary>
    private static IEnumerable<string> ShippedYamlFiles()
    {
        var root = RepositoryFolder.Root();
        return new[] { "kpi-definitions", Path.Combine("bench", "kpis") }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.yaml", SearchOption.AllDirectories))
            .Select(file => Path.GetRelativePath(root, file))
            .Order(StringComparer.Ordinal);
    }

    private static string KindOf(string path) => KpiSetLoader.Classify(path) switch
    {
        DefinitionFileKind.Client => "client",
        DefinitionFileKind.Catalog => "catalog",
        DefinitionFileKind.Profile => "profile",
        DefinitionFileKind.GoalTemplates => "goals",
        DefinitionFileKind.Tests => "tests",
        var other => throw new InvalidOperationException($"{path} is {other}"),
    };

    /// <summary>Every error JsonSchema.Net finds, as "instance location: message".</summary>
    private static List<string> Validate(string kind, string yaml)
    {
        var schema = Schemas.Value[kind];
        var result = schema.Evaluate(System.Text.Json.JsonSerializer.SerializeToElement(ToJson(yaml)), new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? []
            : [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
    }

    /// <summary>The YAML as JSON, scalars typed the way YAML 1.2's core schema (and so yaml-language-server) types them.</summary>
    private static JsonNode? ToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Convert(stream.Documents[0].RootNode);

        static JsonNode? Convert(YamlTree node) => node switch
        {
            YamlMappingNode mapping => new JsonObject(mapping.Children.Select(e => KeyValuePair.Create(((YamlScalarNode)e.Key).Value!, Convert(e.Value)))),
            YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
            YamlScalarNode { Style: ScalarStyle.Plain } scalar => Plain(scalar.Value ?? ""),
            YamlScalarNode scalar => JsonValue.Create(scalar.Value),
            _ => throw new InvalidOperationException(node.NodeType.ToString()),
        };

        static JsonNode? Plain(string text) => text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when CoreNumber().IsMatch(text) => JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)),
            _ => JsonValue.Create(text),
        };
    }

    [GeneratedRegex(@"^# yaml-language-server: \$schema=(\S+)$")]
    private static partial Regex SchemaLine();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex CoreNumber();
}
