namespace KpiEngine.Diagnostics;

/// <summary>Diagnostics of <c>borrow:</c> written as a list of lenders (issue 11 item 5).</summary>
public static partial class DiagnosticCatalog
{
    /// <summary>Two lenders of one <c>borrow:</c> list lend a column of the same name; the first keeps it.</summary>
    public static readonly DiagnosticDescriptor BorrowedTwice = new("KPI7160", "Column borrowed from two lenders", DiagnosticSeverity.Error);

    /// <summary>A lender of a <c>borrow:</c> list is keyed by a column that only a later lender of the list lends.</summary>
    public static readonly DiagnosticDescriptor BorrowKeyLentLater = new("KPI7161", "Borrow key lent by a later lender", DiagnosticSeverity.Error);

    /// <summary><c>borrow: []</c>: a list without any lender.</summary>
    public static readonly DiagnosticDescriptor EmptyBorrowList = new("KPI7162", "Empty borrow list", DiagnosticSeverity.Error);
}
