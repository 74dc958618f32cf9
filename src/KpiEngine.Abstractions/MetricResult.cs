using System.Globalization;

namespace KpiEngine.Abstractions;

/// <summary>A metric's value for one output, period and dimension: a number or undefined with a reason.</summary>
public readonly record struct MetricValue
{
    private MetricValue(double number, string? reason)
    {
        Number = number;
        Reason = reason;
    }

    /// <summary>The number; meaningful only when <see cref="IsDefined"/>.</summary>
    public double Number { get; }

    /// <summary>Why the value is undefined; null when defined.</summary>
    public string? Reason { get; }

    /// <summary>True when the value is a number.</summary>
    public bool IsDefined => Reason is null;

    /// <summary>A number. NaN or Infinity are not converted: the host reports them as a plugin error.</summary>
    public static MetricValue Of(double number) => new(number, null);

    /// <summary>A value that cannot be computed ("no planned production time").</summary>
    public static MetricValue Undefined(string reason) =>
        new(double.NaN, string.IsNullOrWhiteSpace(reason) ? "undefined" : reason);

    /// <inheritdoc />
    public override string ToString() =>
        IsDefined ? Number.ToString("R", CultureInfo.InvariantCulture) : $"undefined ({Reason})";
}

/// <summary>Where a <see cref="MetricValue"/> belongs: output name, period ordinal, dimension key (null for all rows).</summary>
public readonly record struct MetricKey(string Output, int Period, string? Dimension);

/// <summary>The values a metric computed. A period it leaves out is reported undefined.</summary>
public sealed class MetricResult
{
    private readonly Dictionary<MetricKey, MetricValue> _values = [];

    /// <summary>All values set, by key.</summary>
    public IReadOnlyDictionary<MetricKey, MetricValue> Values => _values;

    /// <summary>Sets the value of an output for a period over all rows (no dimension).</summary>
    public void Set(string output, int period, MetricValue value) => Set(output, period, null, value);

    /// <summary>Sets the value of an output for a period and dimension key; a later call replaces an earlier one.</summary>
    public void Set(string output, int period, string? dimension, MetricValue value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        _values[new MetricKey(output, period, dimension)] = value;
    }

    /// <summary>The value of an output for a period and dimension, if set.</summary>
    public bool TryGet(string output, int period, string? dimension, out MetricValue value) =>
        _values.TryGetValue(new MetricKey(output, period, dimension), out value);

    private readonly Dictionary<CohortKey, MetricValue> _cohortValues = [];

    /// <summary>All cohort cells set (contract 1.2), by key; empty for a metric without cohort outputs.</summary>
    public IReadOnlyDictionary<CohortKey, MetricValue> CohortValues => _cohortValues;

    /// <summary>
    /// Sets one cell of a cohort output (one of <see cref="IReportsCohorts.CohortOutputs"/>, contract 1.2): the value for the
    /// entities whose cohort is period <paramref name="cohort"/>, <paramref name="age"/> whole periods later (age 0 is the
    /// cohort's own period). A later call replaces an earlier one.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="age"/> is negative.</exception>
    public void SetCohort(string output, int cohort, int age, MetricValue value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        ArgumentOutOfRangeException.ThrowIfNegative(age);
        _cohortValues[new CohortKey(output, cohort, age)] = value;
    }

    /// <summary>The value of a cohort output for a cohort and age, if set.</summary>
    public bool TryGetCohort(string output, int cohort, int age, out MetricValue value) =>
        _cohortValues.TryGetValue(new CohortKey(output, cohort, age), out value);
}

/// <summary>Where a cohort cell belongs: output name, the cohort's period ordinal, and the age in whole periods since it (from 0).</summary>
public readonly record struct CohortKey(string Output, int Cohort, int Age);
