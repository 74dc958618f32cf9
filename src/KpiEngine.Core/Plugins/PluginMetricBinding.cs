using System.Globalization;
using KpiEngine.Abstractions;
using KpiEngine.Datasets;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;
using KpiEngine.Time;

namespace KpiEngine.Plugins;

/// <summary>
/// One KPI's use of a plugin metric during a run: the evaluator feeds it the rows of the KPI's
/// dataset, then asks for the values of the periods it reports.
/// </summary>
internal interface IPluginMetricBinding
{
    /// <summary>The dataset columns the evaluator must fill in each row it passes to <see cref="Add"/>.</summary>
    IReadOnlyList<ColumnSchema> Columns { get; }

    /// <summary>Adds one row (after filter and borrow), in file order.</summary>
    /// <param name="row">The row; only <see cref="Columns"/> are read.</param>
    /// <param name="periodOrdinal">The row's period at the run's grain.</param>
    /// <param name="combination">The row's dimension combination, or <see cref="DimensionCombination.Total"/> when the run has no dimensions.</param>
    void Add(RowBuffer row, int periodOrdinal, int combination = DimensionCombination.Total);

    /// <summary>
    /// Runs the metric once and returns the KPI's value for each of <paramref name="periods"/>:
    /// over all rows (<see cref="DimensionCombination.Total"/>, computed by the metric from all rows) and
    /// for each combination rows came with (computed from that combination's rows). Never throws:
    /// a failure, a timeout or a non-finite number becomes an undefined value whose reason names
    /// the plugin, and a diagnostic.
    /// </summary>
    /// <param name="calendar">The run's periods.</param>
    /// <param name="periods">The periods to report.</param>
    /// <param name="dimensionKey">Names a combination for the metric (its dimension key); null when the run has no dimensions.</param>
    /// <param name="cancellationToken">Stops a worker.</param>
    IReadOnlyDictionary<(int Period, int Combination), KpiValue> Complete(PeriodCalendar calendar, IReadOnlyList<int> periods, Func<int, string?>? dimensionKey, CancellationToken cancellationToken);

    /// <summary>
    /// For a KPI naming a cohort output (<see cref="IReportsCohorts"/>, contract 1.2): the cells <see cref="Complete"/> got, by
    /// cohort (a period ordinal) and age, each undefined with the plugin's reason when the metric failed; null for a KPI reported per period.
    /// </summary>
    PluginCohortCells? CohortCells { get; }
}

/// <summary>A cohort output's cells as the metric gave them, or why it gave none.</summary>
/// <param name="Cells">The cells by cohort and age; empty when the metric failed.</param>
/// <param name="Failure">Why every cell is undefined (the metric threw, timed out); null when it ran.</param>
internal sealed record PluginCohortCells(IReadOnlyDictionary<(int Cohort, int Age), KpiValue> Cells, string? Failure);

/// <summary>A binding whose plugin is not available: every period is undefined with the same reason.</summary>
internal sealed class UnavailablePluginBinding(string reason) : IPluginMetricBinding
{
    private readonly HashSet<int> _combinations = [DimensionCombination.Total];

    public IReadOnlyList<ColumnSchema> Columns => [];

    public void Add(RowBuffer row, int periodOrdinal, int combination = DimensionCombination.Total) => _combinations.Add(combination);

    public IReadOnlyDictionary<(int Period, int Combination), KpiValue> Complete(PeriodCalendar calendar, IReadOnlyList<int> periods, Func<int, string?>? dimensionKey, CancellationToken cancellationToken) =>
        periods.Distinct().SelectMany(p => _combinations.Select(c => (p, c))).ToDictionary(key => key, _ => KpiValue.Undefined(reason));

    public PluginCohortCells? CohortCells => null;
}

/// <summary>Collects a KPI's rows as typed columns and runs the metric once when completed.</summary>
internal sealed class PluginMetricBinding : IPluginMetricBinding
{
    private readonly KpiDefinition _kpi;
    private readonly string _qualifiedName;
    private readonly string _output;
    private readonly IPluginMetricRunner _runner;
    private readonly DiagnosticBag _diagnostics;
    private readonly (MetricColumnRequest Request, ColumnSchema Column)[] _mapping;
    private readonly List<double>[] _numbers;
    private readonly List<string?>[] _texts;
    private readonly List<int> _periods = [];
    private readonly List<int> _combinations = [];
    private readonly SortedSet<int> _seenCombinations = [];
    private readonly bool _isCohort;

    public PluginMetricBinding(
        KpiDefinition kpi,
        string output,
        IPluginMetricRunner runner,
        IReadOnlyList<(MetricColumnRequest Request, ColumnSchema Column)> mapping,
        DiagnosticBag diagnostics,
        bool isCohort = false)
    {
        _isCohort = isCohort;
        _kpi = kpi;
        _qualifiedName = $"{kpi.Plugin!.Plugin}/{kpi.Plugin.Metric}";
        _output = output;
        _runner = runner;
        _diagnostics = diagnostics;
        _mapping = [.. mapping];
        _numbers = [.. _mapping.Select(_ => new List<double>())];
        _texts = [.. _mapping.Select(_ => new List<string?>())];
        Columns = [.. _mapping.Select(m => m.Column).Distinct()];
    }

    public IReadOnlyList<ColumnSchema> Columns { get; }

    public PluginCohortCells? CohortCells { get; private set; }

    public void Add(RowBuffer row, int periodOrdinal, int combination = DimensionCombination.Total)
    {
        ArgumentNullException.ThrowIfNull(row);
        for (var i = 0; i < _mapping.Length; i++)
        {
            var (request, column) = _mapping[i];
            if (request.Kind == MetricColumnKind.Number)
            {
                _numbers[i].Add(row.Numbers[column.Slot]);
            }
            else
            {
                _texts[i].Add(column.IsNumeric ? NumberAsText(row.Numbers[column.Slot]) : row.Texts[column.Slot]);
            }
        }

        _periods.Add(periodOrdinal);
        _combinations.Add(combination);
        if (combination != DimensionCombination.Total)
        {
            _seenCombinations.Add(combination);
        }
    }

    public IReadOnlyDictionary<(int Period, int Combination), KpiValue> Complete(PeriodCalendar calendar, IReadOnlyList<int> periods, Func<int, string?>? dimensionKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(periods);
        var ordered = periods.Distinct().Order().ToArray();
        var keys = DimensionKeys(dimensionKey);
        var targets = ordered.SelectMany(p => keys.Select(k => (Period: p, Combination: k.Key, Dimension: k.Value))).ToArray();
        MetricResult result;
        try
        {
            result = _runner.Run(BuildInput(calendar, ordered, keys), cancellationToken);
        }
        catch (PluginRunException ex)
        {
            return Fail(ex.Descriptor, ex.Message, targets);
        }
#pragma warning disable CA1031 // Plugin code can throw anything; it makes this KPI undefined, not the run fail.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Fail(DiagnosticCatalog.PluginMetricThrew, PluginLoader.Describe(ex), targets);
        }

        var values = new Dictionary<(int Period, int Combination), KpiValue>(targets.Length);
        var nonFinite = new List<string>();
        if (_isCohort)
        {
            CohortCells = new PluginCohortCells(
                result.CohortValues.Where(c => c.Key.Output == _output).ToDictionary(c => (c.Key.Cohort, c.Key.Age), c => Checked(c.Value, $"cohort {calendar.Label(c.Key.Cohort)} age {c.Key.Age.ToString(CultureInfo.InvariantCulture)}", nonFinite)),
                null);
        }

        foreach (var (period, combination, dimension) in targets)
        {
            var where = dimension is null ? calendar.Label(period) : $"{calendar.Label(period)} ({dimension})";
            KpiValue kpiValue;
            if (!result.TryGet(_output, period, dimension, out var value))
            {
                kpiValue = KpiValue.Undefined($"plugin metric '{_qualifiedName}' gave no '{_output}' value for {where}");
            }
            else
            {
                kpiValue = Checked(value, where, nonFinite);
            }

            values[(period, combination)] = kpiValue;
        }

        if (nonFinite.Count > 0)
        {
            _diagnostics.Add(
                DiagnosticCatalog.PluginNonFinite,
                $"KPI '{_kpi.Id}': plugin metric '{_qualifiedName}' returned a non-finite number for {string.Join(", ", nonFinite)}; those values are undefined.",
                _kpi.Plugin!.Span);
        }

        return values;
    }

    /// <summary>A metric's value as the KPI's: undefined with the plugin's reason, or with the host's when the number is NaN or infinite (noted in <paramref name="nonFinite"/>).</summary>
    private KpiValue Checked(MetricValue value, string where, List<string> nonFinite)
    {
        if (!value.IsDefined)
        {
            return KpiValue.Undefined(value.Reason!);
        }

        if (!double.IsFinite(value.Number))
        {
            var what = double.IsNaN(value.Number) ? "NaN" : "Infinity";
            nonFinite.Add($"{where} ({what})");
            return KpiValue.Undefined($"plugin metric '{_qualifiedName}' returned {what} for '{_output}'");
        }

        return KpiValue.Of(value.Number);
    }

    /// <summary>
    /// The metric's dimension key of the total (null) and of each combination the rows came with.
    /// The metric groups rows by key, so keys are made unique: two combinations whose values
    /// contain the separator could otherwise print alike and be merged.
    /// </summary>
    private List<KeyValuePair<int, string?>> DimensionKeys(Func<int, string?>? dimensionKey)
    {
        var keys = new List<KeyValuePair<int, string?>>(_seenCombinations.Count + 1) { new(DimensionCombination.Total, null) };
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var combination in _seenCombinations)
        {
            var text = dimensionKey?.Invoke(combination) ?? combination.ToString(CultureInfo.InvariantCulture);
            var key = text;
            for (var n = 2; !taken.Add(key); n++)
            {
                key = $"{text} #{n.ToString(CultureInfo.InvariantCulture)}";
            }

            keys.Add(new(combination, key));
        }

        return keys;
    }

    private MetricInput BuildInput(PeriodCalendar calendar, int[] periods, List<KeyValuePair<int, string?>> keys)
    {
        string?[]? rowDimensions = null;
        if (keys.Count > 1)
        {
            var keyOf = keys.ToDictionary(k => k.Key, k => k.Value);
            rowDimensions = [.. _combinations.Select(c => keyOf[c])];
        }

        var columns = _mapping.Select((m, i) => m.Request.Kind == MetricColumnKind.Number
            ? MetricColumn.OfNumbers(m.Request.Name, _numbers[i])
            : MetricColumn.OfTexts(m.Request.Name, _texts[i]));
        return new MetricInput(
            GrainName(calendar.Grain),
            [.. periods.Select(p => new MetricPeriod(p, calendar.Label(p), calendar.Start(p), calendar.End(p)))],
            _periods.Count,
            _periods,
            rowDimensions,
            columns,
            _kpi.Plugin!.Parameters);
    }

    private Dictionary<(int Period, int Combination), KpiValue> Fail(DiagnosticDescriptor descriptor, string message, (int Period, int Combination, string? Dimension)[] targets)
    {
        var reason = $"plugin metric '{_qualifiedName}' failed: {message}";
        _diagnostics.Add(descriptor, $"KPI '{_kpi.Id}': {reason}", _kpi.Plugin!.Span);
        CohortCells = _isCohort ? new PluginCohortCells(new Dictionary<(int Cohort, int Age), KpiValue>(), reason) : null;
        return targets.ToDictionary(t => (t.Period, t.Combination), _ => KpiValue.Undefined(reason));
    }

    internal static string GrainName(Grain grain) => grain switch
    {
        Grain.Day => "day",
        Grain.Week => "week",
        Grain.Month => "month",
        Grain.Quarter => "quarter",
        Grain.All => "all",
        _ => "year",
    };

    private static string? NumberAsText(double number) =>
        double.IsNaN(number) ? null : number.ToString("R", CultureInfo.InvariantCulture);
}
