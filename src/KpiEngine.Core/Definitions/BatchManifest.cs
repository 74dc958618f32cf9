using KpiEngine.Diagnostics;
using KpiEngine.Time;

namespace KpiEngine.Definitions;

/// <summary>
/// A batch manifest: which clients to run and the options they share, read from YAML. Paths
/// are relative to the manifest's folder. Options left out are null, so the command line
/// (or the library user) decides them.
/// </summary>
/// <param name="SourceFile">The manifest's full path.</param>
/// <param name="Clients">The client entries (files, folders, globs) with their positions.</param>
/// <param name="Grain">The <c>grain</c>.</param>
/// <param name="From">The <c>from</c> period.</param>
/// <param name="To">The <c>to</c> period.</param>
/// <param name="Formats">The <c>formats</c> names; empty when not given.</param>
/// <param name="OutputFolder">The <c>out_dir</c>, as a full path.</param>
/// <param name="MaxParallelism">The <c>parallel</c> count.</param>
/// <param name="SkipUnchanged">The <c>skip_unchanged</c> flag.</param>
/// <param name="IncludeInputs">The <c>include_inputs</c> flag.</param>
public sealed record BatchManifest(
    string SourceFile,
    IReadOnlyList<ClientPattern> Clients,
    Grain? Grain,
    string? From,
    string? To,
    IReadOnlyList<string> Formats,
    string? OutputFolder,
    int? MaxParallelism,
    bool? SkipUnchanged,
    bool? IncludeInputs)
{
    /// <summary>The <c>by</c> dimension columns for every client; empty when not given (then each client's own <c>by:</c> applies).</summary>
    public IReadOnlyList<string> Dimensions { get; init; } = [];

    /// <summary>The <c>subtotals</c> flag for every client (subtotals of two or more dimensions); null when not given.</summary>
    public bool? Subtotals { get; init; }

    /// <summary>The manifest's folder: the base of its relative paths.</summary>
    public string Folder => Path.GetDirectoryName(SourceFile) ?? ".";

    /// <summary>
    /// Reads a manifest, reporting every problem at once with its position (unknown keys with the
    /// nearest valid one, wrong values, missing <c>clients</c>). Never throws for bad input.
    /// </summary>
    /// <param name="path">The manifest file.</param>
    /// <param name="formats">The format names the caller can write (<c>json</c>, <c>csv</c> ...).</param>
    public static LoadResult<BatchManifest> Load(string path, IReadOnlyCollection<string> formats)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(formats);
        return BatchManifestReader.Read(path, formats);
    }
}
