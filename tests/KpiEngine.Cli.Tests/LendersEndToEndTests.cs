using System.Text.Json;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// <c>borrow:</c> from several datasets, end to end over TestData/two-lenders: orders borrow region from
/// customers and margin from products. Worked by hand:
///   O1 2026-01-05 C1 north P1 0.5   100 -> profit 50
///   O2 2026-01-10 C2 south P2 0.25  200 -> profit 50
///   O3 2026-01-20 C3 north P3 0.125  80 -> profit 10
///   O4 2026-02-02 C1 north P2 0.25   40 -> profit 10
///   O5 2026-02-14 C9 (no such customer: region missing) P1 0.5 60 -> profit 30
///   O6 2026-02-20 C2 south P9 (no such product: margin missing) 100 -> no profit
///   gross margin January 110 / 380 * 100 = 28.947...; north 60 / 180 * 100 = 33.33..., south 50 / 200 * 100 = 25.
///   February 40 / 200 * 100 = 20; north 10 / 40 * 100 = 25, south 0 / 100 = 0, (missing) 30 / 60 * 100 = 50.
/// </summary>
public sealed class LendersEndToEndTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("kpi-lenders-");

    private static string TwoLenders => KpiProcess.TestData("two-lenders");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Run_TwoLendersByRegion_SplitsByOneLendersColumnAndUsesTheOthers()
    {
        var run = KpiProcess.Run(TwoLenders, "run", "two-lenders.yaml", "--by", "region", "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.Output);
        var values = document.RootElement.GetProperty("clients")[0].GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("kpi").GetString() == "gross_margin")
            .ToDictionary(
                r => r.GetProperty("period").GetString() + "/" + (r.TryGetProperty("dimensions", out var d) ? d.GetProperty("region").GetString() ?? "(missing)" : "total"),
                r => r.GetProperty("value") is { ValueKind: JsonValueKind.Number } value ? value.GetDouble() : double.NaN);
        Assert.Equal(110.0 / 380 * 100, values["2026-01/total"], 10);
        Assert.Equal(60.0 / 180 * 100, values["2026-01/north"], 10);
        Assert.Equal(25, values["2026-01/south"]);
        Assert.Equal(20, values["2026-02/total"]);
        Assert.Equal(25, values["2026-02/north"]);
        Assert.Equal(0, values["2026-02/south"]);
        Assert.Equal(50, values["2026-02/(missing)"]);
        Assert.True(double.IsNaN(values["2026-01/(missing)"])); // no January order lacks its customer: 0 / 0 is undefined

        // One warning per lender that lacks a key, each naming its lender and the key it lacks.
        Assert.Contains("warning KPI3008: Dataset 'orders' borrows region from 'customers': 1 rows have a 'customer_id' that 'customers' does not have (first: 'C9')", run.Error, StringComparison.Ordinal);
        Assert.Contains("warning KPI3008: Dataset 'orders' borrows margin from 'products': 1 rows have a 'sku' that 'products' does not have (first: 'P9')", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SameColumnFromTwoLenders_PrintsOneErrorAtTheSecondLenderWithBothLines()
    {
        foreach (var file in Directory.GetFiles(TwoLenders))
        {
            File.Copy(file, Path.Combine(_folder.FullName, Path.GetFileName(file)));
        }

        var yaml = Path.Combine(_folder.FullName, "two-lenders.yaml");
        File.WriteAllText(yaml, File.ReadAllText(yaml).Replace("columns: [margin]", "columns: [margin, region]", StringComparison.Ordinal));

        var run = KpiProcess.Run(_folder.FullName, "validate", "two-lenders.yaml");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("two-lenders.yaml(10,9): error KPI7160: Dataset 'orders' borrows column 'region' from 'customers' (line 9) and from 'products' (line 10)", run.Output + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ByColumnWhileADatasetFileIsMissing_PrintsOnlyTheMissingFileError()
    {
        // orders.csv is missing; only orders could have 'region'. traffic is still read: 100 + 10 + 50 = 160 visits.
        var run = KpiProcess.Run(KpiProcess.TestData("unread-dimension"), "run", "unread-dimension.yaml", "--by", "region", "--format", "csv");

        var errors = run.Error.Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal)).ToList();
        var error = Assert.Single(errors);
        Assert.Contains("error KPI3001: Dataset 'orders': file not found.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("KPI5001", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("The columns are", run.Error, StringComparison.Ordinal);
        Assert.Contains("unread-dimension,sessions,2026-01,,160,", run.Output, StringComparison.Ordinal);
    }
}
