using KpiEngine.Evaluation;
using Microsoft.Extensions.Logging;

namespace KpiEngine.Hosting;

/// <summary>What the engine logs, as compiled log messages (event ids 1–9).</summary>
internal static partial class KpiEngineLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Running client file {ClientFile}")]
    public static partial void RunStarting(ILogger logger, string clientFile);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Client {Client}: {Status}, {Defined} values defined, {Undefined} undefined over {Periods} periods in {ElapsedMilliseconds} ms")]
    public static partial void RunFinished(ILogger logger, string client, ClientStatus status, int defined, int undefined, int periods, long elapsedMilliseconds);

    [LoggerMessage(EventId = 3, Message = "{DiagnosticId} in {File}: {Diagnostic}")]
    public static partial void Diagnostic(ILogger logger, LogLevel level, string diagnosticId, string file, string diagnostic);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Validated {File}: {Errors} errors, {Warnings} warnings")]
    public static partial void Validated(ILogger logger, string file, int errors, int warnings);
}
