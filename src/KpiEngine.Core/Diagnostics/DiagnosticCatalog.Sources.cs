namespace KpiEngine.Diagnostics;

/// <summary>Diagnostics of database datasets (KPI3070–3099: datasets).</summary>
public static partial class DiagnosticCatalog
{
    /// <summary>A dataset names a connection that no environment variable and no connections file entry defines, or whose connection string cannot be used.</summary>
    public static readonly DiagnosticDescriptor ConnectionUnknown = new("KPI3070", "Connection not configured", DiagnosticSeverity.Error);

    /// <summary>The database could not be reached or refused the login; the message names the dataset and host, with any password masked.</summary>
    public static readonly DiagnosticDescriptor ConnectionFailed = new("KPI3071", "Cannot connect to the database", DiagnosticSeverity.Error);

    /// <summary>The table a dataset names is not in the database.</summary>
    public static readonly DiagnosticDescriptor TableUnknown = new("KPI3072", "Unknown table", DiagnosticSeverity.Error);

    /// <summary>The database rejected the dataset's query or failed while its rows were read.</summary>
    public static readonly DiagnosticDescriptor QueryFailed = new("KPI3073", "Database query failed", DiagnosticSeverity.Error);

    /// <summary>The database did not answer within the timeout.</summary>
    public static readonly DiagnosticDescriptor DatabaseTimeout = new("KPI3074", "Database timed out", DiagnosticSeverity.Error);
}
