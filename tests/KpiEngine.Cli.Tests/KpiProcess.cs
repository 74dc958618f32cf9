using System.Diagnostics;

namespace KpiEngine.Cli.Tests;

/// <summary>Runs the built <c>kpi</c> command as a separate process, the way a user or a script does.</summary>
internal static class KpiProcess
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public static KpiRun Run(string workingDirectory, params string[] arguments) => Run(workingDirectory, new Dictionary<string, string>(), arguments);

    /// <summary>Runs <c>kpi</c> with extra environment variables.</summary>
    public static KpiRun Run(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kpi.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kpi {string.Join(' ', arguments)} did not finish in 60 s.");
        }

        return new KpiRun(process.ExitCode, output.Result, error.Result);
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "KpiEngine.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("KpiEngine.sln not found above the test output folder.");
    }
}

internal sealed record KpiRun(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
