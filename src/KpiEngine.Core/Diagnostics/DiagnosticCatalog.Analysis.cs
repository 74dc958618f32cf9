namespace KpiEngine.Diagnostics;

/// <summary>Diagnostics of whole-range, snapshot and cohort analyses (issue 11).</summary>
public static partial class DiagnosticCatalog
{
    /// <summary>A dataset without <c>time:</c> in a client whose other datasets are dated: its values are the same in every period.</summary>
    public static readonly DiagnosticDescriptor UndeclaredTimeless = new("KPI1040", "Dataset without time", DiagnosticSeverity.Warning);

    /// <summary>A client that cannot report any period: every dated dataset it reads has no usable dated row (found by validate or by the run).</summary>
    public static readonly DiagnosticDescriptor NoPeriod = new("KPI3040", "No period to report", DiagnosticSeverity.Error);

    /// <summary>--from/--to given to a client none of whose datasets has dates: they cannot bound anything and are ignored.</summary>
    public static readonly DiagnosticDescriptor BoundsIgnored = new("KPI3041", "Period bounds ignored", DiagnosticSeverity.Warning);
}
