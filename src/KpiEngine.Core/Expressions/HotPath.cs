using System.Runtime.CompilerServices;

namespace KpiEngine.Expressions;

/// <summary>
/// How the code that runs once per result or per formula step of a large run is compiled: optimised at its
/// first call (<see cref="MethodImplOptions.AggressiveOptimization"/>) in the build output, where tiered
/// compilation would otherwise run the first hundreds of thousands of calls unoptimised (a 1M-row run by
/// client spent 0.2–0.4 s more); left to the precompiled code in a ReadyToRun publish (<c>READY_TO_RUN</c>,
/// set by <c>-p:PublishReadyToRun=true</c>), which is optimised already and which the attribute would
/// throw away, compiling those methods again at every start (about 25 ms of a small client's first output).
/// </summary>
internal static class HotPath
{
#if READY_TO_RUN
    /// <summary>No option: the precompiled code is used.</summary>
    public const MethodImplOptions Options = 0;
#else
    /// <summary>Compiled optimised at the first call.</summary>
    public const MethodImplOptions Options = MethodImplOptions.AggressiveOptimization;
#endif
}
