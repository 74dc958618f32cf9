using System.Diagnostics;
using System.Text;
using System.Text.Json;
using KpiEngine.Diagnostics;

namespace KpiEngine.Plugins;

/// <summary>A plugin run that failed in a way the host reports with <see cref="Descriptor"/>.</summary>
internal sealed class PluginRunException : Exception
{
    public PluginRunException(DiagnosticDescriptor descriptor, string message, Exception? inner = null)
        : base(message, inner) => Descriptor = descriptor;

    public PluginRunException()
        : this(DiagnosticCatalog.PluginWorkerFailed, "plugin run failed")
    {
    }

    public PluginRunException(string message)
        : this(DiagnosticCatalog.PluginWorkerFailed, message)
    {
    }

    public PluginRunException(string message, Exception inner)
        : this(DiagnosticCatalog.PluginWorkerFailed, message, inner)
    {
    }

    public DiagnosticDescriptor Descriptor { get; }
}

/// <summary>
/// The host side of isolated plugins: starts <c>KpiEngine.PluginWorker</c> for one request,
/// waits at most the timeout, kills it (with its children) when it overruns, and reads the
/// response file. Any way the worker can fail becomes a <see cref="PluginRunException"/>.
/// </summary>
internal static class PluginWorkerProcess
{
    public const string WorkerAssemblyName = "KpiEngine.PluginWorker";

    /// <summary>The worker assembly: the configured path, or next to the application.</summary>
    public static string ResolveWorker(PluginHostOptions options) =>
        options.WorkerPath ?? Path.Combine(AppContext.BaseDirectory, WorkerAssemblyName + ".dll");

    public static WorkerResponse Run(WorkerRequest request, string pluginName, PluginHostOptions options, CancellationToken cancellationToken)
    {
        var worker = ResolveWorker(options);
        if (!File.Exists(worker))
        {
            throw new PluginRunException(DiagnosticCatalog.PluginWorkerFailed, $"plugin '{pluginName}' cannot run isolated: the worker {worker} is missing (it is built with KpiEngine.PluginWorker)");
        }

        var directory = Directory.CreateTempSubdirectory("kpi-plugin-");
        try
        {
            var requestPath = Path.Combine(directory.FullName, "request.json");
            var responsePath = Path.Combine(directory.FullName, "response.json");
            File.WriteAllText(requestPath, JsonSerializer.Serialize(request, WorkerProtocol.Json));
            var exitCode = Execute(worker, requestPath, responsePath, pluginName, options.Timeout, cancellationToken, out var errorTail);
            if (!File.Exists(responsePath))
            {
                var detail = string.IsNullOrWhiteSpace(errorTail) ? string.Empty : $": {errorTail.Trim()}";
                throw new PluginRunException(DiagnosticCatalog.PluginWorkerFailed, $"plugin '{pluginName}' ended its worker process (exit code {exitCode}) without an answer{detail}");
            }

            return JsonSerializer.Deserialize<WorkerResponse>(File.ReadAllText(responsePath), WorkerProtocol.Json)
                ?? throw new PluginRunException(DiagnosticCatalog.PluginWorkerFailed, $"plugin '{pluginName}': the worker's answer is empty");
        }
        catch (JsonException ex)
        {
            throw new PluginRunException(DiagnosticCatalog.PluginWorkerFailed, $"plugin '{pluginName}': the worker's answer is not valid ({ex.Message})", ex);
        }
        finally
        {
            try
            {
                directory.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A killed worker may still hold a file for a moment; the temp folder is cleaned by the OS.
            }
        }
    }

    private static int Execute(string worker, string requestPath, string responsePath, string pluginName, TimeSpan timeout, CancellationToken cancellationToken, out string errorTail)
    {
        var start = StartInfo(worker);
        start.ArgumentList.Add(requestPath);
        start.ArgumentList.Add(responsePath);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.CreateNoWindow = true;

        using var process = new Process { StartInfo = start };
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                if (e.Data is not null && errors.Length < 4000)
                {
                    errors.AppendLine(e.Data);
                }
            }
        };

        // Plugins may write to the console; drain it so a full pipe cannot block the worker.
        process.OutputDataReceived += (_, _) => { };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new PluginRunException(DiagnosticCatalog.PluginWorkerFailed, $"plugin '{pluginName}': the worker process could not start ({ex.Message})", ex);
        }

        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            process.WaitForExitAsync(deadline.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            var why = cancellationToken.IsCancellationRequested
                ? "the run was cancelled"
                : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"it did not finish within {timeout.TotalSeconds:0.###} s");
            throw new PluginRunException(DiagnosticCatalog.PluginWorkerFailed, $"plugin '{pluginName}' was stopped in its worker process: {why}");
        }

        process.WaitForExit();
        lock (errors)
        {
            errorTail = errors.ToString();
        }

        return process.ExitCode;
    }

    /// <summary>Runs the worker with the same <c>dotnet</c> host as this process when there is one, else its own launcher.</summary>
    private static ProcessStartInfo StartInfo(string worker)
    {
        var host = Environment.ProcessPath;
        if (host is null || !Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        }

        if (host is null)
        {
            var launcher = Path.ChangeExtension(worker, OperatingSystem.IsWindows() ? ".exe" : null);
            if (File.Exists(launcher))
            {
                return new ProcessStartInfo(launcher);
            }

            host = "dotnet";
        }

        var start = new ProcessStartInfo(host);
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(worker);
        return start;
    }
}
