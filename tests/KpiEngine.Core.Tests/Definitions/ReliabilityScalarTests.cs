using KpiEngine.Diagnostics;
using static KpiEngine.Tests.Definitions.DefinitionFiles;

namespace KpiEngine.Tests.Definitions;

/// <summary>
/// The YAML scalar traps of RELIABILITY.md not covered by <see cref="KpiSetLoaderDiagnosticsTests"/>:
/// infinities, enum values written as numbers, YAML 1.1 booleans other than yes, empty values,
/// a file that is only a byte-order mark, and tabs in the indentation.
/// </summary>
public class ReliabilityScalarTests
{
    private const string File = "errors/reliability-scalars.yaml";

    private static IReadOnlyList<Diagnostic> Diagnostics => Client(File).Diagnostics;

    [Theory]
    [InlineData(3, 13, "'.inf' is not a usable number for parameter 'infinite'")]
    [InlineData(4, 19, "'-.Inf' is not a usable number for parameter 'minus_infinite'")]
    public void Load_InfinityAsParameter_IsKpi1005(int line, int column, string message)
    {
        var error = At(Diagnostics, "KPI1005", line, column);

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal("Write a finite number.", error.Suggestion);
    }

    [Theory]
    [InlineData(5, "empty")]
    [InlineData(6, "nothing")]
    public void Load_ParameterWithoutValue_IsKpi1004NotZero(int line, string name)
    {
        var error = At(Diagnostics, "KPI1004", line, 3);

        Assert.Equal($"Parameter '{name}' has no value (YAML reads an empty value as null, not 0).", error.Message);
        Assert.Equal($"Give it a number, like '{name}: 0.5'.", error.Suggestion);
    }

    [Theory]
    // YamlDotNet maps an undefined number onto an enum silently; the words are the only values.
    [InlineData(9, 11, "'3' is not a valid 'unit' for KPI 'by_number'.")]
    [InlineData(10, 16, "'1' is not a valid 'direction' for KPI 'by_number'.")]
    public void Load_EnumGivenAsNumber_IsKpi1005ListingTheWords(int line, int column, string message)
    {
        var error = At(Diagnostics, "KPI1005", line, column);

        Assert.Equal(message, error.Message);
        Assert.StartsWith("Use one of: ", error.Suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OnOffNoAsPluginParameters_AreKpi1005ButTrueAndQuotedYesAreNot()
    {
        // Everything else in the file: two infinities, two empty parameters, two enum numbers.
        var onLine16 = Diagnostics.Where(d => d.Id == "KPI1005" && d.Span?.Line == 16).ToList();

        // on, off, no and Yes (YAML 1.1 booleans); 'true' is a boolean everywhere and "yes" is quoted text.
        Assert.Equal([22, 29, 37, 44], onLine16.Select(d => d.Span!.Value.Column));
        Assert.All(onLine16, d => Assert.Equal("Write true or false, or quote it if it is text.", d.Suggestion));
        Assert.True(Diagnostics.Count == 10, string.Join(Environment.NewLine, Diagnostics));
    }

    [Fact]
    public void Load_FileThatIsOnlyAByteOrderMark_IsKpi1004EmptyFile()
    {
        var result = Client("errors/bom-only.yaml");

        Assert.Null(result.Value);
        var error = Single(result.Diagnostics, "KPI1004", "errors/bom-only.yaml", 1, 1);
        Assert.Contains("is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TabInIndentation_IsKpi1001AtTheTabNotAtTheStartOfTheFile()
    {
        var result = Catalog("errors/tab-indent.yaml");

        Assert.Null(result.Value);
        // YamlDotNet puts this error at (1,1); the tab is the first character of line 3.
        var error = Single(result.Diagnostics, "KPI1001", "errors/tab-indent.yaml", 3, 1);
        Assert.StartsWith("A tab is used to indent line 3", error.Message, StringComparison.Ordinal);
        Assert.Equal("Indent with spaces instead of tabs.", error.Suggestion);
    }
}
