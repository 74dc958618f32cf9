using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// The output and command-line classes of the hostile-input review, run as a user runs kpi:
/// outputs never clobber what is not a regular file, a failed run never replaces an output,
/// malformed option values are usage errors, extreme numbers print as numbers, plugins cannot
/// write into machine output, and text from data cannot drive the terminal.
/// Each test works in its own temporary folder with a copy of TestData/tiny-shop.
/// </summary>
public sealed class OutputSafetyEndToEndTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("kpi-out-e2e-");

    public OutputSafetyEndToEndTests()
    {
        foreach (var file in Directory.EnumerateFiles(KpiProcess.TestData("tiny-shop")))
        {
            File.Copy(file, Path.Combine(Work, Path.GetFileName(file)));
        }
    }

    private string Work => _work.FullName;

    private static string TestPlugins => Path.Combine(AppContext.BaseDirectory, "TestPlugins");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public void Run_OutToFifo_IsRefusedWithoutHangingAndTheFifoIsUntouched()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fifo = Path.Combine(Work, "out.json");
        MakeFifo(fifo);

        var run = KpiProcess.Run(Work, "run", "tiny-shop.yaml", "--format", "json", "--out", "out.json");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("out.json: error KPI5010: 'out.json' is a named pipe (FIFO), not a regular file", run.Error, StringComparison.Ordinal);
        Assert.Contains("'--out -'", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
        Assert.DoesNotContain("Wrote", run.Error, StringComparison.Ordinal);
        Assert.Equal("p", Kind(fifo));
        Assert.Empty(Directory.EnumerateFiles(Work, ".out.json*"));
    }

    [Fact]
    public void Run_OutToASymbolicLink_IsRefusedAndNeitherTheLinkNorItsTargetChanges()
    {
        var target = Path.Combine(Work, "report.json");
        File.WriteAllText(target, "{ \"previous\": true }");
        var link = Path.Combine(Work, "latest.json");
        File.CreateSymbolicLink(link, target);

        var run = KpiProcess.Run(Work, "run", "tiny-shop.yaml", "--format", "json", "--out", "latest.json");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith($"latest.json: error KPI5010: 'latest.json' is a symbolic link (to '{target}')", run.Error, StringComparison.Ordinal);
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal("{ \"previous\": true }", File.ReadAllText(target));
    }

    [Theory]
    [InlineData("/dev/stdout", "is a symbolic link")]
    [InlineData("/dev/null", "is a character device, not a regular file")]
    public void Run_OutToASystemSpecialFile_IsRefusedBeforeRunning(string path, string expected)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var run = KpiProcess.Run(Work, "run", "tiny-shop.yaml", "--format", "csv", "--out", path);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith($"{path}: error KPI5010: '{path}' {expected}", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
        Assert.Equal(path == "/dev/null" ? "c" : "l", Kind(path));
    }

    [Fact]
    public void Run_OutDash_WritesToStandardOutputAndNoFileNamedDash()
    {
        var run = KpiProcess.Run(Work, "run", "tiny-shop.yaml", "--format", "csv", "--out", "-");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("client,kpi,period,value,reason,unit,partial,status", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Work, "-")));
    }

    [Fact]
    public void Batch_OutDirThatIsAFile_IsRefusedAndTheFileIsUntouched()
    {
        File.WriteAllText(Path.Combine(Work, "out"), "a file");

        var run = KpiProcess.Run(Work, "run", "tiny-shop.yaml", "--out-dir", "out");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("error KPI5010: '" + Path.Combine(Work, "out") + "' is a regular file, not a folder", run.Error, StringComparison.Ordinal);
        Assert.Equal("a file", File.ReadAllText(Path.Combine(Work, "out")));
    }

    [Fact]
    public void Run_EveryClientFails_OutKeepsItsPreviousContentAndSaysSo()
    {
        var report = Path.Combine(Work, "report.csv");
        File.WriteAllText(report, "previous,good,report\n");

        var run = KpiProcess.Run(Work, "run", "broken.yaml", "--format", "csv", "--out", "report.csv");

        // Exit 2, could not run: nothing to write, so the previous file stays (no header-only file, no "Wrote").
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("report.csv: warning KPI5011: not written, because no client could be run; the file is as it was before.", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Wrote", run.Error, StringComparison.Ordinal);
        Assert.Equal("previous,good,report\n", File.ReadAllText(report));
    }

    [Fact]
    public void Run_SomeValuesUndefinedOrRowsBad_OutIsStillWrittenWithExit1()
    {
        File.WriteAllText(Path.Combine(Work, "report.csv"), "previous\n");

        var run = KpiProcess.Run(Work, "run", "ragged-shop.yaml", "--format", "csv", "--out", "report.csv");

        // Exit 1, the run finished with problems: its result is written, and says which values are undefined.
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("Wrote report.csv", run.Error, StringComparison.Ordinal);
        Assert.StartsWith("client,kpi,period", File.ReadAllText(Path.Combine(Work, "report.csv")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--parallel", "abc", "--parallel must be a whole number from 1 to 1024, not 'abc'.")]
    [InlineData("--parallel", "2.5", "--parallel must be a whole number from 1 to 1024, not '2.5'.")]
    [InlineData("--parallel", "99999999999999999999", "--parallel must be a whole number from 1 to 1024, not '99999999999999999999'.")]
    [InlineData("--parallel", "0", "--parallel must be a whole number from 1 to 1024, not '0'.")]
    [InlineData("--plugin-timeout", "abc", "--plugin-timeout must be a number of seconds from 0.1 to 86400, not 'abc'.")]
    [InlineData("--plugin-timeout", "NaN", "--plugin-timeout must be a number of seconds from 0.1 to 86400, not 'NaN'.")]
    [InlineData("--plugin-timeout", "1e400", "--plugin-timeout must be a number of seconds from 0.1 to 86400, not '1e400'.")]
    [InlineData("--plugin-timeout", "1e-300", "--plugin-timeout must be a number of seconds from 0.1 to 86400, not '1e-300'.")]
    [InlineData("--out", "", "--out needs a path, not an empty value.")]
    [InlineData("--plugins", "", "--plugins needs a path, not an empty value.")]
    [InlineData("--out-dir", "", "--out-dir needs a path, not an empty value.")]
    public void Run_MalformedOptionValue_IsAUsageErrorWithExit2AndNoStackTrace(string option, string value, string message)
    {
        var run = KpiProcess.Run(Work, option == "--out-dir" ? ["run", "tiny-shop.yaml", option, value] : ["run", "tiny-shop.yaml", "--out-dir", "out", option, value]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith($"error KPI5001: {message}", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Work, "out")));
    }

    [Theory]
    [InlineData("list", "plugins", "--plugin-timeout", "NaN")]
    [InlineData("validate", "tiny-shop.yaml", "--plugins", "")]
    [InlineData("run", "")]
    [InlineData("goals", "")]
    public void OtherCommands_MalformedValue_IsAUsageErrorWithExit2(params string[] arguments)
    {
        var run = KpiProcess.Run(Work, arguments);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("error KPI5001: ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ValuesAtTheEdgeOfTheDoubleRange_PrintAsNumbersInJsonCsvAndTable()
    {
        File.WriteAllText(Path.Combine(Work, "edges.yaml"), """
            client: edges
            use: [huge, negative, tiny]
            datasets:
              orders: { path: orders.csv, time: ordered_at }
            inputs:
              orders: { dataset: orders, formula: "Count()" }
            kpis:
              - { id: huge, unit: count, direction: higher, formula: "[orders] * 0 + 1.7976931348623157e308" }
              - { id: negative, unit: currency, direction: higher, formula: "[orders] * 0 - 1.7976931348623157e308" }
              - { id: tiny, unit: number, direction: higher, formula: "[orders] * 0 + 4.9406564584124654e-324" }
            """);

        var json = KpiProcess.Run(Work, "run", "edges.yaml", "--format", "json");
        var csv = KpiProcess.Run(Work, "run", "edges.yaml", "--format", "csv");
        var table = KpiProcess.Run(Work, "run", "edges.yaml");

        Assert.True(json.ExitCode == 0, json.ToString());
        using var document = JsonDocument.Parse(json.Output);
        var values = document.RootElement.GetProperty("clients")[0].GetProperty("results").EnumerateArray()
            .ToLookup(r => r.GetProperty("kpi").GetString(), r => r.GetProperty("value").GetDouble());
        Assert.All(values["huge"], v => Assert.Equal(double.MaxValue, v));
        Assert.All(values["negative"], v => Assert.Equal(-double.MaxValue, v));
        Assert.All(values["tiny"], v => Assert.Equal(double.Epsilon, v));
        Assert.True(csv.ExitCode == 0, csv.ToString());
        Assert.Contains("edges,huge,2026-02,1.7976931348623157E+308,,count,false,", csv.Output, StringComparison.Ordinal);
        Assert.Contains("edges,tiny,2026-02,5E-324,,number,false,", csv.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", csv.Output, StringComparison.Ordinal);
        Assert.All(csv.Output.Split("\r\n").Skip(1).Where(l => l.Length > 0), line =>
            Assert.True(double.IsFinite(double.Parse(line.Split(',')[3], CultureInfo.InvariantCulture)), line));
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains(" -1.7976931348623157E+308 ", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_PluginWritingToTheConsole_CannotCorruptJsonOnStandardOutput()
    {
        WriteChattyClient();

        var run = KpiProcess.Run(Work, "run", "chatty.yaml", "--format", "json", "--plugins", TestPlugins);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.Output);
        Assert.Equal(7, document.RootElement.GetProperty("clients")[0].GetProperty("results")[0].GetProperty("value").GetDouble());
        // What the plugin wrote goes to standard error, where diagnostics go.
        Assert.Contains("chatty: Register ran in kpi", run.Error, StringComparison.Ordinal);
        Assert.Contains("{\"chatty\": not json,", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WithIsolatePlugins_RunsNoPluginCodeInProcess()
    {
        WriteChattyClient();

        var inProcess = KpiProcess.Run(Work, "validate", "chatty.yaml", "--plugins", TestPlugins);
        var isolated = KpiProcess.Run(Work, "validate", "chatty.yaml", "--plugins", TestPlugins, "--isolate-plugins");

        // Without isolation Register runs in kpi (and its console text is kept off standard output).
        Assert.True(inProcess.ExitCode == 0, inProcess.ToString());
        Assert.Contains("chatty: Register ran in kpi", inProcess.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("chatty:", inProcess.Output, StringComparison.Ordinal);
        // Isolated, the worker process describes the plugin; the metric is still checked against it.
        Assert.True(isolated.ExitCode == 0, isolated.ToString());
        Assert.DoesNotContain("Register ran in kpi", isolated.Output + isolated.Error, StringComparison.Ordinal);
        Assert.Contains("1 file checked: 0 errors", isolated.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_EscapeSequencesFromYamlAndData_ArePrintedVisiblyNotSentToTheTerminal()
    {
        // A name with ESC [2J (clear screen) and an OSC title change; a data cell with ESC in a ragged row, which KPI3004 quotes.
        File.WriteAllText(Path.Combine(Work, "esc.yaml"), File.ReadAllText(Path.Combine(Work, "tiny-shop.yaml"))
            .Replace("name: Tiny Shop", "name: \"Tiny \\e[2J\\e]0;owned\\a Shop\"", StringComparison.Ordinal)
            .Replace("path: orders.csv", "path: esc-orders.csv", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(Work, "esc-orders.csv"), File.ReadAllText(Path.Combine(Work, "orders.csv")) + "A9,2026-03-16,\u001b[31mred,1,1,extra\n");

        var table = KpiProcess.Run(Work, "run", "esc.yaml");
        var validate = KpiProcess.Run(Work, "validate", "esc.yaml");

        Assert.True(table.ExitCode == 1, table.ToString());
        Assert.DoesNotContain('\u001b', table.Output + table.Error);
        Assert.DoesNotContain('\u0007', table.Output + table.Error);
        Assert.Contains(@"Tiny \x1B[2J\x1B]0;owned\x07 Shop", table.Output, StringComparison.Ordinal);
        Assert.Contains(@"\x1B[31mred", table.Error, StringComparison.Ordinal);
        Assert.True(validate.ExitCode == 0, validate.ToString());
        Assert.DoesNotContain('\u001b', validate.Output + validate.Error);
    }

    [Fact]
    public void Run_EscapeInANameAsJson_IsEscapedByJsonAndReadsBackExactly()
    {
        File.WriteAllText(Path.Combine(Work, "esc.yaml"), File.ReadAllText(Path.Combine(Work, "tiny-shop.yaml"))
            .Replace("  - id: aov\n    name: Average order value", "  - id: aov\n    name: \"Average \\e[1m order value\"", StringComparison.Ordinal));

        var json = KpiProcess.Run(Work, "run", "esc.yaml", "--format", "json");

        // Machine output is data: JSON escapes the control character itself, so a reader gets the name back exactly.
        Assert.True(json.ExitCode == 0, json.ToString());
        using var document = JsonDocument.Parse(json.Output);
        Assert.Equal("Average \u001b[1m order value", document.RootElement.GetProperty("clients")[0].GetProperty("results")[0].GetProperty("name").GetString());
    }

    private void WriteChattyClient() => File.WriteAllText(Path.Combine(Work, "chatty.yaml"), """
        # The chatty test plugin's metric is 7 in every period, and it writes to the console.
        client: chatty
        datasets:
          orders: { path: orders.csv, time: ordered_at }
        kpis:
          - { id: seven, unit: number, direction: higher, dataset: orders, plugin: chatty/value }
        """);

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    /// <summary>The first letter of <c>ls -ld</c>: p for a FIFO, c for a character device, l for a link, - for a file.</summary>
    private static string Kind(string path)
    {
        using var ls = Process.Start(new ProcessStartInfo("ls", ["-ld", path]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var line = ls.StandardOutput.ReadToEnd();
        ls.WaitForExit();
        return line[..1];
    }
}
