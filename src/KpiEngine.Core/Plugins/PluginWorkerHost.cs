using System.Text.Json;
using KpiEngine.Abstractions;

namespace KpiEngine.Plugins;

/// <summary>
/// The worker side of isolated plugins: <c>KpiEngine.PluginWorker &lt;request.json&gt; &lt;response.json&gt;</c>
/// loads one plugin folder, describes it or runs one metric, and writes the response. Whatever
/// the plugin does to this process (hang, exit, crash) cannot reach the host.
/// </summary>
internal static class PluginWorkerHost
{
    /// <summary>Runs one request; returns the process exit code (0 when a response was written).</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        if (args.Count != 2)
        {
            Console.Error.WriteLine("usage: KpiEngine.PluginWorker <request.json> <response.json>");
            return 2;
        }

        var request = JsonSerializer.Deserialize<WorkerRequest>(File.ReadAllText(args[0]), WorkerProtocol.Json)
            ?? throw new InvalidDataException("The worker request is empty.");
        var response = Handle(request);
        var temporary = args[1] + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(response, WorkerProtocol.Json));
        File.Move(temporary, args[1], overwrite: true);
        return 0;
    }

    internal static WorkerResponse Handle(WorkerRequest request)
    {
        var log = new List<WorkerLogEntry>();
        var plugins = PluginLoader.Load(request.Folder, TimeProvider.System, (plugin, level, message) =>
        {
            lock (log)
            {
                log.Add(new WorkerLogEntry(plugin, level, message));
            }
        });

        if (request.Kind == WorkerProtocol.Describe)
        {
            return new WorkerResponse([.. plugins.Select(p => WorkerProtocol.ToWire(p.Info))], null, null, [.. log]);
        }

        var plugin = plugins.FirstOrDefault(p => p.Info.Name == request.Plugin);
        if (plugin is null || !plugin.Info.IsLoaded || request.Metric is null || request.Input is null
            || !plugin.Metrics.TryGetValue(request.Metric, out var metric))
        {
            var why = plugin is null ? "it is not in the folder" : string.Join("; ", plugin.Info.Problems.DefaultIfEmpty("the metric is missing"));
            return new WorkerResponse(null, null, $"plugin '{request.Plugin}' could not be loaded in the worker: {why}", [.. log]);
        }

        // Only what the plugin logs while computing: its load-time messages were reported when it was described.
        int loadMessages;
        lock (log)
        {
            loadMessages = log.Count;
        }

        try
        {
            var result = metric.Compute(WorkerProtocol.FromWire(request.Input), CancellationToken.None);
            return result is null
                ? new WorkerResponse(null, null, "the metric returned no result (null)", ComputeLog())
                : new WorkerResponse(null, [.. WorkerProtocol.ToWire(result)], null, ComputeLog());
        }
#pragma warning disable CA1031 // Plugin code can throw anything; it is reported, not propagated.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new WorkerResponse(null, null, PluginLoader.Describe(ex), ComputeLog());
        }

        WorkerLogEntry[] ComputeLog()
        {
            lock (log)
            {
                return [.. log.Skip(loadMessages)];
            }
        }
    }
}
