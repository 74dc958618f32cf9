namespace KpiEngine.Definitions;

/// <summary>
/// The key tables of client and catalog files as the rest of Core sees them: the editor schemas and
/// the key reference are generated from these (<c>KeyTables</c>), so a key added to a
/// reader shows up there by itself.
/// </summary>
internal sealed partial class DefinitionFileReader
{
    /// <summary>The top-level keys of a client file, with the <c>tests:</c> section <c>kpi test</c> reads.</summary>
    internal static IReadOnlyList<string> ClientRootKeys => [.. ClientKeys, TestSuiteReader.SectionKey];

    /// <summary>The top-level keys of a catalog file, with the <c>tests:</c> section.</summary>
    internal static IReadOnlyList<string> CatalogRootKeys => [.. CatalogKeys, TestSuiteReader.SectionKey];
}
