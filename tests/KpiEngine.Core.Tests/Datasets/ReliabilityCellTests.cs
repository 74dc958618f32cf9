using System.Globalization;
using KpiEngine.Definitions;
using static KpiEngine.Core.Tests.Datasets.DatasetFixture;

namespace KpiEngine.Core.Tests.Datasets;

/// <summary>Dataset cells from RELIABILITY.md: NaN and thousands separators in invariant files, the machine's culture.</summary>
public sealed class ReliabilityCellTests : IDisposable
{
    private readonly DatasetFixture _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("NaN", "Leave the cell empty for a missing value; NaN and Infinity are not numbers.")]
    [InlineData("nan", "Leave the cell empty for a missing value; NaN and Infinity are not numbers.")]
    [InlineData("-Infinity", "Leave the cell empty for a missing value; NaN and Infinity are not numbers.")]
    [InlineData("\"1,234.50\"", "The value has thousands separators: set culture: en-US (or the file's culture) on the dataset.")]
    public void Scan_NotANumberOrThousandsSeparator_IsKpi3005AtTheRecordAndTheCellIsMissing(string cell, string suggestion)
    {
        var path = _files.Write("cells.csv", $"id,amount\n1,2\n2,{cell}\n3,4\n");

        var (_, rows, diagnostics) = ReadAll(Define(path, columns: [Declare("amount", ColumnType.Number)]));

        Assert.Equal([2d, double.NaN, 4d], rows.Select(r => r.Number("amount")));
        var error = Single(diagnostics, "KPI3005");
        Assert.Equal($"{path}(3)", error.Span.ToString());
        Assert.Equal(suggestion, error.Suggestion);
    }

    [Fact]
    public void Scan_InvariantFileUnderGermanCurrentCulture_ReadsPointDecimalsAndIsoDates()
    {
        var path = _files.Write("points.csv", "day,amount\n2024-01-05,1.5\n2024-01-06,1234.25\n");
        var previous = CultureInfo.CurrentCulture;
        try
        {
            // Under de-DE, double.Parse("1.5") is 15: the scan must not use the current culture.
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var (_, rows, diagnostics) = ReadAll(Define(path, time: "day"));

            Assert.Empty(diagnostics.Items);
            Assert.Equal([1.5, 1234.25], rows.Select(r => r.Number("amount")));
            Assert.Equal([Days(2024, 1, 5), Days(2024, 1, 6)], rows.Select(r => r.Number("day")));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
