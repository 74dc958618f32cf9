using KpiEngine.Abstractions;
using KpiEngine.Plugins.Oee;
using static KpiEngine.Plugins.Tests.MetricInputBuilder;

namespace KpiEngine.Plugins.Tests.Oee;

/// <summary>
/// Machine A is the worked example of oee.com "OEE Calculation" (Vorne): a 480 min shift with
/// two 15 min breaks (planned stop 30 min = 1800 s), 47 min breakdown (unplanned 2820 s), so
/// run time 403 min = 24180 s; ideal cycle time 1.0 s; 19271 units of which 18848 good.
/// Its published results: availability 403/450 = 89.56 %, performance 19271/24180 = 79.70 %,
/// quality 18848/19271 = 97.80 %, OEE 69.81 %. Durations here are in seconds, like the cycle time.
/// </summary>
public sealed class OeeMetricTests
{
    private static readonly int January = Month(2026, 1);
    private static readonly int February = Month(2026, 2);
    private readonly IPluginMetric _metric = RegisteredMetrics.Single(new OeePlugin());

    private static MetricInputBuilder MachineA(MetricInputBuilder builder, int period = 0) => builder
        .Row(period == 0 ? January : period, "A", ("state", "running"), ("duration", 24180.0), ("total_units", 19271.0), ("good_units", 18848.0), ("ideal_cycle_time", 1.0), ("labour", 48360.0))
        .Row(period == 0 ? January : period, "A", ("state", "planned_stop"), ("duration", 1800.0), ("labour", 3600.0))
        .Row(period == 0 ? January : period, "A", ("state", "unplanned_stop"), ("duration", 2820.0), ("labour", 5640.0));

    // Machine B (made up): 200 min running, 40 min breakdown, no planned stop; 6000 units at an
    // ideal 1.5 s, 5400 good; staffed by 3 people where the ideal crew is 2.
    // A = 12000/14400 = 0.8333, P = 6000*1.5/12000 = 0.75, Q = 0.9, OEE = 0.5625.
    private static MetricInputBuilder MachineB(MetricInputBuilder builder) => builder
        .Row(January, "B", ("state", "Running"), ("duration", 12000.0), ("total_units", 6000.0), ("good_units", 5400.0), ("ideal_cycle_time", 1.5), ("labour", 36000.0))
        .Row(January, "B", ("state", "unplanned stop"), ("duration", 2400.0), ("labour", 7200.0));

    [Fact]
    public void Compute_OneMachine_MatchesThePublishedWorkedExample()
    {
        var result = _metric.Compute(MachineA(new MetricInputBuilder()).Build(_metric, January), CancellationToken.None);

        Assert.Equal(403.0 / 450, result.Number("availability", January), 12);
        Assert.Equal(19271.0 / 24180, result.Number("performance", January), 12);
        Assert.Equal(18848.0 / 19271, result.Number("quality", January), 12);
        Assert.Equal(0.6981, result.Number("oee", January), 4);
        // OEE = A*P*Q = ideal time of good units / planned busy time = 18848 s / 27000 s.
        Assert.Equal(18848.0 / 27000, result.Number("oee", January), 12);
    }

    [Fact]
    public void Compute_TwoMachines_SumsTimesAndCountsInsteadOfAveragingOee()
    {
        var input = MachineB(MachineA(new MetricInputBuilder())).Parameter("ideal_crew", "2").Build(_metric, January);

        var result = _metric.Compute(input, CancellationToken.None);

        // Per machine: A as published, B = 0.5625.
        Assert.Equal(18848.0 / 27000, result.Number("oee", January, "A"), 12);
        Assert.Equal(0.5625, result.Number("oee", January, "B"), 12);

        // Together: run 24180 + 12000 = 36180 s; planned busy 27000 + 14400 = 41400 s;
        // ideal time 19271*1 + 6000*1.5 = 28271 s; units 25271, good 24248.
        // A = 36180/41400 = 0.87391, P = 28271/36180 = 0.78140, Q = 24248/25271 = 0.95952,
        // OEE = 0.65523 - not the mean of 0.69807 and 0.5625 (0.63029).
        Assert.Equal(36180.0 / 41400, result.Number("availability", January), 12);
        Assert.Equal(28271.0 / 36180, result.Number("performance", January), 12);
        Assert.Equal(24248.0 / 25271, result.Number("quality", January), 12);
        Assert.Equal(0.65523, result.Number("oee", January), 5);
        Assert.NotEqual(((18848.0 / 27000) + 0.5625) / 2, result.Number("oee", January), 3);
    }

    [Fact]
    public void Compute_Ole_IsTheSameProductOverLabourTime()
    {
        var input = MachineB(MachineA(new MetricInputBuilder())).Parameter("ideal_crew", "2").Build(_metric, January);

        var result = _metric.Compute(input, CancellationToken.None);

        // A alone: crew 2 all along equals the ideal crew, so OLE = OEE.
        Assert.Equal(18848.0 / 27000, result.Number("ole", January, "A"), 12);

        // B alone: labour availability 36000/43200, labour performance 2*9000/36000 = 0.5, Q 0.9:
        // OLE = 0.8333 * 0.5 * 0.9 = 0.375 (a third of the crew was beyond the ideal).
        Assert.Equal(0.375, result.Number("ole", January, "B"), 12);

        // Together: busy labour 54000 + 43200 = 97200, running labour 48360 + 36000 = 84360;
        // OLE = (84360/97200) * (2*28271/84360) * (24248/25271) = 56542/97200 * 0.95952.
        Assert.Equal(56542.0 / 97200 * (24248.0 / 25271), result.Number("ole", January), 12);
    }

    [Fact]
    public void Compute_CycleTimeFromParameterWhenTheColumnIsEmpty()
    {
        var input = new MetricInputBuilder()
            .Row(January, null, ("state", "running"), ("duration", 100.0), ("total_units", 40.0), ("good_units", 40.0))
            .Row(January, null, ("state", "running"), ("duration", 100.0), ("total_units", 30.0), ("good_units", 27.0), ("ideal_cycle_time", 3.0))
            .Parameter("ideal_cycle_time", "2")
            .Build(_metric, January);

        var result = _metric.Compute(input, CancellationToken.None);

        // Ideal time 40*2 (parameter) + 30*3 (column) = 170 of 200 running; quality 67/70.
        Assert.Equal(170.0 / 200, result.Number("performance", January), 12);
        Assert.Equal(1, result.Number("availability", January), 12);
        Assert.Equal(170.0 / 200 * (67.0 / 70), result.Number("oee", January), 12);
        Assert.Equal("no labour column for OLE", result.Reason("ole", January));
    }

    [Fact]
    public void Compute_UndefinedCases_SayWhy()
    {
        var input = new MetricInputBuilder()
            .Row(January, null, ("state", "planned_stop"), ("duration", 480.0))
            .Row(February, null, ("state", "running"), ("duration", 60.0), ("total_units", 10.0), ("good_units", 10.0))
            .Build(_metric, January, February, Month(2026, 3));

        var result = _metric.Compute(input, CancellationToken.None);

        Assert.Equal("no planned busy time (only planned stops)", result.Reason("availability", January));
        Assert.Equal("no planned busy time (only planned stops)", result.Reason("oee", January));
        Assert.Equal("no units produced", result.Reason("quality", January));
        Assert.Contains("no ideal cycle time", result.Reason("performance", February));
        Assert.Equal(1, result.Number("quality", February));
        Assert.Equal("no machine events in 2026-03", result.Reason("oee", Month(2026, 3)));
    }

    [Fact]
    public void Compute_UnknownState_MakesThePeriodUndefined()
    {
        var input = new MetricInputBuilder()
            .Row(January, null, ("state", "idle"), ("duration", 10.0))
            .Build(_metric, January);

        var result = _metric.Compute(input, CancellationToken.None);

        Assert.Contains("unknown state 'idle'", result.Reason("oee", January));
    }
}
