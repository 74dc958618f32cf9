using System.CommandLine;

namespace KpiEngine.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("kpi: evaluate client KPI sets written in YAML against their datasets.");
        return root.Parse(args).Invoke();
    }
}
