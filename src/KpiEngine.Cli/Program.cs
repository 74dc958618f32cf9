namespace KpiEngine.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        var output = Console.Out;

        // Plugins run in this process can write to the console. Standard output carries JSON and
        // CSV, so Console.Out is pointed at standard error for everyone else: kpi itself writes
        // its results only through `output`. (Plugin code that opens the raw standard output
        // stream is beyond this; --isolate-plugins runs plugins in a worker whose output is captured.)
        Console.SetOut(Console.Error);
        return CliApplication.Run(args, output, Console.Error, interactive: !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null);
    }
}
