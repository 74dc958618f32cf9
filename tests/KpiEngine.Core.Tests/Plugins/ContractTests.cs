using System.Reflection;
using System.Text;
using KpiEngine.Abstractions;

namespace KpiEngine.Core.Tests.Plugins;

/// <summary>The plugin contract: its version and its public surface, which must change only on purpose.</summary>
public sealed class ContractTests
{
    [Fact]
    public void ContractVersion_EqualsTheContractAssemblyVersion()
    {
        var assembly = typeof(ContractInfo).Assembly.GetName().Version!;

        Assert.Equal(ContractInfo.Version, new Version(assembly.Major, assembly.Minor));
        Assert.Equal(new Version(ContractInfo.Major, ContractInfo.Minor), ContractInfo.Version);
    }

    [Fact]
    public void Contract_DependsOnNothingButTheRuntimeAndDiAbstractions()
    {
        var references = typeof(ContractInfo).Assembly.GetReferencedAssemblies().Select(a => a.Name!).Order(StringComparer.Ordinal);

        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name == "Microsoft.Extensions.DependencyInjection.Abstractions", name));
    }

    [Fact]
    public void PublicApi_MatchesPublicAPIShippedTxt()
    {
        var shipped = File.ReadAllText(Path.Combine(RepositoryFolder.Root(), "src", "KpiEngine.Abstractions", "PublicAPI.Shipped.txt")).ReplaceLineEndings("\n");
        var actual = Describe(typeof(ContractInfo).Assembly);

        // On purpose? Copy the actual text below into src/KpiEngine.Abstractions/PublicAPI.Shipped.txt and bump ContractInfo.
        Assert.True(shipped == actual, "The contract's public API changed. Actual surface:\n" + actual);
    }

    /// <summary>One line per public type and member, sorted, in a compact C#-like form.</summary>
    internal static string Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            var kind = type.IsEnum ? "enum" : type.IsInterface ? "interface" : type.IsValueType ? "struct" : type.IsAbstract && type.IsSealed ? "static class" : "class";
            lines.Add($"{kind} {type.FullName}");
            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(flags))
            {
                var text = member switch
                {
                    ConstructorInfo c => $"ctor({Parameters(c)})",
                    MethodInfo { IsSpecialName: true } => null,
                    MethodInfo m => $"{(m.IsStatic ? "static " : string.Empty)}{Name(m.ReturnType)} {m.Name}({Parameters(m)})",
                    PropertyInfo p => $"{(p.GetMethod?.IsStatic == true ? "static " : string.Empty)}{Name(p.PropertyType)} {p.Name} {{ {(p.GetMethod?.IsPublic == true ? "get; " : string.Empty)}{(p.SetMethod?.IsPublic == true ? "set; " : string.Empty)}}}",
                    FieldInfo { IsSpecialName: true } => null,
                    FieldInfo f => $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : string.Empty)}{Name(f.FieldType)} {f.Name}",
                    _ => null,
                };
                if (text is not null)
                {
                    lines.Add($"{type.FullName}: {text}");
                }
            }
        }

        lines.Sort(StringComparer.Ordinal);
        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            builder.Append(line).Append('\n');
        }

        return builder.ToString();
    }

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(p => $"{Name(p.ParameterType)} {p.Name}"));

    private static string Name(Type type)
    {
        if (type.IsGenericType)
        {
            var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
            return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>";
        }

        return type.IsArray ? Name(type.GetElementType()!) + "[]" : type.Name;
    }
}
