namespace KpiEngine.Cli;

internal static class Program
{
    public static int Main(string[] args) =>
        CliApplication.Run(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null);
}
