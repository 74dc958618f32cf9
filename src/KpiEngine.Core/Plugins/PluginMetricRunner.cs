using KpiEngine.Abstractions;
using KpiEngine.Diagnostics;

namespace KpiEngine.Plugins;

/// <summary>Runs one plugin metric, in this process or in a worker.</summary>
internal interface IPluginMetricRunner
{
    /// <summary>Computes; throws <see cref="PluginRunException"/> or whatever the plugin threw.</summary>
    MetricResult Run(MetricInput input, CancellationToken cancellationToken);
}

/// <summary>Calls the metric directly: fast, but a plugin that hangs or exits takes this process with it.</summary>
internal sealed class InProcessMetricRunner(IPluginMetric metric) : IPluginMetricRunner
{
    public MetricResult Run(MetricInput input, CancellationToken cancellationToken) =>
        metric.Compute(input, cancellationToken)
            ?? throw new PluginRunException(DiagnosticCatalog.PluginMetricThrew, "the metric returned no result (null)");
}

/// <summary>Sends the input to a worker process that loads the plugin folder and runs the metric there.</summary>
internal sealed class WorkerMetricRunner(
    string folder,
    string plugin,
    string metric,
    PluginHostOptions options,
    Action<string, PluginLogLevel, string> log) : IPluginMetricRunner
{
    public MetricResult Run(MetricInput input, CancellationToken cancellationToken)
    {
        var request = new WorkerRequest(WorkerProtocol.Compute, folder, plugin, metric, WorkerProtocol.ToWire(input));
        var response = PluginWorkerProcess.Run(request, plugin, options, cancellationToken);
        foreach (var entry in response.Log)
        {
            log(entry.Plugin, entry.Level, entry.Message);
        }

        if (response.Failure is { } failure)
        {
            throw new PluginRunException(DiagnosticCatalog.PluginMetricThrew, failure);
        }

        return WorkerProtocol.FromWire(response.Values ?? []);
    }
}
