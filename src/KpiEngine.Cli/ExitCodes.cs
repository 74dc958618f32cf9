namespace KpiEngine.Cli;

/// <summary>The process exit codes automation can rely on.</summary>
internal static class ExitCodes
{
    /// <summary>Everything ran and every value was computed from clean input.</summary>
    public const int Success = 0;

    /// <summary>The run finished, but some KPI, dataset row, plugin or client failed.</summary>
    public const int PartialFailure = 1;

    /// <summary>Nothing could run: a usage, configuration or validation error.</summary>
    public const int CouldNotRun = 2;
}
