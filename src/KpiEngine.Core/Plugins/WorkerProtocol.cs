using System.Text.Json;
using System.Text.Json.Serialization;
using KpiEngine.Abstractions;

namespace KpiEngine.Plugins;

/// <summary>
/// The files exchanged with the plugin worker process: the host writes a request, the worker
/// writes a response. JSON, camelCase, NaN written as "NaN" (missing numbers are NaN).
/// </summary>
internal static class WorkerProtocol
{
    public const string Describe = "describe";
    public const string Compute = "compute";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static WorkerInput ToWire(MetricInput input) => new(
        input.Grain,
        [.. input.Periods.Select(p => new WorkerPeriod(p.Ordinal, p.Label, p.Start, p.End))],
        [.. input.RowPeriods],
        input.RowDimensions is null ? null : [.. input.RowDimensions],
        [.. input.Columns.Select(c => new WorkerColumn(c.Name, c.Kind, c.Kind == MetricColumnKind.Number ? [.. c.Numbers] : null, c.Kind == MetricColumnKind.Text ? [.. c.Texts] : null))],
        new Dictionary<string, string>(input.Parameters, StringComparer.Ordinal));

    public static MetricInput FromWire(WorkerInput input) => new(
        input.Grain,
        [.. input.Periods.Select(p => new MetricPeriod(p.Ordinal, p.Label, p.Start, p.End))],
        input.RowPeriods.Length,
        input.RowPeriods,
        input.RowDimensions,
        input.Columns.Select(c => c.Kind == MetricColumnKind.Number
            ? MetricColumn.OfNumbers(c.Name, c.Numbers ?? [])
            : MetricColumn.OfTexts(c.Name, c.Texts ?? [])),
        input.Parameters);

    public static IReadOnlyList<WorkerValue> ToWire(MetricResult result) =>
    [
        .. result.Values.Select(v => new WorkerValue(v.Key.Output, v.Key.Period, v.Key.Dimension, v.Value.IsDefined ? v.Value.Number : null, v.Value.Reason)),
        .. result.CohortValues.Select(v => new WorkerValue(v.Key.Output, v.Key.Cohort, null, v.Value.IsDefined ? v.Value.Number : null, v.Value.Reason) { Age = v.Key.Age }),
    ];

    public static MetricResult FromWire(IEnumerable<WorkerValue> values)
    {
        var result = new MetricResult();
        foreach (var value in values)
        {
            // A defined NaN travels as "NaN" so the host can report it like an in-process one.
            var metricValue = value.Reason is null ? MetricValue.Of(value.Number ?? double.NaN) : MetricValue.Undefined(value.Reason);
            if (value.Age is { } age)
            {
                result.SetCohort(value.Output, value.Period, age, metricValue);
            }
            else
            {
                result.Set(value.Output, value.Period, value.Dimension, metricValue);
            }
        }

        return result;
    }

    public static WorkerPlugin ToWire(LoadedPluginInfo info) => new(
        info.Name,
        info.Version,
        info.ContractVersion,
        [.. info.Metrics.Select(m => new WorkerMetric(m.Name, m.Description, [.. m.Outputs], [.. m.Columns.Select(c => new WorkerColumnRequest(c.Name, c.Kind, c.Required, c.Description))])
        {
            Parameters = m.Parameters is null ? null : [.. m.Parameters.Select(p => new WorkerParameter(p.Name, p.Description, p.Minimum, p.ExclusiveMinimum, p.Maximum, p.WholeNumber, p.Required))],
            CohortOutputs = m.CohortOutputs is null ? null : [.. m.CohortOutputs],
        })],
        [.. info.Problems],
        info.IsContractMismatch);

    public static LoadedPluginInfo FromWire(WorkerPlugin plugin, string folder) => new(
        plugin.Name,
        plugin.Version,
        plugin.ContractVersion,
        folder,
        [.. plugin.Metrics.Select(m => new PluginMetricInfo(m.Name, m.Description, [.. m.Columns.Select(c => new MetricColumnRequest(c.Name, c.Kind, c.Required, c.Description))], m.Outputs)
        {
            Parameters = m.Parameters?.Select(p => new MetricParameter(p.Name, p.Description)
            {
                Minimum = p.Minimum,
                ExclusiveMinimum = p.ExclusiveMinimum,
                Maximum = p.Maximum,
                WholeNumber = p.WholeNumber,
                Required = p.Required,
            }).ToArray(),
            CohortOutputs = m.CohortOutputs,
        })],
        plugin.Problems,
        plugin.IsContractMismatch);
}

internal sealed record WorkerRequest(string Kind, string Folder, string? Plugin, string? Metric, WorkerInput? Input);

internal sealed record WorkerInput(
    string Grain,
    WorkerPeriod[] Periods,
    int[] RowPeriods,
    string?[]? RowDimensions,
    WorkerColumn[] Columns,
    Dictionary<string, string> Parameters);

internal sealed record WorkerPeriod(int Ordinal, string Label, DateOnly Start, DateOnly End);

internal sealed record WorkerColumn(string Name, MetricColumnKind Kind, double[]? Numbers, string?[]? Texts);

internal sealed record WorkerValue(string Output, int Period, string? Dimension, double? Number, string? Reason)
{
    /// <summary>For a cohort cell (contract 1.2): its age, <see cref="Period"/> being the cohort; null for a value of a period.</summary>
    public int? Age { get; init; }
}

internal sealed record WorkerColumnRequest(string Name, MetricColumnKind Kind, bool Required, string Description);

internal sealed record WorkerMetric(string Name, string Description, string[] Outputs, WorkerColumnRequest[] Columns)
{
    /// <summary>The declared parameters; null when the metric does not declare them.</summary>
    public WorkerParameter[]? Parameters { get; init; }

    /// <summary>The outputs given per cohort and age; null when the metric has none.</summary>
    public string[]? CohortOutputs { get; init; }
}

internal sealed record WorkerParameter(string Name, string Description, double? Minimum, bool ExclusiveMinimum, double? Maximum, bool WholeNumber, bool Required);

internal sealed record WorkerPlugin(string Name, string? Version, string? ContractVersion, WorkerMetric[] Metrics, string[] Problems, bool IsContractMismatch);

internal sealed record WorkerLogEntry(string Plugin, PluginLogLevel Level, string Message);

/// <summary>The worker's answer: plugins described, or values computed, or the metric's failure; plus anything the plugin logged.</summary>
internal sealed record WorkerResponse(WorkerPlugin[]? Plugins, WorkerValue[]? Values, string? Failure, WorkerLogEntry[] Log);
