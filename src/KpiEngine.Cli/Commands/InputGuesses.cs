using KpiEngine.Datasets;
using KpiEngine.Definitions;

namespace KpiEngine.Cli.Commands;

/// <summary>A catalog input bound to a formula over the export's columns, and why that guess was made.</summary>
internal sealed record InputGuess(string Input, string Formula, string Why);

/// <summary>
/// Guesses catalog inputs from an export's column names, for <c>kpi init</c>. Guesses are deliberately
/// few and literal (a column named like the thing, or the export being a list of the thing): a wrong
/// binding gives a wrong number, which is worse than an input left for the consultant to bind.
/// </summary>
internal static class InputGuesses
{
    /// <summary>Inputs that sum a number column, with the column names (lower case, '_' for separators) that mean them, best first.</summary>
    private static readonly Dictionary<string, string[]> Sums = new(StringComparer.Ordinal)
    {
        ["revenue"] = ["revenue", "total", "order_total", "net_total", "gross_total", "amount", "sales", "turnover", "umsatz", "betrag"],
        ["items_sold"] = ["items", "quantity", "qty", "units", "item_count"],
        ["visits"] = ["sessions", "visits"],
        ["bounced_visits"] = ["bounced_sessions", "bounces", "bounced_visits"],
        ["marketing_spend"] = ["spend", "ad_spend", "marketing_spend", "ad_cost"],
        ["refund_amount"] = ["refund", "refund_amount", "refunded_amount"],
        ["discount_amount"] = ["discount", "discount_amount"],
        ["shipping_cost"] = ["shipping", "shipping_cost"],
        ["worked_hours"] = ["hours", "worked_hours"],
    };

    /// <summary>Inputs that count rows when the export is a list of that thing (by its file name), with the words that name it.</summary>
    private static readonly Dictionary<string, string[]> RowCounts = new(StringComparer.Ordinal)
    {
        ["orders"] = ["order", "orders", "bestellungen"],
        ["placed_orders"] = ["order", "orders", "bestellungen"],
        ["leads"] = ["lead", "leads"],
        ["tickets_created"] = ["ticket", "tickets"],
        ["proposals_sent"] = ["proposal", "proposals"],
    };

    /// <summary>Inputs that count distinct values of an id column, with the column names that mean them.</summary>
    private static readonly Dictionary<string, string[]> DistinctCounts = new(StringComparer.Ordinal)
    {
        ["buyers"] = ["customer_id", "customer", "client_id", "buyer_id", "buyer", "email"],
    };

    /// <summary>The guess for one input, or null when the columns do not clearly hold it.</summary>
    public static InputGuess? Guess(string input, ExportDescription export, string datasetName)
    {
        var byKey = new Dictionary<string, ExportColumn>(StringComparer.Ordinal);
        foreach (var column in export.Columns.Where(c => StarterYaml.IsPlainName(c.Name)))
        {
            byKey.TryAdd(Key(column.Name), column);
        }

        if (Sums.TryGetValue(input, out var sumNames) && Find(byKey, sumNames, ColumnType.Number) is { } summed)
        {
            return new(input, $"Sum([{summed.Name}])", $"the sum of column '{summed.Name}'");
        }

        if (RowCounts.TryGetValue(input, out var things) && things.Contains(Key(datasetName)))
        {
            return new(input, "Count()", $"every row of {Path.GetFileName(export.Path)} counts as one");
        }

        if (DistinctCounts.TryGetValue(input, out var idNames) && Find(byKey, idNames, null) is { } ids)
        {
            return new(input, $"DistinctCount([{ids.Name}])", $"the different values of column '{ids.Name}'");
        }

        if (input == "delivery_days" && export.TimeColumn is { } time && StarterYaml.IsPlainName(time)
            && export.DateColumns.FirstOrDefault(c => c != time && Key(c).Contains("deliver", StringComparison.Ordinal) && StarterYaml.IsPlainName(c)) is { } delivered)
        {
            return new(input, $"Avg([{delivered}] - [{time}])", $"the days from '{time}' to '{delivered}'");
        }

        // A number column named exactly like the input is that input, summed.
        return byKey.TryGetValue(input, out var same) && same.Type == ColumnType.Number
            ? new(input, $"Sum([{same.Name}])", $"the sum of column '{same.Name}'")
            : null;
    }

    /// <summary>A column name compared loosely: lower case, spaces and dashes as '_'.</summary>
    private static string Key(string name) => name.Trim().ToLowerInvariant().Replace(' ', '_').Replace('-', '_');

    private static ExportColumn? Find(Dictionary<string, ExportColumn> byKey, string[] names, ColumnType? type) =>
        names.Select(n => byKey.GetValueOrDefault(n)).FirstOrDefault(c => c is not null && (type is null || c.Type == type));
}
