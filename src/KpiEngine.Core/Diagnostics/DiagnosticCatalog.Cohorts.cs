namespace KpiEngine.Diagnostics;

/// <summary>Diagnostics of cohort KPIs (<c>cohort:</c>, issue 11 item 3).</summary>
public static partial class DiagnosticCatalog
{
    /// <summary>A <c>cohort:</c> block that cannot be used: no entity, a bad <c>ages</c>, a KPI that is a plugin metric.</summary>
    public static readonly DiagnosticDescriptor BadCohort = new("KPI7020", "Invalid cohort", DiagnosticSeverity.Error);

    /// <summary>The cohort's dataset is unknown, or none can be chosen because the KPI reads several or none.</summary>
    public static readonly DiagnosticDescriptor CohortDataset = new("KPI7021", "Cohort dataset", DiagnosticSeverity.Error);

    /// <summary>The cohort's entity column is not in its dataset, or is not text or a number.</summary>
    public static readonly DiagnosticDescriptor CohortEntity = new("KPI7022", "Cohort entity column", DiagnosticSeverity.Error);

    /// <summary>The cohort's start is not a date per entity (<c>Min([ordered_at])</c>), or its dataset has no time column to default to.</summary>
    public static readonly DiagnosticDescriptor CohortStart = new("KPI7023", "Cohort start", DiagnosticSeverity.Error);

    /// <summary>A cohort KPI reads a dataset without the entity column, so its rows cannot be placed in a cohort.</summary>
    public static readonly DiagnosticDescriptor CohortUnsplittable = new("KPI7024", "Dataset not in the cohort", DiagnosticSeverity.Error);

    /// <summary><c>Cohort(x)</c> in a KPI without a <c>cohort:</c> block.</summary>
    public static readonly DiagnosticDescriptor CohortOutsideCohort = new("KPI7025", "Cohort() outside a cohort KPI", DiagnosticSeverity.Error);
}
