namespace KpiEngine.Diagnostics;

/// <summary>Diagnostics of hostile or extreme inputs: special files, paths outside the allowed folders, text encoding, implausible dates.</summary>
public static partial class DiagnosticCatalog
{
    /// <summary>An include, profile or data path that names a device, FIFO, socket or folder: refused before anything is read.</summary>
    public static readonly DiagnosticDescriptor NotARegularFile = new("KPI1020", "Not a regular file", DiagnosticSeverity.Error);

    /// <summary>An include, profile or data path outside the folders a client may read (its project tree and the folders given with --allow-folder).</summary>
    public static readonly DiagnosticDescriptor PathOutsideAllowedFolders = new("KPI1021", "Path outside the allowed folders", DiagnosticSeverity.Error);

    /// <summary>A file read as a definition that is not one of ours (none of its top-level keys is known); its content is not shown.</summary>
    public static readonly DiagnosticDescriptor NotADefinitionFile = new("KPI1022", "Not a KpiEngine file", DiagnosticSeverity.Error);

    /// <summary>A definition file that is not valid UTF-8, or holds a byte-order mark past its start.</summary>
    public static readonly DiagnosticDescriptor InvalidYamlText = new("KPI1023", "Text is not valid UTF-8", DiagnosticSeverity.Error);

    /// <summary>A record whose time lies outside the dataset's plausible dates (a placeholder such as 0001-01-01 or 9999-12-31); it is left out.</summary>
    public static readonly DiagnosticDescriptor ImplausibleDate = new("KPI3020", "Date outside the plausible range", DiagnosticSeverity.Error);

    /// <summary>A data file with a header but no records.</summary>
    public static readonly DiagnosticDescriptor NoRows = new("KPI3021", "No rows", DiagnosticSeverity.Warning);
}
