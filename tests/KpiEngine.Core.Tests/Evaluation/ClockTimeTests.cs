using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;
using KpiEngine.Expressions;

namespace KpiEngine.Core.Tests.Evaluation;

/// <summary>
/// Clock times (<c>date_format: HH:mm:ss</c>) and <c>ClockHours</c>. Shifts, worked by hand:
///   2026-01-05 08:00 to 16:30: 8.5 h;  2026-01-06 22:00 to 06:00 (crosses midnight): 8 h;
///   2026-01-07 09:15 to 09:15: 0 h;    2026-02-02 23:30 to 00:15 (crosses midnight): 0.75 h;
///   2026-02-03 07:00 to (empty): missing.
/// January: sum 16.5, average 16.5 / 3 = 5.5. February: the one defined shift, 0.75.
/// </summary>
public sealed class ClockTimeTests
{
    private const string Shifts = """
        day,start,end
        2026-01-05,08:00:00,16:30:00
        2026-01-06,22:00:00,06:00:00
        2026-01-07,09:15:00,09:15:00
        2026-02-02,23:30:00,00:15:00
        2026-02-03,07:00:00,
        """;

    private const string Client = """
        client: plant
        datasets:
          shifts: { path: shifts.csv, time: day, date_format: [yyyy-MM-dd, "HH:mm:ss"] }
        inputs:
          hours: { dataset: shifts, formula: "Sum(ClockHours([start], [end]))" }
          avg_hours: { dataset: shifts, formula: "Avg(ClockHours([start], [end]))" }
          shifts_timed: { dataset: shifts, formula: "Count(ClockHours([start], [end]))" }
          start_day: { dataset: shifts, formula: "Max(Floor([start]))" }
        """;

    private static IReadOnlyList<Diagnostic> Validate(string yaml)
    {
        using var folder = new ClientFolder();
        folder.Write("shifts.csv", Shifts);
        return new KpiEvaluator().Validate(folder.Write("client.yaml", yaml));
    }

    private static double? Value(ClientResult result, string kpi, string period) => result.Results.Single(r => r.Kpi == kpi && r.Period == period).Value;

    [Fact]
    public void Run_ClockHours_MeasuresShiftsAndCrossesMidnightOnce()
    {
        using var folder = new ClientFolder();
        folder.Write("shifts.csv", Shifts);
        var result = new KpiEvaluator().Run(folder.Write("client.yaml", Client), new EvaluationOptions { IncludeInputs = true });

        Assert.DoesNotContain(result.Diagnostics, d => d.IsError);
        Assert.Equal(16.5, Value(result, "hours", "2026-01"));
        Assert.Equal(5.5, Value(result, "avg_hours", "2026-01"));
        Assert.Equal(0.75, Value(result, "hours", "2026-02"));
        Assert.Equal(1, Value(result, "shifts_timed", "2026-02"));
    }

    [Fact]
    public void Run_ClockTime_HasNoDayOfItsOwn_NotTheRunDate()
    {
        // .NET gives a time-only value today's date; the engine keeps the time of day alone (day 0),
        // so nothing computed from clock times changes with the day the report runs.
        using var folder = new ClientFolder();
        folder.Write("shifts.csv", Shifts);
        var result = new KpiEvaluator().Run(folder.Write("client.yaml", Client), new EvaluationOptions { IncludeInputs = true });

        Assert.Equal(0, Value(result, "start_day", "2026-01"));
        Assert.Equal(0, Value(result, "start_day", "2026-02"));
    }

    [Theory]
    [InlineData(0.25, 0.9166666666666666, 16)]     // 06:00 to 22:00
    [InlineData(0.9166666666666666, 0.25, 8)]      // 22:00 to 06:00, over midnight
    [InlineData(0.5, 0.5, 0)]                      // equal: no time passed, not 24 hours
    [InlineData(739_000.75, 739_001.125, 9)]       // datetimes: 18:00 to 03:00, their days ignored
    public void ClockHours_IsTheTimeFromStartToEnd(double start, double end, double hours)
    {
        Assert.Equal(hours, FormulaFunctions.ClockHours(start, end));
    }

    [Fact]
    public void ClockHours_WithAMissingTime_IsMissing()
    {
        Assert.True(double.IsNaN(FormulaFunctions.ClockHours(0.25, double.NaN)));
        Assert.True(double.IsNaN(FormulaFunctions.ClockHours(double.NaN, 0.25)));
    }

    [Fact]
    public void Validate_ClockTimeAsTimeColumn_IsRejectedAtTheDateFormat()
    {
        var diagnostics = Validate("""
            client: plant
            datasets:
              shifts: { path: shifts.csv, time: start, date_format: "HH:mm:ss" }
            inputs:
              shifts: { dataset: shifts, formula: "Count()" }
            """);

        var error = Assert.Single(diagnostics, d => d.Id == DiagnosticCatalog.ClockTimeColumn.Id);
        Assert.Contains("reads clock times without a date, so its time column 'start' cannot place rows in periods", error.Message, StringComparison.Ordinal);
        Assert.Equal((3, 57), (error.Span!.Value.Line, error.Span!.Value.Column));
    }

    [Theory]
    [InlineData("Sum(ClockHours([start]))", "ClockHours takes 2 arguments", "KPI2004")]
    [InlineData("Sum(ClockHours([start], 'late'))", "'late' is text; ClockHours needs a number", "KPI2009")]
    public void Validate_MisusedClockHours_IsAnErrorInTheFormula(string formula, string message, string id)
    {
        var diagnostics = Validate($$"""
            client: plant
            datasets:
              shifts: { path: shifts.csv, time: day, date_format: [yyyy-MM-dd, "HH:mm:ss"] }
            inputs:
              hours: { dataset: shifts, formula: "{{formula}}" }
            """);

        var error = Assert.Single(diagnostics, d => d.IsError);
        Assert.Equal(id, error.Id);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(5, error.Span!.Value.Line);
    }
}
