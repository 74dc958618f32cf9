using System.Globalization;
using System.Text;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;

namespace KpiEngine.Core.Tests.Catalog;

/// <summary>
/// Evaluates KPIs of the shipped catalog (kpi-definitions/catalog) as a client would: a client file in
/// a temporary folder includes the real catalog files, binds their inputs over one small CSV and
/// reports the chosen KPIs. So a test checks the catalog entry itself, not a copy of its formula.
/// </summary>
internal static class ShippedCatalog
{
    private static string CatalogFolder => Path.Combine(RepositoryFolder.Root(), "kpi-definitions", "catalog");

    /// <summary>
    /// Runs <paramref name="kpis"/> from <paramref name="catalogs"/> (file names such as
    /// <c>marketing.yaml</c>) over <paramref name="csv"/>, whose <c>month</c> column places each row.
    /// Each input is bound over that dataset; a formula starting with <c>Last(</c> is a balance.
    /// <paramref name="events"/>, when given, is a second dataset <c>events</c> for plugin KPIs, which
    /// <paramref name="extraKpis"/> (a <c>kpis:</c> section) may declare.
    /// </summary>
    public static CatalogResults Evaluate(
        string[] catalogs,
        string csv,
        (string Name, string Formula)[] inputs,
        string[] kpis,
        string parameters = "{}",
        string? events = null,
        string extraKpis = "")
    {
        var folder = Directory.CreateTempSubdirectory("kpi-catalog-");
        try
        {
            var client = WriteClient(folder.FullName, catalogs, csv, inputs, kpis, parameters, events, extraKpis);
            var result = new KpiEvaluator { AllowedFolders = [CatalogFolder] }.Run(client, new EvaluationOptions());
            Assert.True(result.Status == ClientStatus.Succeeded, string.Join(Environment.NewLine, result.Diagnostics));
            return new CatalogResults(result.Results);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Validates the same kind of client as <see cref="Evaluate"/> without running it.</summary>
    public static IReadOnlyList<Diagnostic> Validate(string[] catalogs, string csv, (string Name, string Formula)[] inputs, string[] kpis)
    {
        var folder = Directory.CreateTempSubdirectory("kpi-catalog-");
        try
        {
            var client = WriteClient(folder.FullName, catalogs, csv, inputs, kpis, "{}", null, "");
            return new KpiEvaluator { AllowedFolders = [CatalogFolder] }.Validate(client);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string WriteClient(
        string folder,
        string[] catalogs,
        string csv,
        (string Name, string Formula)[] inputs,
        string[] kpis,
        string parameters,
        string? events,
        string extraKpis)
    {
        File.WriteAllText(Path.Combine(folder, "data.csv"), csv.ReplaceLineEndings("\n"));
        var yaml = new StringBuilder();
        yaml.AppendLine("client: catalog-test");
        yaml.AppendLine("include:");
        foreach (var catalog in catalogs)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  - '{Path.Combine(CatalogFolder, catalog)}'");
        }

        yaml.AppendLine(CultureInfo.InvariantCulture, $"use: [{string.Join(", ", kpis)}]");
        yaml.AppendLine("datasets:");
        yaml.AppendLine("  data: { path: data.csv, time: month }");
        if (events is not null)
        {
            File.WriteAllText(Path.Combine(folder, "events.csv"), events.ReplaceLineEndings("\n"));
            yaml.AppendLine("  events: { path: events.csv, time: month }");
        }

        yaml.AppendLine("inputs:");
        foreach (var (name, formula) in inputs)
        {
            var kind = formula.StartsWith("Last(", StringComparison.Ordinal) ? ", kind: balance" : "";
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  {name}: {{ dataset: data, formula: \"{formula}\"{kind} }}");
        }

        yaml.AppendLine(CultureInfo.InvariantCulture, $"parameters: {parameters}");
        yaml.Append(extraKpis.ReplaceLineEndings("\n"));
        var client = Path.Combine(folder, "client.yaml");
        File.WriteAllText(client, yaml.ToString());
        return client;
    }
}

/// <summary>The values a <see cref="ShippedCatalog"/> run reported, by KPI and period.</summary>
internal sealed class CatalogResults(IReadOnlyList<KpiResult> results)
{
    /// <summary>The value of <paramref name="kpi"/> in <paramref name="period"/>; fails the test when it is undefined.</summary>
    public double Value(string kpi, string period = "2026-01")
    {
        var result = results.Single(r => r.Kpi == kpi && r.Period == period);
        Assert.True(result.Value is not null, $"{kpi} {period} is undefined: {result.Reason}");
        return result.Value!.Value;
    }
}
