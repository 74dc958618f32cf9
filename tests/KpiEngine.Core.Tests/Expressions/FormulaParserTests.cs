using System.Globalization;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;
using static KpiEngine.Core.Tests.Expressions.OrdersDataset;

namespace KpiEngine.Core.Tests.Expressions;

public sealed class FormulaParserTests
{
    /// <summary>A formula written on line 7 of client.yaml, its text starting at column 15 (after the opening quote).</summary>
    private static FormulaSource InYaml(string text) =>
        new(text, new SourceSpan("client.yaml", 7, 14, 7, 16 + text.Length), 7, 15);

    private static Diagnostic SingleError(FormulaSource source, FormulaScope? scope = null)
    {
        var diagnostics = new DiagnosticBag();
        Assert.Null(new FormulaCompiler().Compile(source, scope ?? Scope(), diagnostics));
        return Assert.Single(diagnostics.Items);
    }

    [Fact]
    public void Parse_SameTextTwice_GivesTheSameTreeAndReportsProblemsAtEachPlace()
    {
        // Clean formulas are parsed once per text (a batch shares them); a text with a problem is parsed
        // again each time, so its diagnostic points at the place it is written now, not where it was first met.
        var first = FormulaParser.Parse(InYaml("[revenue] / [orders]"), "KPI 'aov'", new DiagnosticBag());
        var again = FormulaParser.Parse(FormulaSource.FromText("[revenue] / [orders]"), "KPI 'other'", new DiagnosticBag());
        Assert.NotNull(first);
        Assert.Equal(first, again);

        var atLine7 = new DiagnosticBag();
        var atLine9 = new DiagnosticBag();
        Assert.Null(FormulaParser.Parse(InYaml("2 + 3 $"), "KPI 'a'", atLine7));
        Assert.Null(FormulaParser.Parse(new FormulaSource("2 + 3 $", new SourceSpan("other.yaml", 9, 3, 9, 12), 9, 4), "KPI 'b'", atLine9));
        Assert.Equal(("client.yaml", 7, 21), (atLine7.Items[0].Span!.Value.File, atLine7.Items[0].Span!.Value.Line, atLine7.Items[0].Span!.Value.Column));
        Assert.Equal(("other.yaml", 9, 10), (atLine9.Items[0].Span!.Value.File, atLine9.Items[0].Span!.Value.Line, atLine9.Items[0].Span!.Value.Column));
    }

    [Theory]
    [InlineData("2 + 3 $", 6)]
    [InlineData("1 ; 2", 2)]
    public void Parse_LexerJunk_IsSyntaxErrorAtItsColumn(string formula, int offset)
    {
        var diagnostics = new DiagnosticBag();
        Assert.Null(new FormulaCompiler().Compile(InYaml(formula), Scope(), diagnostics));
        var error = diagnostics.Items[0];
        Assert.Equal("KPI2001", error.Id);
        Assert.Equal(15 + offset, error.Span!.Value.Column);
        Assert.Equal(7, error.Span!.Value.Line);
        Assert.Contains("unexpected character", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[revenue] [orders]", 10, "'[orders]'")]
    [InlineData("[revenue] / [orders])", 20, "')'")]
    [InlineData("1 2", 2, "'2'")]
    public void Parse_TrailingJunk_IsSyntaxErrorAtItsColumn(string formula, int offset, string quoted)
    {
        var error = SingleError(InYaml(formula));
        Assert.Equal("KPI2001", error.Id);
        Assert.Equal(15 + offset, error.Span!.Value.Column);
        Assert.Contains($"unexpected {quoted} after a complete expression", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingOperand_SaysUnexpectedEnd()
    {
        // "[revenue] /" is 11 characters; the error points just after the text.
        var error = SingleError(InYaml("[revenue] /"));
        Assert.Equal("KPI2001", error.Id);
        Assert.Contains("unexpected end of formula", error.Message, StringComparison.Ordinal);
        Assert.Equal(15 + 11, error.Span!.Value.Column);
    }

    [Fact]
    public void Parse_UnclosedParenthesis_SaysWhatIsExpected()
    {
        var error = SingleError(InYaml("([revenue] / [orders]"));
        Assert.Contains("unexpected end of formula; expected ')'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnexpectedCloseParenthesis_PointsAtIt()
    {
        var error = SingleError(InYaml("[revenue] * )"));
        Assert.Equal("KPI2001", error.Id);
        Assert.Contains("unexpected ')'", error.Message, StringComparison.Ordinal);
        Assert.Equal(15 + 12, error.Span!.Value.Column);
    }

    [Fact]
    public void Parse_NonAsciiLetterInBareName_IsReportedNotDropped()
    {
        // NCalc's lexer would silently read "prïce" as "pr" "ce".
        var diagnostics = new DiagnosticBag();
        Assert.Null(new FormulaCompiler().Compile(InYaml("Sum(prïce)"), Scope(), diagnostics));
        var error = diagnostics.Items[0];
        Assert.Equal("KPI2001", error.Id);
        Assert.Equal(15 + 6, error.Span!.Value.Column);
        Assert.Contains("brackets", error.Suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NonAsciiNameInBrackets_IsAName()
    {
        var compiled = Compile("[umsätze] * 2", NoDataset());
        Assert.Equal("umsätze", Assert.Single(compiled.References).Name);
    }

    [Fact]
    public void Parse_DoubleQuotes_SuggestSingleQuotes()
    {
        var diagnostics = new DiagnosticBag();
        Assert.Null(new FormulaCompiler().Compile(InYaml("CountIf([status] = \"paid\")"), Scope(), diagnostics));
        Assert.Contains("single quotes", diagnostics.Items[0].Suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Caret_IsXorError_SuggestingPow()
    {
        var error = SingleError(InYaml("[revenue] ^ 2"));
        Assert.Equal("KPI2009", error.Id);
        Assert.Contains("^ is bitwise XOR", error.Message, StringComparison.Ordinal);
        Assert.Equal("Use Pow(a, b).", error.Suggestion);
        Assert.Equal(15 + 10, error.Span!.Value.Column);
    }

    [Theory]
    [InlineData("[a] & [b]")]
    [InlineData("[a] | [b]")]
    [InlineData("[a] << 2")]
    [InlineData("~[a]")]
    public void Parse_BitwiseOperators_AreRejected(string formula) =>
        Assert.Equal("KPI2009", SingleError(InYaml(formula), NoDataset()).Id);

    [Fact]
    public void Limits_TwentyThousandTermSum_IsTooComplexWithoutCrashing()
    {
        var formula = string.Join(" + ", Enumerable.Repeat("1", 20_000));
        var error = SingleError(FormulaSource.FromText(formula), NoDataset());
        Assert.Equal("KPI2008", error.Id);
        Assert.Contains("limit is 4,000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_ThousandNestedParentheses_AreTooComplexWithoutCrashing()
    {
        var formula = new string('(', 1000) + "1" + new string(')', 1000);
        var error = SingleError(FormulaSource.FromText(formula), NoDataset());
        Assert.Equal("KPI2008", error.Id);
        Assert.Equal(41, error.Span!.Value.Column); // the 41st '(' is at offset 40: column 1 + 40
    }

    [Fact]
    public void Limits_MoreThanAThousandOperators_AreTooComplex()
    {
        var formula = string.Join("+", Enumerable.Repeat("1", 1_002)); // 2,003 characters, 1,001 operators
        Assert.Equal("KPI2008", SingleError(FormulaSource.FromText(formula), NoDataset()).Id);
    }

    [Fact]
    public void Limits_AtTheLimit_StillCompileAndEvaluate()
    {
        var sum = string.Join("+", Enumerable.Repeat("1", 1_000)); // 999 operators
        Assert.Equal(1000, EvaluateNames(sum).Number);
        // One row with qty 1: 999 ones plus qty = 1000.
        Assert.Equal(1000, Evaluate($"Sum({string.Join("+", Enumerable.Repeat("1", 999))} + [qty])", [Row(qty: 1)]).Number);
        var nested = new string('(', 40) + "2" + new string(')', 40);
        Assert.Equal(2, EvaluateNames(nested).Number);
    }

    [Fact]
    public void Culture_GermanCurrentCulture_DoesNotChangeNumbersOrDates()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal(1.5, EvaluateNames("1.5").Number);
            Assert.Equal(2.5, EvaluateNames("1.5 + 1").Number);
            var compiled = Compile("CountIf([ordered_at] >= #2026-01-02#)");
            Assert.Equal("CountIf([ordered_at] >= #2026-01-02#)", compiled.Aggregates[0].Key);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Parse_DateInLocalFormat_IsRejected()
    {
        var error = SingleError(InYaml("CountIf([ordered_at] > #01/02/2026#)"));
        Assert.Equal("KPI2001", error.Id);
        Assert.Contains("yyyy-MM-dd", error.Suggestion, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HugeInteger_IsReportedNotThrown()
    {
        Assert.Equal("KPI2001", SingleError(InYaml("99999999999999999999 * [revenue]"), NoDataset()).Id);
    }

    [Fact]
    public void Parse_EmptyFormula_IsSyntaxError() =>
        Assert.Equal("KPI2001", SingleError(InYaml("   "), NoDataset()).Id);

    [Fact]
    public void Parse_WithoutColumnMapping_ReportsAtTheScalar()
    {
        // TextColumn 0: a block scalar whose offsets cannot be mapped; the whole scalar span is used.
        var source = new FormulaSource("1 +", new SourceSpan("client.yaml", 9, 5, 10, 8), 9, 0);
        var error = SingleError(source, NoDataset());
        Assert.Equal(new SourceSpan("client.yaml", 9, 5, 10, 8), error.Span);
    }

    [Fact]
    public void Parse_TernaryOperator_Works()
    {
        Assert.Equal(2, EvaluateNames("[orders] > 0 ? [revenue] / [orders] : 0", ("orders", Of(5)), ("revenue", Of(10))).Number);
    }

    private static KpiEngine.Expressions.KpiValue Of(double value) => KpiEngine.Expressions.KpiValue.Of(value);
}
