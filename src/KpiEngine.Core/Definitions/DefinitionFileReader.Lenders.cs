using System.Globalization;
using KpiEngine.Diagnostics;

namespace KpiEngine.Definitions;

/// <summary>
/// Reads <c>borrow:</c>: one lender (a mapping) or several (a list of them, applied in the order
/// written), and checks what only the list as a whole can get wrong, before any file is read.
/// </summary>
internal sealed partial class DefinitionFileReader
{
    private (IReadOnlyList<BorrowDefinition> Definitions, IReadOnlyList<SourceSpan> FromSpans) ReadBorrows(YamlMapping map, string owner)
    {
        var node = map["borrow"];
        if (node is not YamlSequence list)
        {
            return ReadBorrow(node, $"the borrow of {owner}") is { } single ? ([single.Definition], [single.FromSpan]) : ([], []);
        }

        if (list.Items.Count == 0)
        {
            _diagnostics.Add(DiagnosticCatalog.EmptyBorrowList, $"The borrow of {owner} is an empty list: it names no dataset to borrow from.", _schema.Span(list),
                "Write one lender per item (borrow: [{ from: customers, key: customer_id, columns: [region] }]), or leave borrow out.");
            return ([], []);
        }

        var lenders = new List<(BorrowDefinition Definition, SourceSpan FromSpan)>();
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (ReadBorrow(list.Items[i], string.Create(CultureInfo.InvariantCulture, $"lender {i + 1} of the borrow of {owner}")) is { } lender)
            {
                lenders.Add(lender);
            }
        }

        var kept = new List<(BorrowDefinition Definition, SourceSpan FromSpan)>();
        for (var i = 0; i < lenders.Count; i++)
        {
            var (borrow, fromSpan) = lenders[i];
            if (lenders.Skip(i + 1).Select(l => l.Definition).FirstOrDefault(later => later.Columns.Contains(borrow.Key)) is { } lendsKey)
            {
                // Each row is completed lender by lender, so a key lent later is not there yet.
                _diagnostics.Add(DiagnosticCatalog.BorrowKeyLentLater, string.Create(CultureInfo.InvariantCulture,
                        $"{SchemaReader.Capital(owner)} borrows from '{borrow.From}' by key '{borrow.Key}', which '{lendsKey.From}' lends later in the list (line {lendsKey.Span.Line}); lenders are applied in the order written."),
                    borrow.Span,
                    $"List '{lendsKey.From}' before '{borrow.From}' if '{borrow.Key}' comes from it, or leave '{borrow.Key}' out of the columns of '{lendsKey.From}' if the file has it.");
            }

            var columns = new List<string>();
            foreach (var column in borrow.Columns)
            {
                if (kept.Select(k => k.Definition).FirstOrDefault(earlier => earlier.Columns.Contains(column)) is { } first)
                {
                    _diagnostics.Add(DiagnosticCatalog.BorrowedTwice, string.Create(CultureInfo.InvariantCulture,
                            $"{SchemaReader.Capital(owner)} borrows column '{column}' from '{first.From}' (line {first.Span.Line}) and from '{borrow.From}' (line {borrow.Span.Line}); one column cannot hold both, so '{first.From}' lends it."),
                        borrow.Span,
                        $"Leave '{column}' out of the columns of '{borrow.From}' or of '{first.From}'; to have both values, declare the file a second time as another dataset that borrows '{column}' from '{borrow.From}'.");
                    continue;
                }

                columns.Add(column);
            }

            if (columns.Count > 0 || borrow.Columns.Count == 0)
            {
                kept.Add((borrow with { Columns = columns }, fromSpan));
            }
        }

        return ([.. kept.Select(k => k.Definition)], [.. kept.Select(k => k.FromSpan)]);
    }
}
