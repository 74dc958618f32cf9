using System.Globalization;
using KpiEngine.Abstractions;
using KpiEngine.Datasets;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;
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
    /// <param name="dimension">The row's dimension key, or null when the run has no dimensions.</param>
    void Add(RowBuffer row, int periodOrdinal, string? dimension = null);

    /// <summary>
    /// Runs the metric and returns the KPI's value for each of <paramref name="periods"/> (over
    /// all rows). Never throws: a failure, a timeout or a non-finite number becomes an
    /// undefined value whose reason names the plugin, and a diagnostic.
    /// </summary>
    IReadOnlyDictionary<int, KpiValue> Complete(PeriodCalendar calendar, IReadOnlyList<int> periods, CancellationToken cancellationToken);
}

/// <summary>A binding whose plugin is not available: every period is undefined with the same reason.</summary>
internal sealed class UnavailablePluginBinding(string reason) : IPluginMetricBinding
{
    public IReadOnlyList<ColumnSchema> Columns => [];

    public void Add(RowBuffer row, int periodOrdinal, string? dimension = null)
    {
    }

    public IReadOnlyDictionary<int, KpiValue> Complete(PeriodCalendar calendar, IReadOnlyList<int> periods, CancellationToken cancellationToken) =>
        periods.Distinct().ToDictionary(p => p, _ => KpiValue.Undefined(reason));
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
    private readonly List<string?> _dimensions = [];
    private bool _hasDimensions;

    public PluginMetricBinding(
        KpiDefinition kpi,
        string output,
        IPluginMetricRunner runner,
        IReadOnlyList<(MetricColumnRequest Request, ColumnSchema Column)> mapping,
        DiagnosticBag diagnostics)
    {
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

    public void Add(RowBuffer row, int periodOrdinal, string? dimension = null)
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
        _dimensions.Add(dimension);
        _hasDimensions |= dimension is not null;
    }

    public IReadOnlyDictionary<int, KpiValue> Complete(PeriodCalendar calendar, IReadOnlyList<int> periods, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(periods);
        var ordered = periods.Distinct().Order().ToArray();
        MetricResult result;
        try
        {
            result = _runner.Run(BuildInput(calendar, ordered), cancellationToken);
        }
        catch (PluginRunException ex)
        {
            return Fail(ex.Descriptor, ex.Message, ordered);
        }
#pragma warning disable CA1031 // Plugin code can throw anything; it makes this KPI undefined, not the run fail.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Fail(DiagnosticCatalog.PluginMetricThrew, PluginLoader.Describe(ex), ordered);
        }

        var values = new Dictionary<int, KpiValue>(ordered.Length);
        var nonFinite = new List<string>();
        foreach (var period in ordered)
        {
            if (!result.TryGet(_output, period, null, out var value))
            {
                values[period] = KpiValue.Undefined($"plugin metric '{_qualifiedName}' gave no '{_output}' value for {calendar.Label(period)}");
            }
            else if (!value.IsDefined)
            {
                values[period] = KpiValue.Undefined(value.Reason!);
            }
            else if (!double.IsFinite(value.Number))
            {
                var what = double.IsNaN(value.Number) ? "NaN" : "Infinity";
                nonFinite.Add($"{calendar.Label(period)} ({what})");
                values[period] = KpiValue.Undefined($"plugin metric '{_qualifiedName}' returned {what} for '{_output}'");
            }
            else
            {
                values[period] = KpiValue.Of(value.Number);
            }
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

    private MetricInput BuildInput(PeriodCalendar calendar, int[] periods)
    {
        var columns = _mapping.Select((m, i) => m.Request.Kind == MetricColumnKind.Number
            ? MetricColumn.OfNumbers(m.Request.Name, _numbers[i])
            : MetricColumn.OfTexts(m.Request.Name, _texts[i]));
        return new MetricInput(
            GrainName(calendar.Grain),
            [.. periods.Select(p => new MetricPeriod(p, calendar.Label(p), calendar.Start(p), calendar.End(p)))],
            _periods.Count,
            _periods,
            _hasDimensions ? _dimensions : null,
            columns,
            _kpi.Plugin!.Parameters);
    }

    private Dictionary<int, KpiValue> Fail(DiagnosticDescriptor descriptor, string message, int[] periods)
    {
        var reason = $"plugin metric '{_qualifiedName}' failed: {message}";
        _diagnostics.Add(descriptor, $"KPI '{_kpi.Id}': {reason}", _kpi.Plugin!.Span);
        return periods.ToDictionary(p => p, _ => KpiValue.Undefined(reason));
    }

    internal static string GrainName(Grain grain) => grain switch
    {
        Grain.Day => "day",
        Grain.Week => "week",
        Grain.Month => "month",
        Grain.Quarter => "quarter",
        _ => "year",
    };

    private static string? NumberAsText(double number) =>
        double.IsNaN(number) ? null : number.ToString("R", CultureInfo.InvariantCulture);
}
