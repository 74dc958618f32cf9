using KpiEngine.Core.Tests.Evaluation;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;

namespace KpiEngine.Core.Tests.Definitions;

public sealed class CalendarLoadingTests
{
    private static LoadResult<KpiSet> Load(string yaml)
    {
        using var folder = new ClientFolder();
        return new KpiSetLoader().LoadClient(folder.Write("client.yaml", yaml));
    }

    [Theory]
    [InlineData("{ fiscal_year_start: april, week_start: sunday }", 4, DayOfWeek.Sunday)]
    [InlineData("{ fiscal_year_start: Jul, week_start: Mon }", 7, DayOfWeek.Monday)]
    [InlineData("{ fiscal_year_start: 10 }", 10, DayOfWeek.Monday)]
    public void Calendar_MonthAndDayNames_AreRead(string calendar, int month, DayOfWeek weekStart)
    {
        var loaded = Load($"client: c\ncalendar: {calendar}\n");

        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Diagnostics));
        Assert.Equal(month, loaded.Value!.Calendar.FiscalYearStartMonth);
        Assert.Equal(weekStart, loaded.Value.Calendar.WeekStart);
    }

    [Fact]
    public void Calendar_Absent_IsCalendarYearsAndMondayWeeks() =>
        Assert.Equal(KpiEngine.Time.CalendarSettings.Default, Load("client: c\n").Value!.Calendar);

    [Fact]
    public void Calendar_BadValuesAndKeys_AreReportedAtOnce()
    {
        var loaded = Load("client: c\ncalendar: { fiscal_year_start: 13, week_start: someday, week_strat: monday }\n");

        Assert.Equal(2, loaded.Diagnostics.Count(d => d.Id == DiagnosticCatalog.InvalidValue.Id));
        Assert.Contains(loaded.Diagnostics, d => d.Id == DiagnosticCatalog.UnknownKey.Id && d.Suggestion == "Did you mean 'week_start'?");
    }

    [Fact]
    public void InputKind_BalanceIsRead_AndUnknownKindIsInvalid()
    {
        var loaded = Load("""
            client: c
            datasets: { subs: { path: subs.csv, time: day } }
            inputs:
              subscribers: { dataset: subs, formula: "Last([n])", kind: balance }
              revenue: { dataset: subs, formula: "Sum([n])" }
              stock: { dataset: subs, formula: "Last([n])", kind: level }
            """);

        Assert.Equal(InputKind.Balance, loaded.Value!.Inputs.Single(i => i.Name == "subscribers").Kind);
        Assert.Equal(InputKind.Flow, loaded.Value.Inputs.Single(i => i.Name == "revenue").Kind);
        Assert.Contains(loaded.Diagnostics, d => d.Id == DiagnosticCatalog.InvalidValue.Id && d.Message.Contains("'level'", StringComparison.Ordinal));
    }
}
