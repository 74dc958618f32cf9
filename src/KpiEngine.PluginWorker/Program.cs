using KpiEngine.Plugins;

namespace KpiEngine.PluginWorker;

internal static class Program
{
    public static int Main(string[] args) => PluginWorkerHost.Run(args);
}
