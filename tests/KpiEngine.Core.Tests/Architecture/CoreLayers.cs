namespace KpiEngine.Core.Tests.Architecture;

/// <summary>
/// Core's feature folders in pipeline order, from the bottom up, as docs/architecture.md draws
/// them. A folder (and its namespace <c>KpiEngine.&lt;Folder&gt;</c>) may use only folders of earlier
/// rows; folders in one row are siblings and do not use each other.
/// </summary>
internal static class CoreLayers
{
    public static readonly IReadOnlyList<IReadOnlyList<string>> Rows =
    [
        ["Diagnostics", "Time"],
        ["Definitions"],
        ["Expressions"],
        ["Datasets"],
        ["Plugins"],
        ["Benchmarks", "Goals"],
        ["Evaluation"],
        ["Reporting"],
        ["Batch", "Testing"],
        ["Hosting"],
    ];

    public static IEnumerable<string> Folders => Rows.SelectMany(row => row);

    /// <summary>Folders <paramref name="folder"/> may use: those of the rows below its own.</summary>
    public static IReadOnlyList<string> Below(string folder) => [.. Rows.Take(RowOf(folder)).SelectMany(row => row)];

    /// <summary>Folders <paramref name="folder"/> must not use: its siblings and every folder of the rows above.</summary>
    public static IReadOnlyList<string> NotBelow(string folder) => [.. Folders.Where(f => f != folder && !Below(folder).Contains(f))];

    public static string Namespace(string folder) => "KpiEngine." + folder;

    /// <summary>The folder a namespace of Core belongs to (<c>KpiEngine.Datasets</c> → Datasets); null outside Core's folders.</summary>
    public static string? FolderOf(string? ns) =>
        Folders.FirstOrDefault(f => ns == Namespace(f) || (ns?.StartsWith(Namespace(f) + ".", StringComparison.Ordinal) ?? false));

    private static int RowOf(string folder)
    {
        for (var row = 0; row < Rows.Count; row++)
        {
            if (Rows[row].Contains(folder))
            {
                return row;
            }
        }

        throw new ArgumentException($"'{folder}' is not one of Core's layers.", nameof(folder));
    }
}
