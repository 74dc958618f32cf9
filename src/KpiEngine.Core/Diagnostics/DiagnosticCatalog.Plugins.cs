namespace KpiEngine.Diagnostics;

public static partial class DiagnosticCatalog
{
    // ---- KPI6xxx: plugins ------------------------------------------------------------

    /// <summary>A plugin folder that cannot be loaded: missing or bad assembly, missing dependency, no plugin class, a constructor or Register that threw.</summary>
    public static readonly DiagnosticDescriptor PluginLoadFailed = new("KPI6001", "Plugin failed to load", DiagnosticSeverity.Error);

    /// <summary>A plugin built for a contract version this host does not support; none of its code was run.</summary>
    public static readonly DiagnosticDescriptor PluginContractMismatch = new("KPI6002", "Plugin contract version mismatch", DiagnosticSeverity.Error);

    /// <summary>A KPI names a plugin that is not loaded.</summary>
    public static readonly DiagnosticDescriptor UnknownPlugin = new("KPI6003", "Unknown plugin", DiagnosticSeverity.Error);

    /// <summary>A KPI names a metric or output the plugin does not have.</summary>
    public static readonly DiagnosticDescriptor UnknownPluginMetric = new("KPI6004", "Unknown plugin metric or output", DiagnosticSeverity.Error);

    /// <summary>A plugin metric threw; the KPI's values are undefined.</summary>
    public static readonly DiagnosticDescriptor PluginMetricThrew = new("KPI6005", "Plugin metric failed", DiagnosticSeverity.Error);

    /// <summary>A plugin metric returned NaN or Infinity; those values are undefined.</summary>
    public static readonly DiagnosticDescriptor PluginNonFinite = new("KPI6006", "Plugin returned a non-finite number", DiagnosticSeverity.Error);

    /// <summary>The worker process running an isolated plugin timed out, crashed or exited.</summary>
    public static readonly DiagnosticDescriptor PluginWorkerFailed = new("KPI6007", "Plugin worker failed", DiagnosticSeverity.Error);

    /// <summary>Two plugin folders provide a plugin of the same name; the first one found is used.</summary>
    public static readonly DiagnosticDescriptor DuplicatePlugin = new("KPI6008", "Duplicate plugin", DiagnosticSeverity.Warning);

    /// <summary>A plugin folder given on the command line or in the client file does not exist.</summary>
    public static readonly DiagnosticDescriptor PluginFolderNotFound = new("KPI6009", "Plugin folder not found", DiagnosticSeverity.Error);

    /// <summary>A message a plugin logged at warning or error level.</summary>
    public static readonly DiagnosticDescriptor PluginLog = new("KPI6010", "Plugin message", DiagnosticSeverity.Warning);
}
