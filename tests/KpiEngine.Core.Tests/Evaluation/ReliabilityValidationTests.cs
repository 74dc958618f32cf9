using System.Globalization;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;

namespace KpiEngine.Core.Tests.Evaluation;

/// <summary>RELIABILITY.md cases that need a whole client: name case, the machine's culture.</summary>
public sealed class ReliabilityValidationTests
{
    private const string Orders = """
        order_id,ordered_at,total
        A1,2026-01-05,100.5
        A2,2026-01-20,1e3
        """;

    /// <summary>Writes orders.csv and a client with one orders dataset plus the given lines.</summary>
    private static string WriteClient(ClientFolder folder, string rest)
    {
        folder.Write("orders.csv", Orders);
        return folder.Write("client.yaml", "client: c\ndatasets: { orders: { path: orders.csv, time: ordered_at } }\n" + rest);
    }

    [Fact]
    public void Validate_NameInOtherCase_IsKpi2002SuggestingTheRealName()
    {
        using var folder = new ClientFolder();
        var client = WriteClient(folder, """
            inputs:
              revenue: { dataset: orders, formula: "Sum([total])" }
            kpis:
              - { id: k, unit: number, direction: higher, formula: "[Revenue] * 2" }
            """);

        // Names are case-sensitive: [Revenue] is not [revenue].
        var unknown = Assert.Single(new KpiEvaluator().Validate(client), d => d.Id == DiagnosticCatalog.UnknownName.Id);
        Assert.Equal("Did you mean 'revenue'?", unknown.Suggestion);
        // Column 57 is the "[" of [Revenue].
        Assert.Equal((6, 57), (unknown.Span!.Value.Line, unknown.Span!.Value.Column));
    }

    [Fact]
    public void Run_UnderGermanCurrentCulture_ReadsDataAndFormulasInvariantly()
    {
        using var folder = new ClientFolder();
        var client = WriteClient(folder, """
            inputs:
              revenue: { dataset: orders, formula: "SumIf([total], [ordered_at] >= #2026-01-02#)" }
            parameters:
              factor: 1.5
            kpis:
              - { id: k, unit: number, direction: higher, formula: "[revenue] * [factor] + 0.25" }
            """);
        var previous = CultureInfo.CurrentCulture;
        ClientResult result;
        try
        {
            // de-DE reads "100.5" as 1005 and "1.5" as 15 if anything uses the current culture.
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            result = new KpiEvaluator().Run(client, new EvaluationOptions());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        Assert.Empty(result.Diagnostics);
        // (100.5 + 1000) * 1.5 + 0.25 = 1650.75 + 0.25 = 1651.
        Assert.Equal(1651, result.Results.Single(r => r.Kpi == "k").Value);
    }
}
