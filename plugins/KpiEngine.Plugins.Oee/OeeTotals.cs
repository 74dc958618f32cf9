namespace KpiEngine.Plugins.Oee;

/// <summary>
/// The sums OEE is computed from, for one period (and dimension). Machines and intervals are
/// combined by adding times and counts and recomputing the ratios, never by averaging ratios.
/// </summary>
internal sealed class OeeTotals
{
    /// <summary>APT: actual production time (state running).</summary>
    public double RunningTime { get; set; }

    /// <summary>Unplanned downtime (breakdowns, changeovers that were not planned ...).</summary>
    public double UnplannedStopTime { get; set; }

    /// <summary>Planned downtime (breaks, planned maintenance); outside planned busy time.</summary>
    public double PlannedStopTime { get; set; }

    /// <summary>PQ: produced quantity.</summary>
    public double TotalUnits { get; set; }

    /// <summary>GQ: good quantity.</summary>
    public double GoodUnits { get; set; }

    /// <summary>Σ ideal cycle time × units produced: the time the output would take at the ideal rate.</summary>
    public double IdealTime { get; set; }

    /// <summary>Rows with units but no ideal cycle time (column empty and no parameter).</summary>
    public int RowsWithoutCycleTime { get; set; }

    /// <summary>Labour time booked to running intervals.</summary>
    public double RunningLabour { get; set; }

    /// <summary>Labour time booked to planned busy intervals (running and unplanned stops).</summary>
    public double BusyLabour { get; set; }

    /// <summary>Problems that make the period undefined (unknown state, missing duration).</summary>
    public List<string> Problems { get; } = [];

    /// <summary>PBT: planned busy time = running + unplanned stops (planned stops excluded).</summary>
    public double PlannedBusyTime => RunningTime + UnplannedStopTime;
}
