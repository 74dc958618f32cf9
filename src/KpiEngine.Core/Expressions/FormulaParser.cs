using System.Collections.Concurrent;
using System.Globalization;
using Antlr.Runtime;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using NCalc.Domain;

namespace KpiEngine.Expressions;

/// <summary>
/// The one seam to NCalc: lexes and parses formula text with NCalc's ANTLR grammar and turns
/// its tree into our <see cref="FormulaNode"/> tree with source offsets. We drive the lexer and
/// parser ourselves (never <c>Expression.Evaluate</c>, never its global cache) because the
/// packaged entry point prints lexer errors to stderr and drops the offending characters,
/// accepts trailing junk, and parses numbers and dates with the current culture.
/// </summary>
internal static class FormulaParser
{
    // Trees of formulas that parsed without any diagnostic, by their text: a batch of clients shares its
    // formulas, and NCalc's parser was the largest cost of validating one. A tree holds offsets into its
    // text only and is immutable, so a text parses to the same tree wherever it is written. Bounded, so a
    // long-running host that sees ever new formulas keeps parsing them instead of growing.
    private static readonly ConcurrentDictionary<string, FormulaNode> Parsed = new(StringComparer.Ordinal);
    private const int MaxParsed = 4096;

    /// <summary>Parses a formula, or reports every syntax problem (KPI2001, KPI2008, KPI2009) and returns null.</summary>
    public static FormulaNode? Parse(FormulaSource source, string owner, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (Parsed.TryGetValue(source.Text, out var known))
        {
            return known;
        }

        var before = diagnostics.Count;
        var node = ParseText(source, owner, diagnostics);
        if (node is not null && diagnostics.Count == before && Parsed.Count < MaxParsed)
        {
            Parsed.TryAdd(source.Text, node);
        }

        return node;
    }

    private static FormulaNode? ParseText(FormulaSource source, string owner, DiagnosticBag diagnostics)
    {
        if (!FormulaLimits.Check(source, owner, diagnostics))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(source.Text))
        {
            diagnostics.Add(DiagnosticCatalog.FormulaSyntax, $"{owner}: the formula is empty.", source.Span);
            return null;
        }

        var lexer = new CapturingLexer(new ANTLRStringStream(source.Text));
        var stream = new CommonTokenStream(lexer);
        stream.Fill();
        var tokens = stream.GetTokens().Where(t => t.Channel == TokenChannels.Default && t.Type != TokenTypes.EndOfFile).ToList();
        var reported = diagnostics.ErrorCount;
        foreach (var error in lexer.Errors)
        {
            ReportLexerError(source, owner, diagnostics, error);
        }

        foreach (var token in tokens)
        {
            CheckToken(source, owner, diagnostics, token);
        }

        if (diagnostics.ErrorCount > reported)
        {
            return null;
        }

        stream.Seek(0);
        var parser = new CapturingParser(stream);
        LogicalExpression? tree = null;
        Exception? failure = null;
        try
        {
            tree = parser.ncalcExpression().value;
        }
        catch (Exception exception) when (exception is RecognitionException or NullReferenceException or FormatException or OverflowException or InvalidOperationException)
        {
            // The generated parser dereferences null after some errors it has already recorded.
            failure = exception;
        }

        if (parser.FirstError is { } syntaxError)
        {
            ReportParserError(source, owner, diagnostics, parser, syntaxError);
            return null;
        }

        if (tree is null || failure is not null || stream.LA(1) != TokenTypes.EndOfFile)
        {
            var at = stream.LT(1) is { Type: not TokenTypes.EndOfFile } next ? next.StartIndex : source.Text.Length;
            diagnostics.Add(DiagnosticCatalog.FormulaSyntax, $"{owner}: the formula cannot be read past this point.", source.Locate(at));
            return null;
        }

        try
        {
            var converter = new TreeConverter(tokens);
            var node = converter.Convert(tree);
            return converter.ConsumedAllLeaves ? node : throw new FormatException("Not every token became part of the tree.");
        }
        catch (FormatException exception)
        {
            diagnostics.Add(DiagnosticCatalog.FormulaSyntax, $"{owner}: the formula cannot be read ({exception.Message}).", source.Span);
            return null;
        }
    }

    private static void ReportLexerError(FormulaSource source, string owner, DiagnosticBag diagnostics, RecognitionException error)
    {
        var offset = Math.Clamp(error.Index, 0, source.Text.Length);
        var character = error.Character;
        string message;
        string? suggestion = null;
        if (character < 0 || offset >= source.Text.Length)
        {
            message = "unexpected end of formula";
            suggestion = "Close every ' and [ you open.";
        }
        else
        {
            var c = (char)character;
            message = $"unexpected character '{c}'";
            if (c == '"')
            {
                suggestion = "Text is written in single quotes: 'cancelled'.";
            }
            else if (char.IsLetter(c))
            {
                suggestion = "A name with letters outside A-Z must be written in brackets, e.g. [prïce].";
            }
        }

        diagnostics.Add(DiagnosticCatalog.FormulaSyntax, $"{owner}: {message}.", source.Locate(offset), suggestion);
    }

    private static void CheckToken(FormulaSource source, string owner, DiagnosticBag diagnostics, IToken token)
    {
        var at = source.Locate(token.StartIndex, token.Text.Length);
        switch (token.Text)
        {
            case "^":
                diagnostics.Add(DiagnosticCatalog.TypeMismatch, $"{owner}: ^ is bitwise XOR in NCalc, not a power.", at, "Use Pow(a, b).");
                return;
            case "&" or "|":
                diagnostics.Add(DiagnosticCatalog.TypeMismatch, $"{owner}: {token.Text} is a bitwise operator, which formulas do not support.", at, $"For a condition use {token.Text}{token.Text} (or '{(token.Text == "&" ? "and" : "or")}').");
                return;
            case "<<" or ">>" or "~":
                diagnostics.Add(DiagnosticCatalog.TypeMismatch, $"{owner}: {token.Text} is a bitwise operator, which formulas do not support.", at);
                return;
        }

        if (token.Type == NCalcParser.INTEGER && !long.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            diagnostics.Add(DiagnosticCatalog.FormulaSyntax, $"{owner}: the number {token.Text} is too large.", at, $"Write it with an exponent, e.g. {token.Text[0]}e{token.Text.Length - 1}.");
        }
        else if (token.Type == NCalcParser.DATETIME && ParseDate(token.Text) is null)
        {
            diagnostics.Add(DiagnosticCatalog.FormulaSyntax, $"{owner}: {token.Text} is not a date.", at, "Write dates as #yyyy-MM-dd#, e.g. #2026-01-31#.");
        }
    }

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>Reads <c>#yyyy-MM-dd#</c> ourselves: NCalc parses date literals with the current culture.</summary>
    internal static DateTime? ParseDate(string token) =>
        token.Length > 2 && DateTime.TryParseExact(token[1..^1], DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    private static void ReportParserError(FormulaSource source, string owner, DiagnosticBag diagnostics, CapturingParser parser, RecognitionException error)
    {
        var token = error.Token;
        var atEnd = token is null || token.Type == TokenTypes.EndOfFile;
        var offset = atEnd ? source.Text.TrimEnd().Length : token!.StartIndex;
        string message;
        string? suggestion = null;
        if (atEnd)
        {
            message = "unexpected end of formula";
            if (error is MismatchedTokenException { Expecting: > 0 } mismatch)
            {
                message += $"; expected {parser.TokenNames[mismatch.Expecting]}";
            }
        }
        else if (error is UnwantedTokenException or MissingTokenException || (error is MismatchedTokenException { Expecting: TokenTypes.EndOfFile }))
        {
            message = $"unexpected '{token!.Text}' after a complete expression";
            suggestion = "An operator or a comma may be missing, or there is text left over.";
        }
        else
        {
            message = $"unexpected '{token!.Text}'";
        }

        diagnostics.Add(DiagnosticCatalog.FormulaSyntax, $"{owner}: {message}.", source.Locate(offset, atEnd ? 1 : token!.Text.Length), suggestion);
    }

    /// <summary>Collects lexer errors instead of printing them to stderr (the ANTLR default).</summary>
    private sealed class CapturingLexer(ICharStream input) : NCalcLexer(input)
    {
        public List<RecognitionException> Errors { get; } = [];

        public override void ReportError(RecognitionException e) => Errors.Add(e);
    }

    /// <summary>Keeps the first parser error as data (token and offset) rather than NCalc's "line 1:col" text.</summary>
    private sealed class CapturingParser(ITokenStream input) : NCalcParser(input)
    {
        public RecognitionException? FirstError { get; private set; }

        public override void ReportError(RecognitionException e)
        {
            FirstError ??= e;
            base.ReportError(e);
        }
    }

    /// <summary>
    /// Walks NCalc's tree in source order. NCalc's nodes carry no positions, but every leaf
    /// (name, function name, literal) comes from exactly one token and infix trees list their
    /// leaves left to right, so the n-th leaf visited is the n-th leaf token.
    /// </summary>
    private sealed class TreeConverter
    {
        private readonly List<IToken> _tokens;
        private readonly List<int> _leaves = [];
        private readonly int[] _closing;
        private int _next;

        public TreeConverter(List<IToken> tokens)
        {
            _tokens = tokens;
            _closing = new int[tokens.Count];
            var open = new Stack<int>();
            for (var i = 0; i < tokens.Count; i++)
            {
                var token = tokens[i];
                if (token.Text == "(")
                {
                    open.Push(i);
                }
                else if (token.Text == ")" && open.Count > 0)
                {
                    _closing[open.Pop()] = i;
                }

                if (token.Type is NCalcParser.ID or NCalcParser.NAME or NCalcParser.INTEGER or NCalcParser.FLOAT
                    or NCalcParser.STRING or NCalcParser.DATETIME or NCalcParser.TRUE or NCalcParser.FALSE)
                {
                    _leaves.Add(i);
                }
            }
        }

        public bool ConsumedAllLeaves => _next == _leaves.Count;

        public FormulaNode Convert(LogicalExpression expression) => Visit(expression).Node;

        private (FormulaNode Node, int First, int Last) Visit(LogicalExpression expression)
        {
            switch (expression)
            {
                case ValueExpression value:
                    {
                        var index = NextLeaf();
                        var token = _tokens[index];
                        return (Literal(value, token), index, index);
                    }

                case Identifier identifier:
                    {
                        var index = NextLeaf();
                        var token = _tokens[index];
                        if (token.Type == NCalcParser.ID && (string.Equals(token.Text, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(token.Text, "false", StringComparison.OrdinalIgnoreCase)))
                        {
                            return (new BooleanLiteral(string.Equals(token.Text, "true", StringComparison.OrdinalIgnoreCase), token.StartIndex, End(token)), index, index);
                        }

                        Expect(token, NCalcParser.ID, NCalcParser.NAME);
                        return (new NameNode(identifier.Name, token.StartIndex, End(token)), index, index);
                    }

                case Function function:
                    {
                        var index = NextLeaf();
                        var token = _tokens[index];
                        Expect(token, NCalcParser.ID);
                        var arguments = function.Expressions.Select(a => Visit(a).Node).ToList();
                        var close = index + 1 < _tokens.Count ? _closing[index + 1] : 0;
                        if (close <= index)
                        {
                            throw new FormatException($"no closing parenthesis for {token.Text}");
                        }

                        return (new CallNode(function.Identifier.Name, arguments, token.StartIndex, End(_tokens[close])), index, close);
                    }

                case UnaryExpression unary:
                    {
                        var operand = Visit(unary.Expression);
                        var op = operand.First - 1;
                        while (op > 0 && _tokens[op].Text == "(")
                        {
                            op--;
                        }

                        var type = unary.Type switch
                        {
                            UnaryExpressionType.Negate => UnaryOperator.Negate,
                            UnaryExpressionType.Not => UnaryOperator.Not,
                            _ => throw new FormatException($"unsupported operator {unary.Type}"),
                        };
                        var start = op >= 0 ? _tokens[op].StartIndex : operand.Node.Start;
                        return (new UnaryNode(type, operand.Node, start, operand.Node.End), Math.Max(op, 0), operand.Last);
                    }

                case BinaryExpression binary:
                    {
                        var left = Visit(binary.LeftExpression);
                        var right = Visit(binary.RightExpression);
                        var op = left.Last + 1;
                        while (op < right.First && _tokens[op].Text == ")")
                        {
                            op++;
                        }

                        var opToken = _tokens[Math.Min(op, _tokens.Count - 1)];
                        return (
                            new BinaryNode(Operator(binary.Type), left.Node, right.Node, opToken.StartIndex, opToken.Text.Length, left.Node.Start, right.Node.End),
                            left.First,
                            right.Last);
                    }

                case TernaryExpression ternary:
                    {
                        var condition = Visit(ternary.LeftExpression);
                        var whenTrue = Visit(ternary.MiddleExpression);
                        var whenFalse = Visit(ternary.RightExpression);
                        return (new ConditionalNode(condition.Node, whenTrue.Node, whenFalse.Node, condition.Node.Start, whenFalse.Node.End), condition.First, whenFalse.Last);
                    }

                default:
                    throw new FormatException($"unsupported expression {expression.GetType().Name}");
            }
        }

        private int NextLeaf() =>
            _next < _leaves.Count ? _leaves[_next++] : throw new FormatException("more tree leaves than tokens");

        private static int End(IToken token) => token.StopIndex + 1;

        private static void Expect(IToken token, params int[] types)
        {
            if (!types.Contains(token.Type))
            {
                throw new FormatException($"unexpected token '{token.Text}'");
            }
        }

        private static FormulaNode Literal(ValueExpression value, IToken token)
        {
            var end = End(token);
            switch (token.Type)
            {
                case NCalcParser.INTEGER or NCalcParser.FLOAT:
                    // Re-read the token ourselves so the value never depends on the current culture.
                    return new NumberLiteral(double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture), token.StartIndex, end);
                case NCalcParser.STRING when value.Value is string text:
                    return new TextLiteral(text, token.StartIndex, end);
                case NCalcParser.DATETIME:
                    return new DateLiteral(ParseDate(token.Text) ?? throw new FormatException($"bad date {token.Text}"), token.StartIndex, end);
                case NCalcParser.TRUE or NCalcParser.FALSE:
                    return new BooleanLiteral(token.Type == NCalcParser.TRUE, token.StartIndex, end);
                default:
                    throw new FormatException($"unexpected token '{token.Text}'");
            }
        }

        private static BinaryOperator Operator(BinaryExpressionType type) => type switch
        {
            BinaryExpressionType.Plus => BinaryOperator.Add,
            BinaryExpressionType.Minus => BinaryOperator.Subtract,
            BinaryExpressionType.Times => BinaryOperator.Multiply,
            BinaryExpressionType.Div => BinaryOperator.Divide,
            BinaryExpressionType.Modulo => BinaryOperator.Modulo,
            BinaryExpressionType.Equal => BinaryOperator.Equal,
            BinaryExpressionType.NotEqual => BinaryOperator.NotEqual,
            BinaryExpressionType.Lesser => BinaryOperator.Less,
            BinaryExpressionType.LesserOrEqual => BinaryOperator.LessOrEqual,
            BinaryExpressionType.Greater => BinaryOperator.Greater,
            BinaryExpressionType.GreaterOrEqual => BinaryOperator.GreaterOrEqual,
            BinaryExpressionType.And => BinaryOperator.And,
            BinaryExpressionType.Or => BinaryOperator.Or,
            _ => throw new FormatException($"unsupported operator {type}"),
        };
    }
}
