namespace KpiEngine.Diagnostics;

/// <summary>Diagnostics of SQL pushdown and database dataset settings (KPI7000–7019).</summary>
public static partial class DiagnosticCatalog
{
    /// <summary>A database dataset (<c>source:</c>) has <c>culture:</c>: its values are typed by the database, so there is no text for a culture to read.</summary>
    public static readonly DiagnosticDescriptor CultureWithSource = new("KPI7000", "Culture on a database dataset", DiagnosticSeverity.Error);

    /// <summary>
    /// The pushed-down GROUP BY query failed in the database (a value out of range, an unsupported
    /// construct of the dataset's query); the rows were streamed instead, so the results are unaffected.
    /// </summary>
    public static readonly DiagnosticDescriptor PushdownFailed = new("KPI7001", "Pushdown query failed; rows streamed", DiagnosticSeverity.Warning);
}
