using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KpiEngine.Cli.Tests;

/// <summary>
/// Opens a page in headless Chromium through the DevTools protocol and reports what a user's browser
/// would see: the boxes the SVG charts were laid out in, console errors and exceptions, every network
/// request, and a full-page screenshot. One browser process per visit, with its own profile folder.
/// </summary>
internal static class HeadlessChromium
{
    /// <summary>Where a test learns why it did not run: no browser was found.</summary>
    public const string Missing = "No Chromium found (looked for $KPI_CHROMIUM, chromium, chromium-browser, google-chrome on PATH): install it with 'apt-get install chromium' to run the browser tests. On CI (CI=true) these tests fail instead of skipping.";

    /// <summary>Why a browser test does not run: <see cref="Missing"/> without a browser, except on CI (CI=true), where it runs and fails; null when it runs.</summary>
    public static string? SkipReason =>
        Find() is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase) ? Missing : null;

    /// <summary>The browser's executable, or null when none is installed.</summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("KPI_CHROMIUM") is { Length: > 0 } given && File.Exists(given))
        {
            return given;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return (from folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                from name in new[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" }
                let candidate = Path.Combine(folder, name)
                where File.Exists(candidate)
                select candidate).FirstOrDefault();
    }

    /// <summary>
    /// Loads <paramref name="file"/> in a window of the given size, waits for the load event, and reports what happened;
    /// with <paramref name="print"/>, also prints the page as the browser's print dialog would (A4 from the page's
    /// <c>@page</c> rule, backgrounds on) after running the print's <see cref="PrintRequest.Script"/> in the page.
    /// </summary>
    public static async Task<PageVisit> VisitAsync(string file, int width, int height, string? screenshot = null, PrintRequest? print = null)
    {
        var executable = Find() ?? throw new InvalidOperationException(Missing);
        var profile = Directory.CreateTempSubdirectory("kpi-chromium-");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-sync", "--disable-component-update", "--hide-scrollbars", "--mute-audio",
            "--remote-debugging-port=0", $"--user-data-dir={profile.FullName}", $"--window-size={width},{height}", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var browser = Process.Start(start)!;
        _ = browser.StandardOutput.ReadToEndAsync();
        _ = browser.StandardError.ReadToEndAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            var endpoint = await DevToolsEndpoint(profile.FullName, browser, timeout.Token);
            await using var session = await DevToolsSession.ConnectAsync(endpoint, timeout.Token);
            return await session.VisitAsync(new Uri(Path.GetFullPath(file)).AbsoluteUri, width, height, screenshot, print, timeout.Token);
        }
        finally
        {
            if (!browser.HasExited)
            {
                browser.Kill(entireProcessTree: true);
                await browser.WaitForExitAsync();
            }

            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A profile file still held by a dying child process: the temporary folder is cleaned by the system.
            }
        }
    }

    /// <summary>The browser writes its port and path to DevToolsActivePort in the profile folder once it listens.</summary>
    private static async Task<Uri> DevToolsEndpoint(string profile, Process browser, CancellationToken cancellationToken)
    {
        var file = Path.Combine(profile, "DevToolsActivePort");
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (browser.HasExited)
            {
                throw new InvalidOperationException($"Chromium exited with code {browser.ExitCode} before it listened for DevTools.");
            }

            if (File.Exists(file) && (await File.ReadAllLinesAsync(file, cancellationToken)) is [var port, var path, ..] && port.Length > 0)
            {
                return new Uri($"ws://127.0.0.1:{port}{path}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>One DevTools connection to the browser, attached to one page.</summary>
    private sealed class DevToolsSession : IAsyncDisposable
    {
        private static readonly JsonSerializerOptions CaseInsensitive = new() { PropertyNameCaseInsensitive = true };

        private readonly ClientWebSocket _socket = new();
        private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
        private readonly List<JsonObject> _events = [];
        private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _stop = new();
        private Task _reader = Task.CompletedTask;
        private int _next;

        public static async Task<DevToolsSession> ConnectAsync(Uri endpoint, CancellationToken cancellationToken)
        {
            var session = new DevToolsSession();
            session._socket.Options.KeepAliveInterval = TimeSpan.Zero;
            await session._socket.ConnectAsync(endpoint, cancellationToken);
            session._reader = Task.Run(session.ReadAsync, CancellationToken.None);
            return session;
        }

        public async Task<PageVisit> VisitAsync(string url, int width, int height, string? screenshot, PrintRequest? print, CancellationToken cancellationToken)
        {
            var target = await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, null, cancellationToken);
            var attached = await SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, null, cancellationToken);
            var session = attached["sessionId"]!.GetValue<string>();
            foreach (var domain in new[] { "Page.enable", "Runtime.enable", "Log.enable", "Network.enable" })
            {
                await SendAsync(domain, [], session, cancellationToken);
            }

            await SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false }, session, cancellationToken);
            await SendAsync("Page.navigate", new JsonObject { ["url"] = url }, session, cancellationToken);
            await _loaded.Task.WaitAsync(cancellationToken);
            // Late console messages and requests (a lazy image, a font) come right after the load event.
            await Task.Delay(500, cancellationToken);

            const string boxes = """
                JSON.stringify([...document.querySelectorAll('svg')].map(s => {
                  const r = s.getBoundingClientRect();
                  return { cls: s.getAttribute('class') || '', width: r.width, height: r.height,
                           viewWidth: s.viewBox.baseVal ? s.viewBox.baseVal.width : 0, viewHeight: s.viewBox.baseVal ? s.viewBox.baseVal.height : 0,
                           shapes: s.querySelectorAll('path, line, polyline, rect, circle, text').length };
                }))
                """;
            var evaluated = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = boxes, ["returnByValue"] = true }, session, cancellationToken);
            var svgs = JsonSerializer.Deserialize<List<SvgBox>>(evaluated["result"]!["value"]!.GetValue<string>(), CaseInsensitive)!;

            if (screenshot is not null)
            {
                var metrics = await SendAsync("Page.getLayoutMetrics", [], session, cancellationToken);
                var size = metrics["cssContentSize"]!;
                var shot = await SendAsync("Page.captureScreenshot", new JsonObject
                {
                    ["format"] = "png",
                    ["captureBeyondViewport"] = true,
                    ["clip"] = new JsonObject { ["x"] = 0, ["y"] = 0, ["width"] = size["width"]!.GetValue<double>(), ["height"] = Math.Min(size["height"]!.GetValue<double>(), 16_000), ["scale"] = 1 },
                }, session, cancellationToken);
                await File.WriteAllBytesAsync(screenshot, Convert.FromBase64String(shot["data"]!.GetValue<string>()), cancellationToken);
            }

            if (print is not null)
            {
                await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = print.Script, ["returnByValue"] = true }, session, cancellationToken);
                var pdf = await SendAsync("Page.printToPDF", new JsonObject { ["printBackground"] = true, ["preferCSSPageSize"] = true }, session, cancellationToken);
                await File.WriteAllBytesAsync(print.Pdf, Convert.FromBase64String(pdf["data"]!.GetValue<string>()), cancellationToken);
            }

            List<JsonObject> events;
            lock (_events)
            {
                events = [.. _events];
            }

            var errors = new List<string>();
            var requests = new List<string>();
            foreach (var message in events)
            {
                var parameters = message["params"]!;
                switch (message["method"]!.GetValue<string>())
                {
                    case "Runtime.consoleAPICalled" when parameters["type"]!.GetValue<string>() is "error" or "assert":
                        errors.Add("console: " + parameters["args"]!.ToJsonString());
                        break;
                    case "Runtime.exceptionThrown":
                        errors.Add("exception: " + parameters["exceptionDetails"]!.ToJsonString());
                        break;
                    case "Log.entryAdded" when parameters["entry"]!["level"]!.GetValue<string>() == "error":
                        errors.Add("log: " + parameters["entry"]!["text"]!.GetValue<string>() + " " + parameters["entry"]!["url"]?.GetValue<string>());
                        break;
                    case "Network.requestWillBeSent" when parameters["request"]!["url"]!.GetValue<string>() != url:
                        requests.Add(parameters["request"]!["url"]!.GetValue<string>());
                        break;
                }
            }

            return new PageVisit(svgs, errors, requests);
        }

        private async Task<JsonObject> SendAsync(string method, JsonObject parameters, string? session, CancellationToken cancellationToken)
        {
            var id = Interlocked.Increment(ref _next);
            var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
            if (session is not null)
            {
                message["sessionId"] = session;
            }

            var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[id] = answer;
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken);
            var reply = await answer.Task.WaitAsync(cancellationToken);
            if (reply["error"] is { } error)
            {
                throw new InvalidOperationException($"DevTools {method} failed: {error.ToJsonString()}");
            }

            return reply["result"]!.AsObject();
        }

        private async Task ReadAsync()
        {
            var buffer = new byte[1 << 16];
            using var text = new MemoryStream();
            try
            {
                while (_socket.State == WebSocketState.Open)
                {
                    var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        break;
                    }

                    text.Write(buffer, 0, received.Count);
                    if (!received.EndOfMessage)
                    {
                        continue;
                    }

                    var message = JsonNode.Parse(text.ToArray())!.AsObject();
                    text.SetLength(0);
                    if (message["id"] is { } id && _pending.TryRemove(id.GetValue<int>(), out var waiting))
                    {
                        waiting.TrySetResult(message);
                    }
                    else if (message["method"] is { } method)
                    {
                        lock (_events)
                        {
                            _events.Add(message);
                        }

                        if (method.GetValue<string>() == "Page.loadEventFired")
                        {
                            _loaded.TrySetResult();
                        }
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                // The browser closed or the visit ended.
            }

            foreach (var waiting in _pending.Values)
            {
                waiting.TrySetException(new InvalidOperationException("The DevTools connection closed before the browser answered."));
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _reader;
            }
            finally
            {
                _socket.Dispose();
                _stop.Dispose();
            }
        }
    }
}

/// <summary>A print of the page to PDF: <paramref name="Script"/> runs in the page first (to mark what the test looks for), the PDF goes to <paramref name="Pdf"/>.</summary>
internal sealed record PrintRequest(string Pdf, string Script);

/// <summary>What a page visit saw.</summary>
/// <param name="Svgs">Every SVG element's laid-out box.</param>
/// <param name="Errors">Console errors, uncaught exceptions and browser log errors (a blocked load, a CSP violation).</param>
/// <param name="Requests">Every request other than the page itself.</param>
internal sealed record PageVisit(IReadOnlyList<SvgBox> Svgs, IReadOnlyList<string> Errors, IReadOnlyList<string> Requests);

/// <summary>An SVG element's class, laid-out size, viewBox size and number of drawn shapes.</summary>
internal sealed record SvgBox(string Cls, double Width, double Height, double ViewWidth, double ViewHeight, int Shapes);

/// <summary>A theory that needs a browser: skipped like <see cref="BrowserFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class BrowserTheoryAttribute : TheoryAttribute
{
    public BrowserTheoryAttribute()
    {
        Skip = HeadlessChromium.SkipReason;
    }
}

/// <summary>A fact that needs a browser: skipped with <see cref="HeadlessChromium.Missing"/> where none is installed, except on CI, where it runs and fails.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        Skip = HeadlessChromium.SkipReason;
    }
}
