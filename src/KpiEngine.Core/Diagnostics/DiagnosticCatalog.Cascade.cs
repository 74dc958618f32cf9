namespace KpiEngine.Diagnostics;

/// <summary>Diagnostics of cascading goals (KPI4050–4059).</summary>
public static partial class DiagnosticCatalog
{
    /// <summary>A supporting KPI that is already the goal's KPI or an entry above it in the cascade: a KPI cannot support itself.</summary>
    public static readonly DiagnosticDescriptor GoalCascadeCycle = new("KPI4050", "Supporting KPI in a cycle", DiagnosticSeverity.Error);
}
