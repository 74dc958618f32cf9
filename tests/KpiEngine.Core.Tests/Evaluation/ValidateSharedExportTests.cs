using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;

namespace KpiEngine.Core.Tests.Evaluation;

/// <summary>
/// One evaluator validating many clients reads a CSV export they share once (its sample is kept by
/// path, length, last write time and the settings sampling depends on). Each client must still get
/// exactly the problems it would get alone: its own declarations checked against the file, a changed
/// file read again, and a file with problems reported for every client under that client's names.
/// </summary>
public sealed class ValidateSharedExportTests
{
    private const string Orders = """
        day,channel,revenue
        2026-01-05,web,100
        2026-01-06,shop,250
        """;

    private static string Client(string id, string dataset, string extra = "", string formula = "Sum([revenue])") => $$"""
        client: {{id}}
        datasets:
          {{dataset}}: { path: orders.csv, time: day{{extra}} }
        inputs:
          revenue: { dataset: {{dataset}}, formula: "{{formula}}" }
        """;

    private static List<string> Ids(IEnumerable<Diagnostic> diagnostics) => [.. diagnostics.Where(d => d.IsError).Select(d => d.Id)];

    [Fact]
    public void Validate_ClientsSharingAnExport_EachIsCheckedAgainstItsOwnDeclarations()
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", Orders);
        var clean = folder.Write("clean.yaml", Client("clean", "orders"));
        var missing = folder.Write("missing.yaml", Client("missing", "sales", ", columns: { margin: number }"));
        var textSum = folder.Write("text.yaml", Client("text", "orders", formula: "Sum([channel])"));
        var evaluator = new KpiEvaluator();

        Assert.Empty(Ids(evaluator.Validate(clean)));
        var missingProblems = evaluator.Validate(missing);
        var textProblems = evaluator.Validate(textSum);
        Assert.Empty(Ids(evaluator.Validate(clean)));

        // The same problems as a fresh evaluator (which reads the file for itself) reports.
        Assert.Equal(new KpiEvaluator().Validate(missing), missingProblems);
        Assert.Equal(new KpiEvaluator().Validate(textSum), textProblems);
        Assert.Contains(missingProblems, d => d.Id == DiagnosticCatalog.ColumnMissing.Id && d.Message.Contains("Dataset 'sales' declares column 'margin'", StringComparison.Ordinal));
        Assert.Contains(textProblems, d => d.Id == DiagnosticCatalog.TypeMismatch.Id);
    }

    [Fact]
    public void Validate_SharedExportWithOtherDateFormat_IsSampledWithThatFormat()
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", "day,revenue\n05.01.2026,100\n06.01.2026,250\n");
        var german = folder.Write("german.yaml", Client("german", "orders", ", date_format: [dd.MM.yyyy]"));
        var iso = folder.Write("iso.yaml", Client("iso", "orders"));
        var evaluator = new KpiEvaluator();

        Assert.Empty(Ids(evaluator.Validate(german)));
        var isoProblems = evaluator.Validate(iso);
        Assert.Equal(new KpiEvaluator().Validate(iso), isoProblems);
        Assert.Contains(isoProblems, d => d.IsError && d.Message.Contains("time column 'day' has values that are not dates", StringComparison.Ordinal));
        Assert.Empty(Ids(evaluator.Validate(german)));
    }

    [Fact]
    public void Validate_ExportRewrittenBetweenValidations_IsReadAgain()
    {
        using var folder = new ClientFolder();
        var orders = folder.Write("orders.csv", Orders);
        var client = folder.Write("client.yaml", Client("client", "orders"));
        var evaluator = new KpiEvaluator();
        Assert.Empty(Ids(evaluator.Validate(client)));

        // Another length: the revenue column is gone.
        folder.Write("orders.csv", "day,channel\n2026-01-05,web\n");
        Assert.Equal(new KpiEvaluator().Validate(client), evaluator.Validate(client));
        Assert.NotEmpty(Ids(evaluator.Validate(client)));

        // The same length, written later: 'revenue' renamed to 'revenux', then back.
        folder.Write("orders.csv", Orders.Replace("revenue", "revenux", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(orders, File.GetLastWriteTimeUtc(orders).AddSeconds(5));
        Assert.Equal(new KpiEvaluator().Validate(client), evaluator.Validate(client));
        Assert.NotEmpty(Ids(evaluator.Validate(client)));

        folder.Write("orders.csv", Orders);
        File.SetLastWriteTimeUtc(orders, File.GetLastWriteTimeUtc(orders).AddSeconds(10));
        Assert.Empty(Ids(evaluator.Validate(client)));
    }

    [Fact]
    public void Validate_SharedExportWithBadHeader_IsReportedForEveryClientUnderItsName()
    {
        using var folder = new ClientFolder();
        folder.Write("orders.csv", "day,revenue,revenue\n2026-01-05,1,2\n");
        var first = folder.Write("first.yaml", Client("first", "orders"));
        var second = folder.Write("second.yaml", Client("second", "sales"));
        var evaluator = new KpiEvaluator();

        foreach (var (file, dataset) in new[] { (first, "orders"), (second, "sales"), (first, "orders") })
        {
            var header = Assert.Single(evaluator.Validate(file), d => d.Id == DiagnosticCatalog.BadHeader.Id);
            Assert.StartsWith($"Dataset '{dataset}': column 'revenue' appears twice", header.Message, StringComparison.Ordinal);
        }
    }
}
