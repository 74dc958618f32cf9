using KpiEngine.Datasets;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;

namespace KpiEngine.Core.Tests.Datasets;

/// <summary>What <c>kpi init</c> learns from an export: read with the engine's own inference.</summary>
public sealed class ExportProbeTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("kpi-probe-");

    public void Dispose() => _work.Delete(recursive: true);

    private string File(string name, string text)
    {
        var path = Path.Combine(_work.FullName, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Describe_IsoCsv_GivesTypesAndTheFirstDateColumnAsTime()
    {
        var diagnostics = new DiagnosticBag();

        var export = ExportProbe.Describe(File("orders.csv", "id,placed,shipped,total,code,paid\nA,2026-01-05T10:00,2026-01-06,10.5,007,true\n"), diagnostics);

        Assert.NotNull(export);
        Assert.Empty(diagnostics.Items);
        Assert.Equal(',', export.Delimiter);
        Assert.Equal(string.Empty, export.Culture);
        Assert.Empty(export.DateFormats);
        Assert.Equal("placed", export.TimeColumn);
        Assert.Equal(["placed", "shipped"], export.DateColumns);
        Assert.Equal(
            [ColumnType.Text, ColumnType.DateTime, ColumnType.Date, ColumnType.Number, ColumnType.Text, ColumnType.Boolean],
            export.Columns.Select(c => c.Type));
    }

    [Fact]
    public void Describe_DatesWithNoDayAbove12_AssumesDayFirstAndWarns()
    {
        var diagnostics = new DiagnosticBag();

        var export = ExportProbe.Describe(File("orders.csv", "id,day\nA,01/02/2026\nB,03/04/2026\n"), diagnostics);

        Assert.NotNull(export);
        Assert.Equal("dd/MM/yyyy", export.DateFormats[^1]);
        Assert.Equal("KPI7085", Assert.Single(diagnostics.Items).Id);
    }

    [Fact]
    public void Describe_MonthFirstDates_AreReadMonthFirstWithoutWarning()
    {
        var diagnostics = new DiagnosticBag();

        // 12/31/2026 has no 31st month: only month-first reads it.
        var export = ExportProbe.Describe(File("orders.csv", "id,day\nA,01/02/2026\nB,12/31/2026\n"), diagnostics);

        Assert.NotNull(export);
        Assert.Equal("MM/dd/yyyy", export.DateFormats[^1]);
        Assert.Empty(diagnostics.Items);
    }

    [Fact]
    public void Describe_TabSeparated_FindsTheTab()
    {
        var export = ExportProbe.Describe(File("visits.csv", "day\tsessions\n2026-01-01\t5\n"), new DiagnosticBag());

        Assert.Equal('\t', export!.Delimiter);
        Assert.Equal(ColumnType.Number, export.Columns[1].Type);
    }
}
