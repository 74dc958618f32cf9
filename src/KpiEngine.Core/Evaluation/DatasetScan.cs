using KpiEngine.Datasets;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;
using KpiEngine.Time;

namespace KpiEngine.Evaluation;

/// <summary>
/// The single pass over one dataset: borrows columns, applies the row filter, places each row
/// in its period and feeds every aggregate the client needs of this dataset. Memory grows with
/// the number of periods, not rows.
/// </summary>
internal sealed class DatasetScan
{
    /// <summary>The group key used for every row of a dataset without a time column.</summary>
    public const int Timeless = int.MinValue;

    private readonly DatasetPlan _plan;
    private readonly Dictionary<int, AggregateAccumulator[]> _groups = [];
    private readonly Dictionary<int, KpiValue[]> _results = [];
    private KpiValue[]? _emptyResults;

    public DatasetScan(DatasetPlan plan)
    {
        _plan = plan;
    }

    public string Name => _plan.Name;

    /// <summary>True when the dataset has a time column, so its coverage limits which periods it has data for.</summary>
    public bool HasTime => _plan.Schema?.TimeColumn is not null;

    /// <summary>The first period any row falls in (before the filter); null when no row has a time.</summary>
    public int? FirstPeriod { get; private set; }

    /// <summary>The last period any row falls in.</summary>
    public int? LastPeriod { get; private set; }

    /// <summary>The day number of the earliest row (before the filter); null when no row has a time.</summary>
    public int? FirstDay { get; private set; }

    /// <summary>The day number of the latest row.</summary>
    public int? LastDay { get; private set; }

    /// <summary>Records read from the file.</summary>
    public long RecordsRead { get; private set; }

    /// <summary>Rows that passed the filter.</summary>
    public long RowsAggregated { get; private set; }

    /// <summary>Borrow tables this dataset lends to; filled during the scan.</summary>
    public List<BorrowTable> Lends { get; } = [];

    /// <summary>The borrow table this dataset reads from, if it borrows.</summary>
    public BorrowTable? Borrows { get; set; }

    /// <summary>Runs the scan.</summary>
    /// <remarks>
    /// Every period is aggregated, also those outside the reported range: time functions such
    /// as <c>Prev</c> read periods before the first one reported, and memory grows with periods, not rows.
    /// </remarks>
    public void Run(PeriodCalendar calendar, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        var schema = _plan.Schema ?? throw new InvalidOperationException($"Dataset '{Name}' has no schema.");
        var needed = new bool[schema.Width];
        var timeSlot = schema.TimeColumn?.Slot ?? -1;
        if (timeSlot >= 0)
        {
            needed[timeSlot] = true;
        }

        Mark(needed, _plan.Filter?.Columns);
        foreach (var aggregate in _plan.Aggregates)
        {
            Mark(needed, aggregate.Columns);
        }

        foreach (var table in Lends)
        {
            Mark(needed, table.LenderColumnsNeeded);
        }

        Mark(needed, Borrows?.BorrowerColumnsNeeded);

        var aggregates = _plan.Aggregates;
        var filter = _plan.Filter;
        var borrows = Borrows;
        var lends = Lends.ToArray();
        var lastGroupKey = int.MaxValue;
        AggregateAccumulator[]? lastGroup = null;
        var lastDay = int.MinValue;
        var lastDayPeriod = 0;
        long missingTime = 0;
        var missingTimeLines = new List<long>();
        var first = int.MaxValue;
        var last = int.MinValue;
        var earliestDay = int.MaxValue;
        var latestDay = int.MinValue;

        void OnRow(RowBuffer row)
        {
            borrows?.Apply(row);
            var period = Timeless;
            if (timeSlot >= 0)
            {
                var days = row.Numbers[timeSlot];
                if (double.IsNaN(days))
                {
                    if (missingTime++ < 5)
                    {
                        missingTimeLines.Add(row.Line);
                    }

                    return;
                }

                var day = (int)Math.Floor(days);
                if (day != lastDay)
                {
                    lastDay = day;
                    lastDayPeriod = calendar.OrdinalOfDays(day);
                }

                period = lastDayPeriod;
                first = Math.Min(first, period);
                last = Math.Max(last, period);
                earliestDay = Math.Min(earliestDay, day);
                latestDay = Math.Max(latestDay, day);
            }

            if (filter is not null && !filter.Matches(row))
            {
                return;
            }

            foreach (var table in lends)
            {
                table.Add(row, diagnostics);
            }

            RowsAggregated++;
            if (period != lastGroupKey)
            {
                if (!_groups.TryGetValue(period, out lastGroup))
                {
                    lastGroup = CreateGroup(aggregates);
                    _groups[period] = lastGroup;
                }

                lastGroupKey = period;
            }

            foreach (var accumulator in lastGroup!)
            {
                accumulator.Add(row);
            }
        }

        RecordsRead = RowSources.For(schema.Definition.Format).Scan(schema, needed, OnRow, diagnostics, cancellationToken);
        if (first <= last)
        {
            (FirstPeriod, LastPeriod) = (first, last);
            (FirstDay, LastDay) = (earliestDay, latestDay);
        }

        if (missingTime > 0)
        {
            diagnostics.Add(
                DiagnosticCatalog.MissingTime,
                $"{missingTime} row(s) of dataset '{Name}' have no value in time column '{schema.TimeColumn!.Name}' and belong to no period (lines {string.Join(", ", missingTimeLines)}{(missingTime > missingTimeLines.Count ? ", ..." : string.Empty)}).",
                SourceSpan.At(schema.Definition.Path, (int)missingTimeLines[0], 0),
                "Fill the time column or filter those rows out.");
        }

        borrows?.ReportMissingKeys(diagnostics);
    }

    /// <summary>The values of every aggregate for one period (or <see cref="Timeless"/>), computed once and cached.</summary>
    public KpiValue[] Results(int period)
    {
        if (_results.TryGetValue(period, out var values))
        {
            return values;
        }

        if (_groups.TryGetValue(period, out var group))
        {
            values = [.. group.Select(a => a.Result())];
            _results[period] = values;
            return values;
        }

        return _emptyResults ??= [.. CreateGroup(_plan.Aggregates).Select(a => a.Result())];
    }

    /// <summary>Rows of one period (or <see cref="Timeless"/>) that passed the filter.</summary>
    public long RowsIn(int period) => (long)Results(period)[^1].Number;

    /// <summary>One accumulator per aggregate, then one that counts the group's rows (for traces).</summary>
    private static AggregateAccumulator[] CreateGroup(List<AggregateSpec> aggregates)
    {
        var group = new AggregateAccumulator[aggregates.Count + 1];
        for (var i = 0; i < aggregates.Count; i++)
        {
            group[i] = aggregates[i].CreateAccumulator();
        }

        group[^1] = new RowCountAccumulator(null);

        return group;
    }

    private static void Mark(bool[] needed, IEnumerable<ColumnSchema>? columns)
    {
        foreach (var column in columns ?? [])
        {
            needed[column.Slot] = true;
        }
    }
}
