using System.Globalization;
using System.Runtime.CompilerServices;
using KpiEngine.Datasets;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;
using KpiEngine.Plugins;
using KpiEngine.Time;

namespace KpiEngine.Evaluation;

/// <summary>
/// The single pass over one dataset: borrows columns, applies the row filter, places each row
/// in its period and feeds every aggregate the client needs of this dataset. Memory grows with
/// the number of periods, not rows.
/// </summary>
internal sealed partial class DatasetScan
{
    /// <summary>The group key used for every row of a dataset without a time column.</summary>
    public const int Timeless = int.MinValue;

    /// <summary>How many records pass between two progress reports: often enough for a live display, rare enough to cost nothing.</summary>
    public const int ProgressStep = 1 << 16;

    private readonly DatasetPlan _plan;
    private readonly Dictionary<(int Period, int Combination), AggregateAccumulator[]> _groups = [];
    private readonly Dictionary<(int Period, int Combination), KpiValue[]> _results = [];
    private readonly DimensionIndex? _dimensions;
    private readonly ColumnSchema[]? _dimensionColumns;
    private KpiValue[]? _emptyResults;

    /// <summary>Flat group state of merged ranges, for ranges still to read.</summary>
    private readonly System.Collections.Concurrent.ConcurrentBag<FlatGroups> _freeFlatGroups = [];

    /// <summary>The run's groups, kept flat when the passes keep theirs flat (merged without an object per group).</summary>
    private FlatGroups? _flatGroups;

    /// <summary>Prepares the scan; with <paramref name="dimensions"/>, rows are also grouped by their dimension values.</summary>
    public DatasetScan(DatasetPlan plan, DimensionIndex? dimensions = null)
    {
        _plan = plan;
        if (dimensions is { IsEmpty: false } && plan.Schema is { } schema)
        {
            var columns = dimensions.Columns.Select(schema.Find).ToArray();
            MissingDimension = Array.IndexOf(columns, null) is var missing and >= 0 ? dimensions.Columns[missing] : null;
            if (MissingDimension is null && (plan.Aggregates.Count > 0 || plan.PluginBindings.Count > 0))
            {
                _dimensions = dimensions;
                _dimensionColumns = [.. columns.OfType<ColumnSchema>()];
            }
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

    /// <summary>Derived tables computed from this dataset's rows; filled during the scan.</summary>
    public List<DerivedTable> Feeds { get; } = [];

    /// <summary>Where the rows come from when not from the dataset's file (a derived dataset's table).</summary>
    public IRowSource? RowSource { get; set; }

    /// <summary>The borrow tables this dataset reads from, one per lender in the order written; each row is completed by them in turn.</summary>
    public List<BorrowTable> Borrows { get; } = [];

    /// <summary>Receives the records read, in steps of <see cref="ProgressStep"/> and the rest at the end.</summary>
    public IProgress<long>? RowProgress { get; init; }

    /// <summary>How a large CSV file is cut into byte ranges and how many threads read them.</summary>
    public ScanParallelism Parallelism { get; init; } = ScanParallelism.Default;

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

        foreach (var table in Borrows)
        {
            Mark(needed, table.BorrowerColumnsNeeded);
        }

        Mark(needed, _dimensionColumns);
        foreach (var binding in _plan.PluginBindings)
        {
            Mark(needed, binding.Columns);
        }

        var plugins = _plan.PluginBindings.ToArray();
        if (TryPushdown(calendar, diagnostics, cancellationToken))
        {
            return;
        }

        var lends = Lends.ToArray();
        var borrows = Borrows.ToArray();
        var feeds = Feeds.ToArray();

        // Borrow tables, derived tables and plugin metrics take rows in file order, so those datasets are read in one pass.
        var oneByOne = lends.Length > 0 || feeds.Length > 0 || borrows.Length > 0 || plugins.Length > 0 || RowSource is not null;
        var split = oneByOne ? null : CsvPartitions.TrySplit(schema.Definition, Parallelism.RangeBytes);

        // Plain column sums, counts and extremes per period (and per value of one text dimension) can take a block of records at a time.
        var blockDimension = _dimensionColumns is [var only] ? only : null;
        var columnar = !oneByOne && _plan.Filter is null && (_dimensionColumns is null || blockDimension is not null)
            && ColumnBlock.For(schema, needed, blockDimension) is not null && CreateGroup(_plan.Aggregates).All(a => a.TakesColumns);
        ColumnBlockSink? Sink(ScanState state) => columnar ? new ColumnBlockSink(ColumnBlock.For(schema, needed, blockDimension)!, state.OnBlock) : null;
        var flat = columnar && blockDimension is not null;

        // A byte range read beside others numbers its dimension combinations in a table of its own; a
        // one-pass scan uses the run's, so plugin metrics (read in one pass) receive the run's numbers.
        ScanState NewState(DiagnosticBag bag, bool onePass) => new(_plan.Aggregates, _plan.Filter, borrows, lends, feeds, plugins,
            _dimensionColumns is null ? null : new DimensionReader(_dimensionColumns, onePass ? _dimensions!.Combinations : new CombinationTable(), _dimensions!.Translate),
            timeSlot, calendar, bag, RowProgress)
        {
            // Groups by a dimension taken a block at a time are many and met in no order: keep them flat,
            // in the memory of a merged range's groups when one is free.
            Flat = flat ? (_freeFlatGroups.TryTake(out var free) ? free : FlatGroups.For(CreateGroup(_plan.Aggregates))) : null,
        };
        var merged = new MergedRanges();
        if (split is null || !TryScanSplit(schema, needed, split, bag => NewState(bag, onePass: false), Sink, merged, cancellationToken))
        {
            merged = new MergedRanges();
            Reset();
            var state = NewState(diagnostics, onePass: true);
            RecordsRead = Sink(state) is { } sink
                ? CsvRowSource.ScanColumns(schema, needed, state.OnRow, sink, diagnostics, cancellationToken)
                : (RowSource ?? RowSources.For(schema.Definition.Format)).Scan(schema, needed, state.OnRow, diagnostics, cancellationToken);
            Absorb(state, merged);
            if (state.MissingTime > 0)
            {
                diagnostics.Add(
                    DiagnosticCatalog.MissingTime,
                    $"{state.MissingTime} row(s) of dataset '{Name}' have no value in time column '{schema.TimeColumn!.Name}' and belong to no period (lines {string.Join(", ", state.MissingTimeLines)}{(state.MissingTime > state.MissingTimeLines.Count ? ", ..." : string.Empty)}).",
                    SourceSpan.At(schema.Definition.Path, (int)state.MissingTimeLines[0], 0),
                    "Fill the time column or filter those rows out.");
            }
        }

        var (first, last, earliestDay, latestDay) = (merged.First, merged.Last, merged.EarliestDay, merged.LatestDay);
        if (first <= last)
        {
            (FirstPeriod, LastPeriod) = (first, last);
            (FirstDay, LastDay) = (earliestDay, latestDay);
        }

        if (timeSlot >= 0 && schema.Definition.Coverage is { } coverage)
        {
            Widen(coverage, calendar, diagnostics);
        }

        // The ranges' flat state was only kept for ranges still to read: let it go before evaluation.
        _freeFlatGroups.Clear();
        foreach (var table in Borrows)
        {
            table.ReportMissingKeys(diagnostics);
        }

        if (_dimensions is not null)
        {
            AddTotals();
        }

        NoteStreamed(schema, needed);
        Complete();
    }

    /// <summary>
    /// Turns every group's accumulators into its values once the scan is done, so that <see cref="Results"/>
    /// only reads from then on: the dimension combinations of a run are evaluated on several threads.
    /// </summary>
    private void Complete()
    {
        foreach (var (key, group) in _groups)
        {
            _results[key] = [.. group.Select(a => a.Result())];
        }

        _groups.Clear();
        if (_flatGroups is { } flat)
        {
            // Each flat group's values are read through accumulators as the other groups' are: one set per piece of
            // groups, reset between groups, the pieces on the run's threads (a run per client and month has tens of
            // thousands of groups). A group's values depend only on its own state, so not on the threads.
            var values = new KpiValue[flat.Keys.Count][];
            const int GroupsPerPiece = 1024;
            ParallelWork.For((values.Length + GroupsPerPiece - 1) / GroupsPerPiece, Parallelism.Threads, [MethodImpl(HotPath.Options)] (piece) =>
            {
                var group = CreateGroup(_plan.Aggregates);
                for (var g = piece * GroupsPerPiece; g < Math.Min(values.Length, (piece + 1) * GroupsPerPiece); g++)
                {
                    foreach (var accumulator in group)
                    {
                        accumulator.Reset();
                    }

                    flat.MergeInto(g, group, fresh: true);
                    var results = new KpiValue[group.Length];
                    for (var i = 0; i < group.Length; i++)
                    {
                        results[i] = group[i].Result();
                    }

                    values[g] = results;
                }
            }, CancellationToken.None);
            for (var g = 0; g < values.Length; g++)
            {
                _results[flat.Keys[g]] = values[g];
            }

            _flatGroups = null;
        }

        _emptyResults = [.. CreateGroup(_plan.Aggregates).Select(a => a.Result())];
    }
    /// <summary>
    /// Widens the days and periods this dataset has data for to the coverage its export declares: a
    /// month inside it is whole even when nothing happened on its first day, and a month inside it
    /// without rows has no activity (0), not no data. Rows dated outside it mean the declaration is
    /// wrong: KPI7040, and the rows still count.
    /// </summary>
    private void Widen(DateWindow coverage, PeriodCalendar calendar, DiagnosticBag diagnostics)
    {
        var (from, to) = (coverage.First.DayNumber, coverage.Last.DayNumber);
        if (FirstDay is { } first && LastDay is { } last && (first < from || last > to))
        {
            diagnostics.Add(
                DiagnosticCatalog.RowsOutsideCoverage,
                string.Create(CultureInfo.InvariantCulture, $"Dataset '{Name}' declares coverage {coverage}, but has rows dated {DateOnly.FromDayNumber(first):yyyy-MM-dd} to {DateOnly.FromDayNumber(last):yyyy-MM-dd}; they still count."),
                _plan.Schema!.Definition.Span,
                "Widen 'coverage' to every date the export holds, or filter the rows out.");
        }

        FirstDay = Math.Min(from, FirstDay ?? from);
        LastDay = Math.Max(to, LastDay ?? to);
        FirstPeriod = Math.Min(calendar.OrdinalOfDays(from), FirstPeriod ?? int.MaxValue);
        LastPeriod = Math.Max(calendar.OrdinalOfDays(to), LastPeriod ?? int.MinValue);
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
            FirstDay = Math.Min(source.FirstDay ?? int.MaxValue, FirstDay ?? int.MaxValue);
            LastDay = Math.Max(source.LastDay ?? int.MinValue, LastDay ?? int.MinValue);
        }
    }

    /// <summary>
    /// The values of every aggregate for one period (or <see cref="Timeless"/>) and dimension
    /// combination (<see cref="DimensionIndex.Total"/> for all rows), the empty group's where no row fell.
    /// Safe to call from several threads once <see cref="Run"/> has returned.
    /// </summary>
    public KpiValue[] Results(int period, int combination = DimensionIndex.Total) =>
        _results.TryGetValue((period, combination), out var values)
            ? values
            : _emptyResults ?? throw new InvalidOperationException($"Dataset '{Name}' has not been scanned.");

    /// <summary>
    /// Merges each period's dimension groups into its total, so totals are computed from all rows, never from the groups' results;
    /// with subtotals (<see cref="DimensionIndex.ComputesSubtotals"/>), into each of their subtotals too. The groups are merged in
    /// the order of their numbers, which do not depend on threads, so a subtotal is the same whatever the ranges and threads.
    /// </summary>
    private void AddTotals()
    {
        var subtotals = _dimensions!.ComputesSubtotals ? _dimensions.Columns.Count - 1 : 0;
        _flatGroups?.AddTotals(combination => LevelsAbove(combination, subtotals));
        foreach (var (key, group) in _groups.OrderBy(g => g.Key.Period).ThenBy(g => g.Key.Combination).ToList())
        {
            foreach (var level in LevelsAbove(key.Combination, subtotals))
            {
                MergeInto((key.Period, level), group);
            }
        }
    }

    /// <summary>The groups a combination's group is merged into: the total, then its subtotals from the first column's.</summary>
    private IEnumerable<int> LevelsAbove(int combination, int subtotals)
    {
        yield return DimensionIndex.Total;
        for (var length = 1; length <= subtotals; length++)
        {
            yield return _dimensions!.SubtotalOf(combination, length);
        }
    }

    /// <summary>Merges a group of rows into the group at <paramref name="key"/>, created empty when new.</summary>
    private void MergeInto((int Period, int Combination) key, AggregateAccumulator[] group)
    {
        if (!_groups.TryGetValue(key, out var into))
        {
            into = CreateGroup(_plan.Aggregates);
            _groups[key] = into;
        }

        for (var i = 0; i < into.Length; i++)
        {
            into[i].Merge(group[i]);
        }
    }


    /// <summary>
    /// Scans the ranges of a split CSV file on up to <see cref="ScanParallelism.Threads"/> threads, each
    /// range into its own state, and merges every state into this scan as soon as all ranges before it
    /// are merged: results are merged in file order whatever thread finished first, and only the states
    /// of ranges still waiting for an earlier one are held. Returns false when any range was not clean
    /// (a cut inside a quoted line break, a data problem, a row without time): then only a one-pass
    /// scan gives every problem its true line, so the caller discards what was merged and does that.
    /// </summary>
    private bool TryScanSplit(DatasetSchema schema, bool[] needed, CsvSplit split, Func<DiagnosticBag, ScanState> newState,
        Func<ScanState, ColumnBlockSink?> sink, MergedRanges merged, CancellationToken cancellationToken)
    {
        var count = split.Partitions.Count;
        var threads = Math.Clamp(Parallelism.Threads, 1, count);
        var finished = new ScanState?[count];
        var gate = new object();
        var nextRange = -1;
        var nextToMerge = 0;
        var failed = false;
        var merging = false;

        // Merges the finished ranges in file order, one thread at a time (the one holding "merging"), outside
        // the lock, so the other threads take their next ranges meanwhile. A range finished while it merges is
        // seen by its next look under the lock: it gives up "merging" only in the same look that finds none ready.
        void MergeReady()
        {
            while (true)
            {
                ScanState ready;
                lock (gate)
                {
                    if (nextToMerge >= count || finished[nextToMerge] is not { } next)
                    {
                        merging = false;
                        Monitor.PulseAll(gate);
                        return;
                    }

                    finished[nextToMerge] = null;
                    ready = next;
                }

                Absorb(ready, merged);
                lock (gate)
                {
                    nextToMerge++;
                    Monitor.PulseAll(gate);
                }
            }
        }

        void ReadRanges()
        {
            var done = false;
            try
            {
                while (true)
                {
                    int k;
                    lock (gate)
                    {
                        // Ranges are handed out in file order, and a thread waits rather than run more than
                        // MaxRangesAheadPerThread ranges per thread ahead of the merge: held state stays bounded
                        // even when the thread reading the range next to merge is slowed down.
                        while (!failed && nextRange + 1 - nextToMerge >= threads * MaxRangesAheadPerThread)
                        {
                            Monitor.Wait(gate);
                        }

                        if (failed || nextRange + 1 >= count)
                        {
                            done = true;
                            return;
                        }

                        k = ++nextRange;
                        MostRangesHeld = Math.Max(MostRangesHeld, k + 1 - nextToMerge);
                    }

                    var problems = new DiagnosticBag();
                    var state = newState(problems);
                    var range = CsvRowSource.ScanPartition(schema, needed, split, split.Partitions[k], state.OnRow, problems, cancellationToken, sink(state));
                    if (!range.Clean || state.MissingTime > 0)
                    {
                        return;
                    }

                    state.Delivered = range.Delivered;
                    lock (gate)
                    {
                        finished[k] = state;
                        if (merging)
                        {
                            continue; // the thread merging now takes this range too when its turn comes
                        }

                        merging = true;
                    }

                    MergeReady();
                }
            }
            finally
            {
                // Whatever stopped this thread early (an unclean range, cancellation) stops the others too.
                lock (gate)
                {
                    failed |= !done;
                    Monitor.PulseAll(gate);
                }
            }
        }

        var workers = Enumerable.Range(0, threads - 1).Select(_ => Task.Factory.StartNew(ReadRanges, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        ReadRanges();
        Task.WaitAll(workers, cancellationToken);
        return !failed && nextToMerge == count;
    }

    /// <summary>How many ranges one thread may be ahead of the merge, on average over the threads.</summary>
    internal const int MaxRangesAheadPerThread = 2;

    /// <summary>The most byte ranges read or waiting to be merged at once during the last split scan (bounded by the threads).</summary>
    internal int MostRangesHeld { get; private set; }

    /// <summary>Forgets everything merged so far (the split scan failed and the file is read again in one pass).</summary>
    private void Reset()
    {
        _groups.Clear();
        _flatGroups = null;
        RowsAggregated = 0;
        RecordsRead = 0;
    }

    /// <summary>
    /// Adds one pass's groups, counts and time span to this scan. Passes come in file order, so every
    /// accumulator sees earlier rows first (Last/First and compensated sums rely on it), and the pass's
    /// dimension combinations are numbered for the run in the order the file first shows them.
    /// </summary>
    private void Absorb(ScanState state, MergedRanges merged)
    {
        state.FlushProgress();
        var numbers = state.Dimensions is { } reader ? _dimensions!.Absorb(reader.Combinations) : null;
        if (state.Flat is { } flat)
        {
            _flatGroups ??= FlatGroups.For(CreateGroup(_plan.Aggregates))!;
            _flatGroups.Absorb(flat, numbers);
            flat.Clear();
            _freeFlatGroups.Add(flat);
        }

        foreach (var (key, group) in state.Groups)
        {
            var runKey = numbers is null ? key : (key.Period, numbers[key.Combination]);
            if (!_groups.TryGetValue(runKey, out var total))
            {
                _groups[runKey] = group;
                continue;
            }

            for (var i = 0; i < total.Length; i++)
            {
                total[i].Merge(group[i]);
            }
        }

        RowsAggregated += state.RowsAggregated;
        RecordsRead += state.Delivered;
        merged.Widen(state);
    }

    /// <summary>The periods and days the merged passes have seen.</summary>
    private sealed class MergedRanges
    {
        public int First { get; private set; } = int.MaxValue;

        public int Last { get; private set; } = int.MinValue;

        public int EarliestDay { get; private set; } = int.MaxValue;

        public int LatestDay { get; private set; } = int.MinValue;

        public void Widen(ScanState state)
        {
            First = Math.Min(First, state.First);
            Last = Math.Max(Last, state.Last);
            EarliestDay = Math.Min(EarliestDay, state.EarliestDay);
            LatestDay = Math.Max(LatestDay, state.LatestDay);
        }
    }

    /// <summary>Rows of one period (or <see cref="Timeless"/>) that passed the filter.</summary>
    public long RowsIn(int period, int combination = DimensionIndex.Total) => (long)Results(period, combination)[^1].Number;

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

    /// <summary>
    /// What one pass (the whole file, or one range of it) accumulates: groups per period, the
    /// periods seen, rows without time. Each range of a split file has its own, so no locks.
    /// </summary>
    private sealed class ScanState(
        List<AggregateSpec> aggregates, RowPredicate? filter, BorrowTable[] borrows, BorrowTable[] lends, DerivedTable[] feeds,
        IPluginMetricBinding[] plugins, DimensionReader? dimensions, int timeSlot, PeriodCalendar calendar, DiagnosticBag diagnostics,
        IProgress<long>? progress)
    {
        /// <summary>The groups kept flat instead of in <see cref="Groups"/>, when every aggregate has a flat form and the scan asked for it.</summary>
        public FlatGroups? Flat { get; init; }

        /// <summary>The pass's dimension reader, whose numbers the groups' combinations are.</summary>
        public DimensionReader? Dimensions => dimensions;

        /// <summary>Records the pass read (set by a split scan; a one-pass scan counts them itself).</summary>
        public long Delivered { get; set; }

        private (int Period, int Combination) _lastGroupKey = (int.MaxValue, DimensionIndex.Total);
        private readonly Dictionary<(int Period, int Combination), AccumulatorFeed> _feeds = [];
        private AccumulatorFeed? _lastFeed;
        private int _lastDay = int.MinValue;
        private int _lastDayPeriod;

        public Dictionary<(int Period, int Combination), AggregateAccumulator[]> Groups { get; } = [];

        public int First { get; private set; } = int.MaxValue;

        public int Last { get; private set; } = int.MinValue;

        public int EarliestDay { get; private set; } = int.MaxValue;

        public int LatestDay { get; private set; } = int.MinValue;

        public long MissingTime { get; private set; }

        public List<long> MissingTimeLines { get; } = [];

        public long RowsAggregated { get; private set; }

        /// <summary>Reports the records read since the last report.</summary>
        public void FlushProgress()
        {
            if (progress is not null && _unreported > 0)
            {
                progress.Report(_unreported);
                _unreported = 0;
            }
        }

        private int _unreported;

        /// <summary>
        /// Takes a block of records held column by column (every aggregate <see cref="AggregateAccumulator.TakesColumns"/>,
        /// no filter, borrows, feeds, plugins or dimensions; every record has a time when the dataset has a time column).
        /// Exports are mostly sorted by time, so the block is cut into runs of one period and each run goes to its
        /// group's accumulators in one loop per aggregate: the same values in the same order as <see cref="OnRow"/>.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        public void OnBlock(ColumnBlock block)
        {
            var count = block.Count;
            if (progress is not null)
            {
                _unreported += count;
                while (_unreported >= ProgressStep)
                {
                    progress.Report(ProgressStep);
                    _unreported -= ProgressStep;
                }
            }

            RowsAggregated += count;
            if (block.DimensionIds is { } ids)
            {
                AddRowsByDimension(block, ids, count);
                return;
            }

            if (timeSlot < 0)
            {
                FeedFor(Timeless).AddRows(block.Columns, 0, count);
                return;
            }

            var days = block.Columns[timeSlot]!;
            var start = 0;
            var period = PeriodOf(days[0]);
            for (var i = 1; i < count; i++)
            {
                if (days[i] != days[i - 1] && PeriodOf(days[i]) is var next && next != period)
                {
                    FeedFor(period).AddRows(block.Columns, start, i);
                    (start, period) = (i, next);
                }
            }

            FeedFor(period).AddRows(block.Columns, start, count);
        }

        /// <summary>
        /// A block grouped by one text dimension: rows of one group are rarely adjacent (an export of many
        /// clients), so each row goes to its group's feed on its own, found by the dimension text's number
        /// and the period without decoding or hashing the text. Rows keep their file order within each group.
        /// </summary>
        [MethodImpl(HotPath.Options)]
        private void AddRowsByDimension(ColumnBlock block, int[] ids, int count)
        {
            var texts = block.DimensionTexts!;
            if (_combinationOfText.Length < texts.Count)
            {
                var grown = new int[Math.Max(texts.Count, _combinationOfText.Length * 2)];
                _combinationOfText.CopyTo(grown, 0);
                Array.Fill(grown, -1, _combinationOfText.Length, grown.Length - _combinationOfText.Length);
                _combinationOfText = grown;
            }

            var days = timeSlot >= 0 ? block.Columns[timeSlot]! : null;
            var flat = Flat;
            if (flat is not null && _groupOfRow.Length < count)
            {
                _groupOfRow = new int[count];
            }

            for (var i = 0; i < count; i++)
            {
                var combination = _combinationOfText[ids[i]];
                if (combination < 0)
                {
                    combination = _combinationOfText[ids[i]] = dimensions!.CombinationOf(texts.Text(ids[i]));
                }

                var period = days is null ? Timeless : PeriodOf(days[i]);
                if (flat is not null)
                {
                    _groupOfRow[i] = flat.GroupOf(period, combination);
                }
                else
                {
                    FeedFor(period, combination).AddRow(block.Columns, i);
                }
            }

            flat?.AddBlock(_groupOfRow.AsSpan(0, count), block.Columns, count);
        }

        /// <summary>The flat group of each row of the block being added (reused from block to block).</summary>
        private int[] _groupOfRow = [];

        /// <summary>The combination number of each dimension text number of the block path; -1 until first met.</summary>
        private int[] _combinationOfText = [];

        /// <summary>The period of a row's time (days), widening the periods and days seen.</summary>
        private int PeriodOf(double days)
        {
            var day = (int)Math.Floor(days);
            if (day != _lastDay)
            {
                // Rows of an export in no date order change day on almost every row: the periods of the
                // days around the first one are remembered rather than worked out from the date each time.
                _lastDay = day;
                _lastDayPeriod = KnownPeriodOf(day);
                First = Math.Min(First, _lastDayPeriod);
                Last = Math.Max(Last, _lastDayPeriod);
                EarliestDay = Math.Min(EarliestDay, day);
                LatestDay = Math.Max(LatestDay, day);
            }

            return _lastDayPeriod;
        }

        /// <summary>Days remembered around the first day met (about eleven years each way).</summary>
        private const int RememberedDays = 8192;

        /// <summary>The period of each remembered day, <see cref="int.MinValue"/> until worked out; day <see cref="_firstRememberedDay"/> first.</summary>
        private int[]? _periodOfDay;
        private int _firstRememberedDay;

        private int KnownPeriodOf(int day)
        {
            if (_periodOfDay is null)
            {
                _periodOfDay = new int[RememberedDays];
                Array.Fill(_periodOfDay, int.MinValue);
                _firstRememberedDay = day - (RememberedDays / 2);
            }

            var index = day - _firstRememberedDay;
            if ((uint)index >= RememberedDays)
            {
                return calendar.OrdinalOfDays(day);
            }

            ref var period = ref _periodOfDay[index];
            if (period == int.MinValue)
            {
                period = calendar.OrdinalOfDays(day);
            }

            return period;
        }

        /// <summary>The feed of a group, created with the group on its first row.</summary>
        private AccumulatorFeed FeedFor(int period, int combination = DimensionIndex.Total)
        {
            var key = (period, combination);
            if (key != _lastGroupKey)
            {
                if (!_feeds.TryGetValue(key, out _lastFeed))
                {
                    var group = CreateGroup(aggregates);
                    Groups[key] = group;
                    _lastFeed = new AccumulatorFeed(group);
                    _feeds[key] = _lastFeed;
                }

                _lastGroupKey = key;
            }

            return _lastFeed!;
        }

        public void OnRow(RowBuffer row)
        {
            if (progress is not null && ++_unreported == ProgressStep)
            {
                progress.Report(_unreported);
                _unreported = 0;
            }

            foreach (var table in borrows)
            {
                table.Apply(row);
            }

            var period = Timeless;
            if (timeSlot >= 0)
            {
                var days = row.Numbers[timeSlot];
                if (double.IsNaN(days))
                {
                    if (MissingTime++ < 5)
                    {
                        MissingTimeLines.Add(row.Line);
                    }

                    return;
                }

                period = PeriodOf(days);
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

            var combination = dimensions?.CombinationOf(row) ?? DimensionIndex.Total;
            foreach (var binding in plugins)
            {
                binding.Add(row, period, combination);
            }

            RowsAggregated++;
            if (Flat is { } flat)
            {
                flat.Add(flat.GroupOf(period, combination), row.Numbers);
            }
            else
            {
                FeedFor(period, combination).Add(row);
            }
        }
    }
}
