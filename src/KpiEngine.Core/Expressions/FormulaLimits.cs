using System.Globalization;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;

namespace KpiEngine.Expressions;

/// <summary>
/// Size limits checked on the raw text before NCalc sees it: its recursive-descent parser and
/// tree walks overflow the stack (which kills the process, no catch possible) on about 900
/// nested parentheses or 20,000-term sums. The limits are far above any real KPI formula.
/// </summary>
internal static class FormulaLimits
{
    public const int MaxLength = 4_000;
    public const int MaxDepth = 40;
    public const int MaxOperators = 1_000;

    private const string OperatorCharacters = "+-*/%<>=!&|^~?:";

    /// <summary>Reports KPI2008 and returns false when the text is past a limit.</summary>
    public static bool Check(FormulaSource source, string owner, DiagnosticBag diagnostics)
    {
        var text = source.Text;
        if (text.Length > MaxLength)
        {
            diagnostics.Add(
                DiagnosticCatalog.FormulaTooComplex,
                string.Create(CultureInfo.InvariantCulture, $"{owner}: the formula is {text.Length:N0} characters long; the limit is {MaxLength:N0}."),
                source.Span,
                "Split it into inputs or KPIs that refer to each other by name.");
            return false;
        }

        var depth = 0;
        var operators = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\'':
                    i = SkipText(text, i);
                    break;
                case '[':
                    var close = text.IndexOf(']', i + 1);
                    i = close < 0 ? text.Length : close;
                    break;
                case '(':
                    depth++;
                    if (depth > MaxDepth)
                    {
                        diagnostics.Add(
                            DiagnosticCatalog.FormulaTooComplex,
                            string.Create(CultureInfo.InvariantCulture, $"{owner}: parentheses and function calls are nested more than {MaxDepth} deep."),
                            source.Locate(i),
                            "Split the formula into inputs or KPIs that refer to each other by name.");
                        return false;
                    }

                    break;
                case ')':
                    depth = Math.Max(0, depth - 1);
                    break;
                default:
                    if (OperatorCharacters.Contains(c, StringComparison.Ordinal))
                    {
                        while (i + 1 < text.Length && OperatorCharacters.Contains(text[i + 1], StringComparison.Ordinal))
                        {
                            i++;
                        }

                        operators++;
                    }

                    break;
            }
        }

        if (operators > MaxOperators)
        {
            diagnostics.Add(
                DiagnosticCatalog.FormulaTooComplex,
                string.Create(CultureInfo.InvariantCulture, $"{owner}: the formula has {operators:N0} operators; the limit is {MaxOperators:N0}."),
                source.Span,
                "Split it into inputs or KPIs that refer to each other by name.");
            return false;
        }

        return true;
    }

    /// <summary>The index of the closing quote of a text literal starting at <paramref name="start"/> (backslash escapes).</summary>
    private static int SkipText(string text, int start)
    {
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '\'')
            {
                return i;
            }
        }

        return text.Length;
    }
}
