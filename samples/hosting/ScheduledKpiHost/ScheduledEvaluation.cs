using KpiEngine.Evaluation;
using KpiEngine.Hosting;
using KpiEngine.Reporting;
using Microsoft.Extensions.Hosting;

namespace ScheduledKpiHost;

/// <summary>
/// Evaluates the client now and then every <see cref="HostSettings.Every"/> until the host stops
/// (Ctrl+C, SIGTERM), or once with <c>--once</c>. Each evaluation prints the latest period's values.
/// </summary>
internal sealed class ScheduledEvaluation(IKpiEngine engine, HostSettings settings, TimeProvider time, IHostApplicationLifetime lifetime, TextWriter output) : BackgroundService
{
    /// <summary>The process exit code: the worst outcome of any evaluation (0 succeeded, 1 with errors, 2 failed).</summary>
    public int ExitCode { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await EvaluateAsync(stoppingToken).ConfigureAwait(false);
            if (settings.Once)
            {
                return;
            }

            using var timer = new PeriodicTimer(settings.Every, time);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await EvaluateAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping between or during evaluations is the normal way out of the schedule.
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    private async Task EvaluateAsync(CancellationToken cancellationToken)
    {
        var result = await engine.RunAsync(settings.Client, cancellationToken: cancellationToken).ConfigureAwait(false);
        ExitCode = Math.Max(ExitCode, result.Status switch
        {
            ClientStatus.Succeeded => 0,
            ClientStatus.CompletedWithErrors => 1,
            _ => 2,
        });

        var latest = result.Periods.Count > 0 ? result.Periods[^1] : null;
        await output.WriteLineAsync($"{time.GetUtcNow():u} {result.Client} {result.Status} latest period {latest ?? "none"}").ConfigureAwait(false);
        foreach (var value in result.Results.Where(r => r.Period == latest && r.Dimensions.Count == 0))
        {
            var text = value.Value is { } number ? NumberFormat.Machine(number) : $"undefined ({value.Reason})";
            await output.WriteLineAsync($"  {value.Kpi} = {text}").ConfigureAwait(false);
        }

        foreach (var diagnostic in result.Diagnostics)
        {
            await output.WriteLineAsync($"  {diagnostic}").ConfigureAwait(false);
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
