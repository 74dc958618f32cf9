using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using KpiEngine.Definitions;
using NetArchTest.Rules;

namespace KpiEngine.Core.Tests.Architecture;

/// <summary>
/// Keeps Core's folders one way (<see cref="CoreLayers"/>, docs/architecture.md). The compiled
/// types are checked with NetArchTest, which reads every signature and method body (lambdas,
/// iterators, async methods and nested types included); the sources are checked for what
/// compilation erases: <c>using</c> lines and constants, whose values the compiler copies in.
/// </summary>
public sealed partial class LayerTests
{
    private static readonly Assembly CoreAssembly = typeof(KpiSet).Assembly;

    public static TheoryData<string> Folders => [.. CoreLayers.Folders];

    [Fact]
    public void CoreFoldersAndNamespaces_EachHaveALayer()
    {
        var folders = Directory.GetDirectories(CoreSourceFolder())
            .Select(Path.GetFileName)
            .Where(name => name is not ("bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(CoreLayers.Folders.Order(StringComparer.Ordinal), folders);

        var namespaces = CoreAssembly.GetTypes()
            .Select(t => t.Namespace)
            .Where(ns => ns?.StartsWith("KpiEngine", StringComparison.Ordinal) == true)
            .Distinct()
            .ToList();
        Assert.All(namespaces, ns => Assert.True(CoreLayers.FolderOf(ns) is not null, $"Namespace {ns} is not one of Core's layers."));
    }

    [Fact]
    public void ArchitecturePage_DrawsTheSameLayers()
    {
        // The drawing is the first text block of docs/architecture.md: one row a line, top layer
        // first, siblings separated by " · ", a description after two spaces, arrows between.
        var page = File.ReadAllText(Path.Combine(RepositoryFolder.Root(), "docs", "architecture.md")).ReplaceLineEndings("\n");
        var drawing = DrawingBlock().Match(page);
        Assert.True(drawing.Success, "docs/architecture.md has no ```text block drawing the layers.");

        var drawn = drawing.Groups[1].Value.Split('\n')
            .Where(line => line.Trim() is { Length: > 0 } text && text != "↓")
            .Select(line => line.Split("  ")[0].Split(" · ").Select(f => f.Trim()).ToList())
            .Reverse()
            .ToList();

        Assert.Equal(CoreLayers.Rows.Select(row => string.Join(" · ", row)), drawn.Select(row => string.Join(" · ", row)));
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void SourceFiles_DeclareTheirFoldersNamespace(string folder)
    {
        var wrong = SourceFiles(folder)
            .Where(file => NamespaceLine().Match(File.ReadAllText(file)) is not { Success: true } match || match.Groups[1].Value != CoreLayers.Namespace(folder))
            .Select(Path.GetFileName)
            .ToList();

        Assert.True(wrong.Count == 0, $"In {folder}/, these files do not declare namespace {CoreLayers.Namespace(folder)}: {string.Join(", ", wrong)}");
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void Folder_UsesNoTypeOfAFolderAboveIt(string folder)
    {
        var forbidden = CoreLayers.NotBelow(folder).Select(CoreLayers.Namespace).ToArray();

        var result = Types.InAssembly(CoreAssembly)
            .That().ResideInNamespace(CoreLayers.Namespace(folder))
            .ShouldNot().HaveDependencyOnAny(forbidden)
            .GetResult();

        Assert.True(
            result.IsSuccessful,
            $"{folder} may use only {Describe(CoreLayers.Below(folder))}, but these types use {string.Join(", ", forbidden)}: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void Folder_HasNoUsingOfAFolderAboveIt(string folder)
    {
        var forbidden = CoreLayers.NotBelow(folder);
        var found = SourceFiles(folder)
            .SelectMany(file => UsingLine().Matches(File.ReadAllText(file))
                .Where(m => CoreLayers.FolderOf(m.Groups["ns"].Value) is { } used && forbidden.Contains(used))
                .Select(m => $"{Path.GetFileName(file)}: {m.Value.Trim()}"))
            .ToList();

        Assert.True(found.Count == 0, $"{folder} may use only {Describe(CoreLayers.Below(folder))}: {string.Join("; ", found)}");
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void Folder_ReadsNoConstantOfAFolderAboveIt(string folder)
    {
        // A constant (or enum member) is copied into the code that reads it, so the compiled
        // types do not show the dependency: look for TypeName.Constant in the sources instead.
        var forbidden = CoreLayers.NotBelow(folder);
        var constants = CoreAssembly.GetTypes()
            .Where(t => CoreLayers.FolderOf(t.Namespace) is { } owner && forbidden.Contains(owner))
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(f => f.IsLiteral && !f.IsPrivate)
                .Select(f => $"{TypeName(t)}.{f.Name}"))
            .ToList();

        var found = SourceFiles(folder)
            .SelectMany(file =>
            {
                var code = WithoutComments(File.ReadAllText(file));
                return constants
                    .Where(constant => Regex.IsMatch(code, @"(?<![\w])" + Regex.Escape(constant) + @"\b"))
                    .Select(constant => $"{Path.GetFileName(file)}: {constant}");
            })
            .ToList();

        Assert.True(found.Count == 0, $"{folder} may use only {Describe(CoreLayers.Below(folder))}, but reads: {string.Join("; ", found)}");
    }

    [Fact]
    public void Core_DoesNotReferenceTheCli()
    {
        Assert.DoesNotContain(CoreAssembly.GetReferencedAssemblies(), a => a.Name is "kpi" or "KpiEngine.Cli");

        var result = Types.InAssembly(CoreAssembly).ShouldNot().HaveDependencyOn("KpiEngine.Cli").GetResult();
        Assert.True(result.IsSuccessful, "Core types use the CLI: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void AbstractionsAndPlugins_DoNotReferenceCore()
    {
        Assert.DoesNotContain(typeof(Abstractions.IKpiPlugin).Assembly.GetReferencedAssemblies(), a => a.Name is "KpiEngine.Core" or "kpi");

        // The shipped and test plugins as deployed next to the tests (plugins/<Name>/<Name>.dll, TestPlugins/<Name>/<Name>.dll).
        var plugins = new[] { "plugins", "TestPlugins" }
            .Select(folder => Path.Combine(AppContext.BaseDirectory, folder))
            .Where(Directory.Exists)
            .SelectMany(Directory.GetDirectories)
            .Select(folder => Path.Combine(folder, Path.GetFileName(folder) + ".dll"))
            .Where(File.Exists)
            .ToList();
        Assert.Contains(plugins, p => Path.GetFileName(p) == "KpiEngine.Plugins.Oee.dll");
        Assert.Contains(plugins, p => Path.GetFileName(p) == "GoodPlugin.dll");

        var offenders = plugins.Where(p => ReferencedAssemblies(p).Any(name => name is "KpiEngine.Core" or "kpi")).Select(Path.GetFileName).ToList();
        Assert.True(offenders.Count == 0, "These plugins reference Core or the CLI instead of only KpiEngine.Abstractions: " + string.Join(", ", offenders));
    }

    [Fact]
    public void YamlTree_IsNotVisibleOutsideDefinitions()
    {
        Type[] tree = [typeof(YamlNode), typeof(YamlScalar), typeof(YamlMapping), typeof(YamlSequence), typeof(YamlScalarStyle), typeof(YamlSource), typeof(YamlTreeReader), typeof(SchemaReader)];
        Assert.All(tree, t => Assert.False(t.IsPublic, $"{t.Name} is public: the YAML tree must stay inside Definitions."));
        Assert.DoesNotContain(CoreAssembly.GetTypes(), t => t.IsSubclassOf(typeof(YamlNode)) && !tree.Contains(t));

        var result = Types.InAssembly(CoreAssembly)
            .That().DoNotResideInNamespace(CoreLayers.Namespace("Definitions"))
            .ShouldNot().HaveDependencyOnAny([.. tree.Select(t => t.FullName!), "YamlDotNet"])
            .GetResult();
        Assert.True(result.IsSuccessful, "Only Definitions may see YAML nodes or YamlDotNet; these types do: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    private static string CoreSourceFolder() => Path.Combine(RepositoryFolder.Root(), "src", "KpiEngine.Core");

    private static IEnumerable<string> SourceFiles(string folder) =>
        Directory.EnumerateFiles(Path.Combine(CoreSourceFolder(), folder), "*.cs", SearchOption.AllDirectories);

    private static IEnumerable<string> ReferencedAssemblies(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return [.. metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name))];
    }

    /// <summary>A type as source code names it: <c>Outer.Inner</c> for a nested type, without generic arity.</summary>
    private static string TypeName(Type type)
    {
        var name = type.Name.Split('`')[0];
        return type.DeclaringType is { } outer ? TypeName(outer) + "." + name : name;
    }

    private static string Describe(IReadOnlyList<string> folders) => folders.Count == 0 ? "no other folder" : string.Join(", ", folders);

    private static string WithoutComments(string code) => Comment().Replace(code, " ");

    [GeneratedRegex(@"```text\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex DrawingBlock();

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?(?:global::)?(?<ns>KpiEngine\.[\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingLine();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();
}
