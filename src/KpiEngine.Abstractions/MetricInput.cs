using System.Globalization;

namespace KpiEngine.Abstractions;

/// <summary>One period a metric reports on.</summary>
public sealed class MetricPeriod
{
    /// <summary>Creates a period.</summary>
    public MetricPeriod(int ordinal, string label, DateOnly start, DateOnly end)
    {
        Ordinal = ordinal;
        Label = label ?? string.Empty;
        Start = start;
        End = end;
    }

    /// <summary>
    /// The period's number at the run's grain; consecutive periods have consecutive ordinals,
    /// so <c>b - a</c> is the number of periods between them.
    /// </summary>
    public int Ordinal { get; }

    /// <summary>The label reports show (<c>2026-03</c>).</summary>
    public string Label { get; }

    /// <summary>The first day of the period.</summary>
    public DateOnly Start { get; }

    /// <summary>The first day after the period.</summary>
    public DateOnly End { get; }
}

/// <summary>The values of one requested column, one per row.</summary>
public sealed class MetricColumn
{
    private MetricColumn(string name, MetricColumnKind kind, IReadOnlyList<double> numbers, IReadOnlyList<string?> texts)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Kind = kind;
        Numbers = numbers;
        Texts = texts;
    }

    /// <summary>The metric's name for the column.</summary>
    public string Name { get; }

    /// <summary>Numbers or text.</summary>
    public MetricColumnKind Kind { get; }

    /// <summary>The values of a <see cref="MetricColumnKind.Number"/> column (NaN when missing); empty for text.</summary>
    public IReadOnlyList<double> Numbers { get; }

    /// <summary>The values of a <see cref="MetricColumnKind.Text"/> column (null when missing); empty for numbers.</summary>
    public IReadOnlyList<string?> Texts { get; }

    /// <summary>Makes a numeric column.</summary>
    public static MetricColumn OfNumbers(string name, IReadOnlyList<double> values) =>
        new(name, MetricColumnKind.Number, values ?? throw new ArgumentNullException(nameof(values)), []);

    /// <summary>Makes a text column.</summary>
    public static MetricColumn OfTexts(string name, IReadOnlyList<string?> values) =>
        new(name, MetricColumnKind.Text, [], values ?? throw new ArgumentNullException(nameof(values)));
}

/// <summary>
/// What a metric computes from: the rows of its dataset (as columns, in file order), the
/// period and dimension of each row, the periods to report, and the KPI's YAML parameters.
/// </summary>
public sealed class MetricInput
{
    private readonly Dictionary<string, MetricColumn> _columns;

    /// <summary>Creates an input; every column and row list must have <paramref name="rowCount"/> entries.</summary>
    /// <param name="grain">The run's grain: <c>day</c>, <c>week</c>, <c>month</c>, <c>quarter</c> or <c>year</c>.</param>
    /// <param name="periods">The periods to report, ascending.</param>
    /// <param name="rowCount">The number of rows.</param>
    /// <param name="rowPeriods">The period ordinal of each row; rows may lie outside <paramref name="periods"/> (history).</param>
    /// <param name="rowDimensions">The dimension key of each row, or null for all rows when the run has no dimensions.</param>
    /// <param name="columns">The columns the metric asked for and the dataset has.</param>
    /// <param name="parameters">The KPI's parameters as written in YAML (invariant culture).</param>
    public MetricInput(
        string grain,
        IReadOnlyList<MetricPeriod> periods,
        int rowCount,
        IReadOnlyList<int> rowPeriods,
        IReadOnlyList<string?>? rowDimensions,
        IEnumerable<MetricColumn> columns,
        IReadOnlyDictionary<string, string> parameters)
    {
        ArgumentNullException.ThrowIfNull(periods);
        ArgumentNullException.ThrowIfNull(rowPeriods);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        Grain = grain ?? string.Empty;
        Periods = periods;
        RowCount = rowCount;
        RowPeriods = rowPeriods;
        RowDimensions = rowDimensions;
        Parameters = parameters;
        _columns = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        if (rowPeriods.Count != rowCount || (rowDimensions is not null && rowDimensions.Count != rowCount)
            || _columns.Values.Any(c => Math.Max(c.Numbers.Count, c.Texts.Count) != rowCount))
        {
            throw new ArgumentException("Every column and row list must have one entry per row.", nameof(rowCount));
        }
    }

    /// <summary>The run's grain: <c>day</c>, <c>week</c>, <c>month</c>, <c>quarter</c> or <c>year</c>.</summary>
    public string Grain { get; }

    /// <summary>The periods to report, ascending.</summary>
    public IReadOnlyList<MetricPeriod> Periods { get; }

    /// <summary>The number of rows.</summary>
    public int RowCount { get; }

    /// <summary>The period ordinal of each row.</summary>
    public IReadOnlyList<int> RowPeriods { get; }

    /// <summary>The dimension key of each row; null when the run has no dimensions.</summary>
    public IReadOnlyList<string?>? RowDimensions { get; }

    /// <summary>The KPI's parameters as written (keys are case-sensitive).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>The columns present, by the metric's names.</summary>
    public IReadOnlyCollection<MetricColumn> Columns => _columns.Values;

    /// <summary>A column by the metric's name, or null when the dataset lacks an optional column.</summary>
    public MetricColumn? FindColumn(string name) => _columns.GetValueOrDefault(name);

    /// <summary>A number parameter (invariant culture), or <paramref name="fallback"/> when absent.</summary>
    /// <exception cref="FormatException">The parameter is present but not a number.</exception>
    public double GetNumber(string parameter, double fallback)
    {
        if (!Parameters.TryGetValue(parameter, out var text))
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"Parameter '{parameter}' must be a number, not '{text}'.");
    }
}
