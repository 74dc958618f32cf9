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
    private readonly Dictionary<(int Period, int Combination), AggregateAccumulator[]> _groups = [];
    private readonly Dictionary<(int Period, int Combination), KpiValue[]> _results = [];
    private readonly DimensionReader? _dimensions;
    private KpiValue[]? _emptyResults;

    /// <summary>Prepares the scan; with <paramref name="dimensions"/>, rows are also grouped by their dimension values.</summary>
    public DatasetScan(DatasetPlan plan, DimensionIndex? dimensions = null)
    {
        _plan = plan;
        if (dimensions is { IsEmpty: false } && plan.Schema is { } schema)
        {
            var columns = dimensions.Columns.Select(schema.Find).ToArray();
            MissingDimension = Array.IndexOf(columns, null) is var missing and >= 0 ? dimensions.Columns[missing] : null;
            _dimensions = MissingDimension is null && plan.Aggregates.Count > 0 ? new DimensionReader(dimensions, [.. columns.OfType<ColumnSchema>()]) : null;
        }
    }

    /// <summary>The first dimension column this dataset lacks: its values exist only for the total.</summary>
    public string? MissingDimension { get; }

    public string Name => _plan.Name;

    /// <summary>True when the dataset has a time column, so its coverage limits which periods it has data for.</summary>
    public bool HasTime => _plan.Schema?.TimeColumn is not null;

    /// <summary>The first period any row falls in (before the filter); null when no row has a time.</summary>
    public int? FirstPeriod { get; private set; }

    /// <summary>The last period any row falls in.</summary>
    public int? LastPeriod { get; private set; }

    /// <summary>Records read from the file.</summary>
    public long RecordsRead { get; private set; }

    /// <summary>Rows that passed the filter.</summary>
    public long RowsAggregated { get; private set; }

    /// <summary>Borrow tables this dataset lends to; filled during the scan.</summary>
    public List<BorrowTable> Lends { get; } = [];

    /// <summary>Derived tables computed from this dataset's rows; filled during the scan.</summary>
    public List<DerivedTable> Feeds { get; } = [];

    /// <summary>Where the rows come from when not from the dataset's file (a derived dataset's table).</summary>
    public IRowSource? RowSource { get; set; }

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

        foreach (var table in Feeds)
        {
            Mark(needed, table.SourceColumnsNeeded);
        }

        Mark(needed, Borrows?.BorrowerColumnsNeeded);
        Mark(needed, _dimensions?.Columns);

        var aggregates = _plan.Aggregates;
        var filter = _plan.Filter;
        var borrows = Borrows;
        var lends = Lends.ToArray();
        var feeds = Feeds.ToArray();
        var dimensions = _dimensions;
        var lastGroupKey = (Period: int.MaxValue, Combination: DimensionIndex.Total);
        AggregateAccumulator[]? lastGroup = null;
        var lastDay = int.MinValue;
        var lastDayPeriod = 0;
        long missingTime = 0;
        var missingTimeLines = new List<long>();
        var first = int.MaxValue;
        var last = int.MinValue;

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
            }

            if (filter is not null && !filter.Matches(row))
            {
                return;
            }

            foreach (var table in lends)
            {
                table.Add(row, diagnostics);
            }

            foreach (var table in feeds)
            {
                table.Add(row);
            }

            RowsAggregated++;
            var key = (period, dimensions?.CombinationOf(row) ?? DimensionIndex.Total);
            if (key != lastGroupKey)
            {
                if (!_groups.TryGetValue(key, out lastGroup))
                {
                    lastGroup = CreateGroup(aggregates);
                    _groups[key] = lastGroup;
                }

                lastGroupKey = key;
            }

            foreach (var accumulator in lastGroup!)
            {
                accumulator.Add(row);
            }
        }

        RecordsRead = (RowSource ?? RowSources.For(schema.Definition.Format)).Scan(schema, needed, OnRow, diagnostics, cancellationToken);
        if (first <= last)
        {
            (FirstPeriod, LastPeriod) = (first, last);
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
        if (dimensions is not null)
        {
            AddTotals();
        }
    }

    /// <summary>
    /// Widens the periods this dataset has data for to those of <paramref name="source"/>: a derived
    /// dataset covers every period of the rows it is computed from, so a month with orders but no
    /// first orders has 0 new customers, not "no data".
    /// </summary>
    public void Cover(DatasetScan source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.FirstPeriod is { } first && source.LastPeriod is { } last)
        {
            FirstPeriod = Math.Min(first, FirstPeriod ?? first);
            LastPeriod = Math.Max(last, LastPeriod ?? last);
        }
    }

    /// <summary>
    /// The values of every aggregate for one period (or <see cref="Timeless"/>) and dimension
    /// combination (<see cref="DimensionIndex.Total"/> for all rows), computed once and cached.
    /// </summary>
    public KpiValue[] Results(int period, int combination = DimensionIndex.Total)
    {
        var key = (period, combination);
        if (_results.TryGetValue(key, out var values))
        {
            return values;
        }

        if (_groups.TryGetValue(key, out var group))
        {
            values = [.. group.Select(a => a.Result())];
            _results[key] = values;
            return values;
        }

        return _emptyResults ??= [.. CreateGroup(_plan.Aggregates).Select(a => a.Result())];
    }

    /// <summary>Merges each period's dimension groups into its total, so totals are computed from all rows, never from the groups' results.</summary>
    private void AddTotals()
    {
        foreach (var (key, group) in _groups.OrderBy(g => g.Key.Period).ThenBy(g => g.Key.Combination).ToList())
        {
            var totalKey = (key.Period, DimensionIndex.Total);
            if (!_groups.TryGetValue(totalKey, out var total))
            {
                total = CreateGroup(_plan.Aggregates);
                _groups[totalKey] = total;
            }

            for (var i = 0; i < total.Length; i++)
            {
                total[i].Merge(group[i]);
            }
        }
    }

    private static AggregateAccumulator[] CreateGroup(List<AggregateSpec> aggregates)
    {
        var group = new AggregateAccumulator[aggregates.Count];
        for (var i = 0; i < group.Length; i++)
        {
            group[i] = aggregates[i].CreateAccumulator();
        }

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
