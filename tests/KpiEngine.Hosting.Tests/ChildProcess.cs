using System.Diagnostics;

namespace KpiEngine.Hosting.Tests;

/// <summary>Runs a program as a user's shell does, capturing what it prints; for the sample host, dotnet and the packed tool.</summary>
internal static class ChildProcess
{
    public static ProcessStartInfo Start(string program, string? workingDirectory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory ?? string.Empty,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        return start;
    }

    /// <summary>Runs to the end, or kills it (and its children) after <paramref name="timeout"/>.</summary>
    public static ProcessRun Run(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish in {timeout.TotalSeconds} s.");
        }

        return new ProcessRun(process.ExitCode, output.Result, error.Result);
    }
}

internal sealed record ProcessRun(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
