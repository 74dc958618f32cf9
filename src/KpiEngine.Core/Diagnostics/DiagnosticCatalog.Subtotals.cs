namespace KpiEngine.Diagnostics;

/// <summary>Diagnostics of subtotals and parent levels under --by (issue 11, item 4).</summary>
public static partial class DiagnosticCatalog
{
    /// <summary><c>Parent(...)</c> inside the argument of <c>Parent(...)</c> or <c>Total(...)</c>, or <c>Total(...)</c> inside <c>Parent(...)</c>: the inner call has no level to read.</summary>
    public static readonly DiagnosticDescriptor NestedLevelCall = new("KPI7120", "Level function inside another", DiagnosticSeverity.Error);

    /// <summary>A KPI reads <c>Parent(x)</c> where nothing is split by dimensions: only the total is computed, and it has no level above it.</summary>
    public static readonly DiagnosticDescriptor ParentWithoutDimensions = new("KPI7121", "Parent() without dimensions", DiagnosticSeverity.Warning);

    /// <summary>Subtotals asked for (<c>--subtotals</c>, <c>subtotals: true</c>) with fewer than two dimensions: there is no level between the combinations and the total.</summary>
    public static readonly DiagnosticDescriptor SubtotalsWithoutTwoDimensions = new("KPI7122", "Subtotals without two dimensions", DiagnosticSeverity.Warning);
}
