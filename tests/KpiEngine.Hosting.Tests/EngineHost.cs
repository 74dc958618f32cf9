using System.Collections.Concurrent;
using System.Globalization;
using KpiEngine.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KpiEngine.Hosting.Tests;

/// <summary>Builds an <see cref="IKpiEngine"/> the way a host does, with a logger that records what it is told.</summary>
internal sealed class EngineHost : IDisposable
{
    private readonly ServiceProvider _services;

    public EngineHost(Action<KpiEngineOptions>? configure = null, bool withLogging = true)
    {
        var services = new ServiceCollection();
        if (withLogging)
        {
            services.AddSingleton<ILoggerFactory>(new RecordingLoggerFactory(Log));
        }

        services.AddKpiEngine(configure);
        _services = services.BuildServiceProvider();
        Engine = _services.GetRequiredService<IKpiEngine>();
    }

    public IKpiEngine Engine { get; }

    /// <summary>Every message logged: category, level, event id, text, and the current culture it was logged under.</summary>
    public ConcurrentQueue<LogEntry> Log { get; } = new();

    public static string Shop(string file) => Path.Combine(AppContext.BaseDirectory, "TestData", "shop", file);

    /// <summary>The root the sample plugin is deployed to (TestPlugins/KpiEngine.Plugins.Sample/).</summary>
    public static string TestPlugins => Path.Combine(AppContext.BaseDirectory, "TestPlugins");

    public void Dispose() => _services.Dispose();

    private sealed class RecordingLoggerFactory(ConcurrentQueue<LogEntry> log) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new RecordingLogger(categoryName, log);

        public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

        public void Dispose()
        {
        }
    }

    private sealed class RecordingLogger(string category, ConcurrentQueue<LogEntry> log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Enqueue(new LogEntry(category, logLevel, eventId.Id, formatter(state, exception), CultureInfo.CurrentCulture.Name));
    }
}

internal sealed record LogEntry(string Category, LogLevel Level, int EventId, string Message, string Culture);
