using System.Diagnostics;

namespace KpiEngine.Hosting.Tests;

/// <summary>samples/hosting/ScheduledKpiHost run as a user runs it, once, end to end.</summary>
public sealed class SampleHostTests
{
    [Fact]
    public void ScheduledHost_Once_PrintsTheLatestPeriodsValuesAndExitsZero()
    {
        var run = Sample("--client", EngineHost.Shop("shop.yaml"), "--plugins", EngineHost.TestPlugins, "--once");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains(lines, l => l.EndsWith(" shop Succeeded latest period 2026-03", StringComparison.Ordinal));
        // March (see EngineTests): one delivered order of 40.00 with 1 item; no traffic rows.
        Assert.Contains("  aov = 40", lines);
        Assert.Contains("  revenue_total = 40", lines);
        Assert.Contains("  avg_price = 40", lines);
        Assert.Contains("  conversion_rate = undefined (no data in dataset 'traffic' for 2026-03)", lines);
        // The host's log (Microsoft.Extensions.Logging console) goes to standard error, never among the values.
        Assert.Contains("Client shop: Succeeded", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ScheduledHost_ClientThatCannotRun_ExitsTwoWithThePositionedError()
    {
        var run = Sample("--client", EngineHost.Shop("broken.yaml"), "--once");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("broken.yaml(10,5): error", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ScheduledHost_BadInterval_IsAUsageError()
    {
        var run = Sample("--client", EngineHost.Shop("shop.yaml"), "--every", "soon");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--every 'soon' is not an interval", run.Error, StringComparison.Ordinal);
        Assert.Contains("usage: ScheduledKpiHost", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ScheduledHost_OnSchedule_EvaluatesEachTickAndStopsCleanlyOnSigterm()
    {
        using var process = new Process { StartInfo = Start("--client", EngineHost.Shop("shop.yaml"), "--plugins", EngineHost.TestPlugins, "--every", "00:00:01") };
        var output = new System.Text.StringBuilder();
        var error = new System.Text.StringBuilder();
        using var twoEvaluations = new CountdownEvent(2);
        process.OutputDataReceived += (_, line) =>
        {
            lock (output)
            {
                output.AppendLine(line.Data);
            }

            if (line.Data?.EndsWith(" shop Succeeded latest period 2026-03", StringComparison.Ordinal) == true && !twoEvaluations.IsSet)
            {
                twoEvaluations.Signal();
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            lock (error)
            {
                error.AppendLine(line.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // One evaluation at start, one a tick (1 s) later; then stop it as a service manager does.
        var evaluatedTwice = twoEvaluations.Wait(TimeSpan.FromSeconds(45));
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        var stopped = process.WaitForExit(30_000);
        if (!stopped)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
        var run = new ProcessRun(stopped ? process.ExitCode : -1, output.ToString(), error.ToString());
        Assert.True(evaluatedTwice, "no second evaluation on the schedule: " + run);
        Assert.True(stopped && run.ExitCode == 0, "the host did not stop cleanly on SIGTERM: " + run);
    }

    private static ProcessRun Sample(params string[] arguments) => ChildProcess.Run(Start(arguments), TimeSpan.FromSeconds(60));

    private static ProcessStartInfo Start(params string[] arguments)
    {
        // The test runs from tests/KpiEngine.Hosting.Tests/bin/<Configuration>/net10.0/; the sample was built with the same configuration.
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = output.Parent!.Name;
        var root = output.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var sample = Path.Combine(root, "samples", "hosting", "ScheduledKpiHost", "bin", configuration, "net10.0", "ScheduledKpiHost.dll");
        return ChildProcess.Start("dotnet", null, [sample, .. arguments]);
    }
}
