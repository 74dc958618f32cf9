using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;

namespace KpiEngine.Core.Tests.Definitions;

/// <summary>Mistakes found by trying the tool as a consultant would: each used to crash or leave the fix to guesswork.</summary>
public sealed class MisspeltPathAndScannerTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("kpi-paths-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void LoadClient_CommentInsideFlowMapping_IsASyntaxErrorWithAHintNotACrash()
    {
        // With a key after it, YamlDotNet's scanner throws InvalidOperationException (not YamlException) here.
        var client = Write("c.yaml", """
            client: c
            inputs:
              visits: { dataset: traffic, formula: "Sum([sessions])" }
              orders: { dataset: orders, formula: Count() # all orders }
            kpis: []
            """);

        var result = new KpiSetLoader().LoadClient(client);

        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(DiagnosticCatalog.YamlSyntax.Id, error.Id);
        Assert.Equal("The YAML cannot be read past this point.", error.Message);
        Assert.Equal(4, error.Span!.Value.Line);
        Assert.Contains("comment cannot stand inside a { ... } mapping", error.Suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadClient_CommentInsideFlowMappingAfterOtherEntries_GivesTheSameHint()
    {
        // The same mistake as above, but here YamlDotNet reports it as a YamlException (expected ',' or '}').
        var client = Write("c.yaml", "client: c\ninputs:\n  orders: { dataset: orders, formula: Count() # all orders }\n");

        var error = Assert.Single(new KpiSetLoader().LoadClient(client).Diagnostics, d => d.IsError);

        Assert.Equal(DiagnosticCatalog.YamlSyntax.Id, error.Id);
        Assert.Equal(3, error.Span!.Value.Line);
        Assert.Contains("comment cannot stand inside a { ... } mapping", error.Suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CommentInsideFlowMapping_ReportsInsteadOfThrowing()
    {
        var client = Write("c.yaml", "client: c\ninputs:\n  orders: { dataset: orders, formula: Count() # all orders }\n");

        var diagnostics = new KpiEvaluator().Validate(client);

        Assert.Contains(diagnostics, d => d.Id == DiagnosticCatalog.YamlSyntax.Id);
    }

    [Fact]
    public void LoadClient_MisspeltInclude_SuggestsTheFileThatExists()
    {
        Write("sales.yaml", "kpis:\n  - { id: n, unit: count, direction: higher, formula: \"[orders]\" }\n");
        var client = Write("c.yaml", "client: c\ninclude: [salez.yaml]\n");

        var result = new KpiSetLoader().LoadClient(client);

        var missing = Assert.Single(result.Diagnostics, d => d.Id == DiagnosticCatalog.FileNotFound.Id);
        Assert.StartsWith("Did you mean 'sales.yaml'?", missing.Suggestion, StringComparison.Ordinal);
        Assert.Equal((2, 11), (missing.Span!.Value.Line, missing.Span.Value.Column));
    }

    [Fact]
    public void Validate_MisspeltDatasetFile_SuggestsTheFileThatExists()
    {
        Write("orders.csv", "order_id,ordered_at\nA,2026-01-01\n");
        var client = Write("c.yaml", "client: c\ndatasets:\n  orders: { path: order.csv, time: ordered_at }\n");

        var missing = Assert.Single(new KpiEvaluator().Validate(client), d => d.Id == DiagnosticCatalog.DatasetFileMissing.Id);

        Assert.StartsWith("Did you mean 'orders.csv'?", missing.Suggestion, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }
}
