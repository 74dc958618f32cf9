namespace KpiEngine.Definitions;

/// <summary>
/// Bounds that keep a hostile or broken YAML file from exhausting memory or the stack: alias
/// bombs ("billion laughs") and very deep nesting fail fast with KPI1010 instead.
/// </summary>
/// <param name="MaxFileBytes">The largest file read, in bytes.</param>
/// <param name="MaxDepth">The deepest nesting of mappings and lists.</param>
/// <param name="MaxNodes">The most nodes a document may stand for, counting every alias as a copy of its anchor.</param>
public sealed record YamlLimits(long MaxFileBytes, int MaxDepth, int MaxNodes)
{
    /// <summary>5 MB, depth 64, 100,000 nodes: far beyond any real KPI file.</summary>
    public static YamlLimits Default { get; } = new(5 * 1024 * 1024, 64, 100_000);
}
