using System.Diagnostics;
using System.Globalization;

namespace KpiEngine.Bench.Startup;

/// <summary>
/// Starts a command several times and measures the time from starting the process to the first
/// byte it writes (stdout or stderr) and to its exit: what a user waits for on a small client.
/// </summary>
internal static class FirstOutputTimer
{
    public static int Run(IReadOnlyList<string> command, int repeat, TextWriter output, TextWriter error)
    {
        if (command.Count == 0)
        {
            throw new UsageException("first-output needs a command after --");
        }

        var firsts = new List<double>();
        var exits = new List<double>();
        for (var i = 0; i < Math.Max(1, repeat); i++)
        {
            var info = new ProcessStartInfo(command[0])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in command.Skip(1))
            {
                info.ArgumentList.Add(argument);
            }

            var clock = Stopwatch.StartNew();
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {command[0]}");
            var firstByte = new TaskCompletionSource<double>();
            var drains = new[] { process.StandardOutput.BaseStream, process.StandardError.BaseStream }
                .Select(stream => Task.Run(() => Drain(stream, clock, firstByte)))
                .ToArray();
            process.WaitForExit();
            Task.WaitAll(drains);
            var exit = clock.Elapsed.TotalMilliseconds;
            if (process.ExitCode != 0)
            {
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first-output: the command exited with {process.ExitCode}"));
                return 1;
            }

            firsts.Add(firstByte.Task.IsCompleted ? firstByte.Task.Result : exit);
            exits.Add(exit);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"first output: median {Median(firsts):F0} ms (min {firsts.Min():F0}); exit: median {Median(exits):F0} ms over {firsts.Count} runs"));
        return 0;
    }

    private static void Drain(Stream stream, Stopwatch clock, TaskCompletionSource<double> firstByte)
    {
        var buffer = new byte[4096];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            firstByte.TrySetResult(clock.Elapsed.TotalMilliseconds);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
