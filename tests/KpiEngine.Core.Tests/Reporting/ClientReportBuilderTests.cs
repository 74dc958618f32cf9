using KpiEngine.Reporting;

namespace KpiEngine.Core.Tests.Reporting;

public sealed class ClientReportBuilderTests
{
    [Fact]
    public void Build_LatestValue_ComparedWithPreviousPeriodAndSamePeriodAYearEarlier()
    {
        var aov = ClientReportBuilder.Build(ReportFixture.Client()).Kpis.Single(k => k.Id == "aov");

        // Latest: 2026-03 = 99 (partial). Previous: 2026-02 = 90, so +9 and 9 / 90 = +10 %.
        // A year earlier: 2025-03 = 80, so +19 and 19 / 80 = +23.75 %.
        Assert.Equal(("2026-03", 99.0, true), (aov.Latest!.Period, aov.Latest.Value!.Value, aov.Latest.Partial));
        Assert.Equal(("2026-02", 9.0), (aov.VersusPrevious!.FromPeriod, aov.VersusPrevious.Absolute));
        Assert.Equal(10.0, aov.VersusPrevious.Relative!.Value, 12);
        Assert.Equal(("2025-03", 19.0), (aov.VersusYearAgo!.FromPeriod, aov.VersusYearAgo.Absolute));
        Assert.Equal(23.75, aov.VersusYearAgo.Relative!.Value, 12);
        // 99 would be good (≥ 95), but a partial period is never judged.
        Assert.Equal((ReportStatus.InsufficientData, ReportFixture.PartialReason), (aov.Latest.Status, aov.Latest.StatusReason));
    }

    [Fact]
    public void Build_PercentKpi_ChangeIsInPercentagePoints()
    {
        var conversion = ClientReportBuilder.Build(ReportFixture.Client()).Kpis.Single(k => k.Id == "conversion_rate");

        // 1.5 % in 2026-02 to 1.2 % in 2026-03: −0.3 percentage points; a relative "−20 %" would read as a collapse.
        Assert.Equal(-0.3, conversion.VersusPrevious!.Absolute, 12);
        Assert.Equal("−0.30 pp", ReportText.Change(conversion.VersusPrevious, conversion.Unit, "EUR"));
        // A year before 2026-03 is 2025-03, undefined: no change to show.
        Assert.Null(conversion.VersusYearAgo);
        Assert.Equal("n/a", ReportText.Change(conversion.VersusYearAgo, conversion.Unit, "EUR"));
    }

    [Fact]
    public void Build_UndefinedValues_NotesJoinConsecutivePeriodsWithOneReason()
    {
        var notes = ClientReportBuilder.Build(ReportFixture.Client()).Notes;

        var total = notes.Where(n => n.Dimensions is null).ToList();
        Assert.Equal(2, total.Count);
        // Three reasons that differ only by their own period are one note.
        Assert.Equal(("2025-01 to 2025-03", "no data in dataset 'traffic' for each of these periods"), (total[0].Periods, total[0].Reason));
        Assert.Equal(("2025-04", "division by zero: [visits] is 0"), (total[1].Periods, total[1].Reason));
        var channel = Assert.Single(notes, n => n.Dimensions is not null);
        Assert.Equal(("channel = email", "2025-01 to 2026-03", "no data for this channel"), (channel.Dimensions, channel.Periods, channel.Reason));
    }

    [Fact]
    public void Build_InsufficientData_IsAStatusNoteNotAnUndefinedValue()
    {
        var report = ClientReportBuilder.Build(ReportFixture.Client());

        var note = Assert.Single(report.StatusNotes);
        Assert.Equal(("aov", "2026-03", ReportFixture.PartialReason), (note.Kpi, note.Periods, note.Reason));
        Assert.DoesNotContain(report.Notes, n => n.Kpi == "aov");
        Assert.Equal(2, report.Scorecard.Count);
    }

    [Fact]
    public void Build_WithDimensions_BreakdownShowsTheLastSixPeriodsTotalFirst()
    {
        var breakdown = ClientReportBuilder.Build(ReportFixture.Client()).Breakdowns.Single(b => b.Kpi == "aov");

        Assert.Equal(["2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"], breakdown.Periods);
        Assert.Equal(["Total", "channel = email"], breakdown.Rows.Select(r => r.Label));
        Assert.True(breakdown.Rows[0].IsTotal);
        Assert.Equal(109.0, breakdown.Rows[1].Points[^1].Value); // 99 + 10 in the fixture
    }

    [Fact]
    public void Build_Header_NamesProfileCoverageAndSourcesWithoutWallClock()
    {
        var header = ClientReportBuilder.Build(ReportFixture.Client()).Header;

        Assert.Equal(("tiny-shop", "Tiny Shop", "EUR"), (header.Client, header.Name, header.Currency));
        Assert.Equal(new DateOnly(2026, 3, 14), header.Coverage.Single().Last);
        var client = Assert.Single(header.Sources);
        Assert.Equal(("client", "tiny-shop.yaml", "missing"), (client.Role, client.Path, client.Hash));
        Assert.False(string.IsNullOrEmpty(header.EngineVersion));
    }

    [Fact]
    public void Build_GoalOnKpi_IsDrawnOnItsChart()
    {
        var aov = ClientReportBuilder.Build(ReportFixture.Client()).Kpis.Single(k => k.Id == "aov");

        var line = Assert.Single(aov.GoalLines);
        Assert.Equal((100.0, "2026-06", 101.5), (line.Target, line.Deadline, line.Projection));
    }
}
