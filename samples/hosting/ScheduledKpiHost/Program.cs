using KpiEngine.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ScheduledKpiHost;

// The schedule's own arguments are read here; the host gets none, so they cannot be mistaken for configuration.
var settings = HostSettings.Parse(args, out var error);
if (settings is null)
{
    await Console.Error.WriteLineAsync($"error: {error}\n{HostSettings.Usage}").ConfigureAwait(false);
    return 2;
}

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
// Logs go to standard error, so standard output carries only the values.
builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Services.AddKpiEngine(options =>
{
    foreach (var folder in settings.PluginFolders)
    {
        options.PluginFolders.Add(folder);
    }
});
builder.Services.AddSingleton(provider => new ScheduledEvaluation(
    provider.GetRequiredService<IKpiEngine>(),
    settings,
    TimeProvider.System,
    provider.GetRequiredService<IHostApplicationLifetime>(),
    Console.Out));
builder.Services.AddHostedService(provider => provider.GetRequiredService<ScheduledEvaluation>());

using var host = builder.Build();
var evaluation = host.Services.GetRequiredService<ScheduledEvaluation>();
await host.RunAsync().ConfigureAwait(false);
return evaluation.ExitCode;
