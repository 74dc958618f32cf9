using System.Globalization;
using KpiEngine.Abstractions;

namespace KpiEngine.Plugins.Oee;

/// <summary>
/// OEE per ISO 22400-2 from state intervals: availability = APT / PBT, effectiveness
/// (performance) = Σ(ideal cycle time × units) / APT, quality ratio = GQ / PQ, OEE = their
/// product; OLE is the same product over labour time. See docs/plugins.md for the terms.
/// </summary>
internal sealed class OeeMetric : IPluginMetric, IDeclaresParameters
{
    public const string Running = "running";
    public const string PlannedStop = "planned_stop";
    public const string UnplannedStop = "unplanned_stop";

    public string Name => "oee";

    public string Description =>
        "OEE = availability x performance x quality (ISO 22400) from machine state intervals; also its three factors and OLE.";

    public IReadOnlyList<MetricColumnRequest> Columns { get; } =
    [
        new("state", MetricColumnKind.Text, true, "running, planned_stop or unplanned_stop"),
        new("duration", MetricColumnKind.Number, true, "length of the interval (same time unit as the ideal cycle time)"),
        new("total_units", MetricColumnKind.Number, false, "units produced in the interval, good and bad"),
        new("good_units", MetricColumnKind.Number, false, "good units produced in the interval"),
        new("ideal_cycle_time", MetricColumnKind.Number, false, "ideal time per unit for the row's product or machine; else parameter ideal_cycle_time"),
        new("labour", MetricColumnKind.Number, false, "person-time booked to the interval, for OLE"),
    ];

    public IReadOnlyList<string> Outputs { get; } = ["oee", "availability", "performance", "quality", "ole"];

    public IReadOnlyList<MetricParameter> Parameters { get; } =
    [
        new("ideal_cycle_time", "ideal time per unit for rows without an ideal_cycle_time value (same time unit as duration)") { Minimum = 0, ExclusiveMinimum = true },
        new("ideal_crew", "number of people the process ideally needs, for OLE (default 1)") { Minimum = 0, ExclusiveMinimum = true },
    ];

    public MetricResult Compute(MetricInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var defaultCycleTime = input.GetNumber("ideal_cycle_time", double.NaN);
        var idealCrew = input.GetNumber("ideal_crew", 1);
        var state = input.FindColumn("state")!.Texts;
        var duration = input.FindColumn("duration")!.Numbers;
        var total = input.FindColumn("total_units")?.Numbers;
        var good = input.FindColumn("good_units")?.Numbers;
        var cycle = input.FindColumn("ideal_cycle_time")?.Numbers;
        var labour = input.FindColumn("labour")?.Numbers;

        var totals = new Dictionary<(int Period, string? Dimension), OeeTotals>();
        for (var row = 0; row < input.RowCount; row++)
        {
            var period = input.RowPeriods[row];
            var dimension = input.RowDimensions?[row];
            var rowCycle = cycle is not null && !double.IsNaN(cycle[row]) ? cycle[row] : defaultCycleTime;
            Add(Totals(totals, period, null), state[row], duration[row], ValueOrZero(total, row), ValueOrZero(good, row), rowCycle, ValueOrZero(labour, row));
            if (dimension is not null)
            {
                Add(Totals(totals, period, dimension), state[row], duration[row], ValueOrZero(total, row), ValueOrZero(good, row), rowCycle, ValueOrZero(labour, row));
            }
        }

        var result = new MetricResult();
        var wanted = input.Periods.Select(p => p.Ordinal).ToHashSet();
        foreach (var period in input.Periods)
        {
            if (!totals.ContainsKey((period.Ordinal, null)))
            {
                foreach (var output in Outputs)
                {
                    result.Set(output, period.Ordinal, MetricValue.Undefined($"no machine events in {period.Label}"));
                }
            }
        }

        foreach (var ((period, dimension), sums) in totals.Where(t => wanted.Contains(t.Key.Period)))
        {
            Report(result, period, dimension, sums, idealCrew, labour is not null);
        }

        return result;
    }

    private static void Add(OeeTotals sums, string? state, double duration, double total, double good, double cycleTime, double labour)
    {
        if (double.IsNaN(duration) || duration < 0)
        {
            sums.Problems.Add("an interval without a valid duration");
            return;
        }

        switch (Normalise(state))
        {
            case Running:
                sums.RunningTime += duration;
                sums.RunningLabour += labour;
                sums.BusyLabour += labour;
                break;
            case UnplannedStop:
                sums.UnplannedStopTime += duration;
                sums.BusyLabour += labour;
                break;
            case PlannedStop:
                sums.PlannedStopTime += duration;
                break;
            default:
                sums.Problems.Add($"unknown state '{state}' (expected {Running}, {PlannedStop} or {UnplannedStop})");
                return;
        }

        sums.TotalUnits += total;
        sums.GoodUnits += good;
        if (total > 0)
        {
            if (double.IsNaN(cycleTime))
            {
                sums.RowsWithoutCycleTime++;
            }
            else
            {
                sums.IdealTime += cycleTime * total;
            }
        }
    }

    private static void Report(MetricResult result, int period, string? dimension, OeeTotals sums, double idealCrew, bool hasLabour)
    {
        if (sums.Problems.Count > 0)
        {
            var reason = "machine events with " + string.Join("; ", sums.Problems.Distinct());
            foreach (var output in new[] { "oee", "availability", "performance", "quality", "ole" })
            {
                result.Set(output, period, dimension, MetricValue.Undefined(reason));
            }

            return;
        }

        var availability = Ratio(sums.RunningTime, sums.PlannedBusyTime, "no planned busy time (only planned stops)");
        var performance = sums.RowsWithoutCycleTime > 0
            ? MetricValue.Undefined(string.Create(CultureInfo.InvariantCulture, $"{sums.RowsWithoutCycleTime} interval(s) with units but no ideal cycle time (column or parameter ideal_cycle_time)"))
            : Ratio(sums.IdealTime, sums.RunningTime, "no running time");
        var quality = Ratio(sums.GoodUnits, sums.TotalUnits, "no units produced");
        result.Set("availability", period, dimension, availability);
        result.Set("performance", period, dimension, performance);
        result.Set("quality", period, dimension, quality);
        result.Set("oee", period, dimension, Product(availability, performance, quality));

        if (!hasLabour)
        {
            result.Set("ole", period, dimension, MetricValue.Undefined("no labour column for OLE"));
            return;
        }

        var labourAvailability = Ratio(sums.RunningLabour, sums.BusyLabour, "no labour booked to planned busy time");
        var labourPerformance = performance.IsDefined
            ? Ratio(idealCrew * sums.IdealTime, sums.RunningLabour, "no labour booked to running time")
            : performance;
        result.Set("ole", period, dimension, Product(labourAvailability, labourPerformance, quality));
    }

    private static MetricValue Ratio(double numerator, double denominator, string whenZero) =>
        denominator > 0 ? MetricValue.Of(numerator / denominator) : MetricValue.Undefined(whenZero);

    private static MetricValue Product(params MetricValue[] factors) =>
        factors.FirstOrDefault(f => !f.IsDefined) is { Reason: { } reason }
            ? MetricValue.Undefined(reason)
            : MetricValue.Of(factors.Aggregate(1.0, (product, f) => product * f.Number));

    private static OeeTotals Totals(Dictionary<(int, string?), OeeTotals> totals, int period, string? dimension)
    {
        if (!totals.TryGetValue((period, dimension), out var sums))
        {
            sums = new OeeTotals();
            totals.Add((period, dimension), sums);
        }

        return sums;
    }

    private static double ValueOrZero(IReadOnlyList<double>? column, int row) =>
        column is null || double.IsNaN(column[row]) ? 0 : column[row];

    /// <summary>Accepts <c>Running</c>, <c>planned stop</c>, <c>unplanned-stop</c> ...</summary>
    private static string? Normalise(string? state) =>
        state?.Trim().Replace(' ', '_').Replace('-', '_').ToUpperInvariant() switch
        {
            "RUNNING" or "RUN" => Running,
            "PLANNED_STOP" or "PLANNED_DOWNTIME" => PlannedStop,
            "UNPLANNED_STOP" or "UNPLANNED_DOWNTIME" or "DOWN" => UnplannedStop,
            _ => null,
        };
}
