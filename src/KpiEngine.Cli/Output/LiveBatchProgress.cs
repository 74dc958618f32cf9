using System.Diagnostics;
using KpiEngine.Batch;
using Spectre.Console;

namespace KpiEngine.Cli.Output;

/// <summary>
/// The live display on a terminal: a bar of clients done, rows read per second and the clients
/// running now. Finished clients scroll above it as plain lines, so nothing is lost when it closes.
/// </summary>
internal sealed class LiveBatchProgress : IBatchProgress
{
    private readonly Lock _gate = new();
    private readonly SortedSet<string> _running = new(StringComparer.Ordinal);
    private readonly IAnsiConsole _console;
    private readonly ProgressTask _task;
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _rows;
    private long _lastDrawn;

    private LiveBatchProgress(IAnsiConsole console, ProgressTask task)
    {
        _console = console;
        _task = task;
    }

    public static Task<BatchSummary> RunAsync(IAnsiConsole console, BatchRunner runner, BatchOptions options, CancellationToken cancellationToken) =>
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new ElapsedTimeColumn())
            .StartAsync(context =>
            {
                var task = context.AddTask("Starting", maxValue: Math.Max(1, options.ClientFiles.Count));
                return runner.RunAsync(options, new LiveBatchProgress(console, task), cancellationToken);
            });

    public void BatchStarted(int clientCount)
    {
        lock (_gate)
        {
            _task.MaxValue = Math.Max(1, clientCount);
            Draw();
        }
    }

    public void ClientStarted(string clientFile)
    {
        lock (_gate)
        {
            _running.Add(Path.GetFileNameWithoutExtension(clientFile));
            Draw();
        }
    }

    public void RowsScanned(string clientFile, long rows)
    {
        lock (_gate)
        {
            _rows += rows;

            // Redrawing the text on every report would cost more than the rows; four times a second is enough to read.
            if (Stopwatch.GetElapsedTime(_lastDrawn).TotalMilliseconds >= 250)
            {
                Draw();
            }
        }
    }

    public void ClientFinished(BatchClientSummary client, int finished, int total)
    {
        lock (_gate)
        {
            _running.Remove(Path.GetFileNameWithoutExtension(client.File));
            _task.Value = finished;
            _console.MarkupLine($"[{BatchReport.Colour(client.Status)}]{TerminalText.Markup(BatchFigures.Line(client, finished, total))}[/]");
            Draw();
        }
    }

    private void Draw()
    {
        _lastDrawn = Stopwatch.GetTimestamp();
        var seconds = Math.Max(0.001, Stopwatch.GetElapsedTime(_started).TotalSeconds);
        var running = _running.Count == 0 ? string.Empty : " · " + string.Join(", ", _running.Take(3)) + (_running.Count > 3 ? $" +{_running.Count - 3}" : string.Empty);
        _task.Description = TerminalText.Markup($"{_task.Value:0}/{_task.MaxValue:0} clients · {BatchFigures.Count(_rows / seconds)} rows/s{running}");
    }
}
