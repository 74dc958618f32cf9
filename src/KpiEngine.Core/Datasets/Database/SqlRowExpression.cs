using System.Globalization;
using KpiEngine.Definitions;
using KpiEngine.Expressions;

namespace KpiEngine.Datasets;

/// <summary>How a column of a PostgreSQL table is typed, as far as pushdown cares.</summary>
internal enum SqlColumnKind
{
    /// <summary>A type pushdown does not translate (json, arrays, intervals ...): the rows are streamed.</summary>
    Other,

    /// <summary>smallint, integer, bigint: whole numbers, exact as doubles up to 2^53 and summed exactly as numeric.</summary>
    Integer,

    /// <summary>numeric/decimal: exact decimals, summed exactly; may hold NaN or infinities (checked per scan).</summary>
    Decimal,

    /// <summary>real, double precision: binary floats; may hold NaN or infinities (checked per scan).</summary>
    Float,

    /// <summary>text, varchar, char.</summary>
    Text,

    /// <summary>boolean.</summary>
    Boolean,

    /// <summary>date.</summary>
    Date,

    /// <summary>timestamp without time zone.</summary>
    Timestamp,

    /// <summary>timestamp with time zone: Npgsql reads it as UTC, so its day is the UTC day.</summary>
    TimestampUtc,
}

/// <summary>
/// Translates the row-level formula language (aggregate arguments, conditions, dataset filters) into
/// PostgreSQL expressions with exactly the engine's semantics, or says why it cannot. The engine's
/// rules it keeps: a missing value is NaN (numbers) or null (texts); comparisons with a missing value
/// are false, so every condition is made two-valued with <c>COALESCE(..., false)</c> before NOT sees it;
/// texts are trimmed of blanks and an empty text is missing; numbers are compared and computed as
/// doubles (<c>float8</c>, whose arithmetic is IEEE double arithmetic); text equality is ordinal
/// (byte equality under <c>COLLATE "C"</c>). Anything whose semantics differ (division, which the engine
/// turns into a "division by zero" marker; text order, Lower/Upper, Len, Round, dates in formulas)
/// is refused with a reason, and the dataset is streamed.
/// </summary>
internal sealed class SqlRowExpression(DatasetSchema schema, IReadOnlyDictionary<string, SqlColumnKind> kinds, IReadOnlyDictionary<string, double> parameters)
{
    /// <summary>Why the last translation failed; null after a success.</summary>
    public string? Refusal { get; private set; }

    /// <summary>The number and decimal columns read: their NaN and infinities must be checked per scan.</summary>
    public HashSet<string> CheckedNumberColumns { get; } = new(StringComparer.Ordinal);

    /// <summary>A double-valued expression (NULL for missing), or null with <see cref="Refusal"/> set.</summary>
    public string? Number(FormulaNode node) => Translate(node) is { Type: FormulaType.Number } term ? term.Sql : Refuse(node, "is not a number");

    /// <summary>A text-valued expression (NULL for missing, never empty), or null with <see cref="Refusal"/> set.</summary>
    public string? Text(FormulaNode node) => Translate(node) is { Type: FormulaType.Text } term ? term.Sql : Refuse(node, "is not a text");

    /// <summary>A two-valued condition (never NULL), or null with <see cref="Refusal"/> set.</summary>
    public string? Condition(FormulaNode node) => Translate(node) is { } term ? AsCondition(term, node) : null;

    /// <summary>The type a translated node has, without its SQL: null when it does not translate.</summary>
    public FormulaType? TypeOf(FormulaNode node) => Translate(node)?.Type;

    /// <summary>The exact decimal of a numeric column for sums: a bare integer or decimal column summed as numeric loses nothing.</summary>
    public string? ExactColumn(FormulaNode node) =>
        node is NameNode name && schema.Find(name.Name) is { SourceIndex: >= 0 } column && kinds.GetValueOrDefault(column.Name) is SqlColumnKind.Integer or SqlColumnKind.Decimal
            ? $"{Quote(column.Name)}::numeric"
            : null;

    /// <summary>A column's quoted name.</summary>
    public static string Quote(string name) => DatabaseConnection.Quote(name, qualified: false);

    /// <summary>A text column's value as the engine reads it: blanks and tabs trimmed, empty as missing.</summary>
    public static string TextColumn(string name) => $"NULLIF(btrim({Quote(name)}::text, E' \\t'), '')";

    /// <summary>A double as a SQL literal that reads back as the same double.</summary>
    public static string Literal(double value) => $"CAST('{value.ToString("R", CultureInfo.InvariantCulture)}' AS float8)";

    /// <summary>A text as a SQL escape-string literal (quote and backslash doubled), read the same whatever standard_conforming_strings says.</summary>
    public static string Literal(string value) => $"E'{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal)}'";

    private readonly record struct Term(string Sql, FormulaType Type);

    private string? Refuse(FormulaNode node, string why)
    {
        Refusal ??= $"{FormulaPrinter.Print(node)} {why}";
        return null;
    }

    private Term? Fail(FormulaNode node, string why)
    {
        Refuse(node, why);
        return null;
    }

    private string? AsCondition(Term term, FormulaNode node) =>
        term.Type == FormulaType.Condition ? term.Sql : Refuse(node, "is not a condition");

    private Term? Translate(FormulaNode node)
    {
        switch (node)
        {
            case NumberLiteral number:
                return new Term(Literal(number.Value), FormulaType.Number);
            case TextLiteral text:
                return new Term(Literal(text.Value), FormulaType.Text);
            case BooleanLiteral boolean:
                return new Term(boolean.Value ? "TRUE" : "FALSE", FormulaType.Condition);
            case NameNode name:
                return Name(name);
            case UnaryNode { Operator: UnaryOperator.Not } not:
                return Translate(not.Operand) is { Type: FormulaType.Condition } operand ? new Term($"(NOT {operand.Sql})", FormulaType.Condition) : Fail(not, "cannot be pushed down");
            case UnaryNode negate:
                return Translate(negate.Operand) is { Type: FormulaType.Number } value ? new Term($"(-{value.Sql})", FormulaType.Number) : Fail(negate, "cannot be pushed down");
            case BinaryNode binary:
                return Binary(binary);
            case ConditionalNode conditional:
                return Conditional(conditional, conditional.Condition, conditional.WhenTrue, conditional.WhenFalse);
            case CallNode call:
                return Call(call);
            default:
                // Date literals: the engine compares days with fractions, a translation is not worth the risk.
                return Fail(node, "(a date literal) is not pushed down");
        }
    }

    private Term? Name(NameNode name)
    {
        if (schema.Find(name.Name) is { } column)
        {
            if (column.SourceIndex < 0)
            {
                return Fail(name, "is a borrowed column, which the database does not hold");
            }

            var kind = kinds.GetValueOrDefault(column.Name);
            switch (column.Type, kind)
            {
                case (ColumnType.Number, SqlColumnKind.Integer):
                    return new Term($"{Quote(column.Name)}::float8", FormulaType.Number);
                case (ColumnType.Number, SqlColumnKind.Decimal or SqlColumnKind.Float):
                    CheckedNumberColumns.Add(column.Name);
                    return new Term($"{Quote(column.Name)}::float8", FormulaType.Number);
                case (ColumnType.Text, SqlColumnKind.Text):
                    return new Term(TextColumn(column.Name), FormulaType.Text);
                case (ColumnType.Boolean, SqlColumnKind.Boolean):
                    // A boolean column used as a condition is true only for true (missing is false).
                    return new Term($"COALESCE({Quote(column.Name)}, FALSE)", FormulaType.Condition);
                default:
                    return Fail(name, $"is a {column.Type.ToString().ToLowerInvariant()} column of database type {kind}, which pushdown does not translate");
            }
        }

        return parameters.TryGetValue(name.Name, out var value)
            ? new Term(Literal(value), FormulaType.Number)
            : Fail(name, "is not a column of the dataset");
    }

    private Term? Binary(BinaryNode binary)
    {
        if (binary.Operator is BinaryOperator.Divide or BinaryOperator.Modulo)
        {
            // The engine turns x/0 into a "division by zero" marker that makes the aggregate undefined with a count of rows.
            return Fail(binary, "divides, and a division by zero per row is only reported by the in-process scan");
        }

        if (Translate(binary.Left) is not { } left || Translate(binary.Right) is not { } right)
        {
            return null;
        }

        switch (binary.Operator)
        {
            case BinaryOperator.And or BinaryOperator.Or when left.Type == FormulaType.Condition && right.Type == FormulaType.Condition:
                return new Term($"({left.Sql} {(binary.Operator == BinaryOperator.And ? "AND" : "OR")} {right.Sql})", FormulaType.Condition);
            case BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply when left.Type == FormulaType.Number && right.Type == FormulaType.Number:
                return new Term($"({left.Sql} {FormulaPrinter.Symbol(binary.Operator)} {right.Sql})", FormulaType.Number);
            case BinaryOperator.Equal or BinaryOperator.NotEqual when left.Type == FormulaType.Condition && right.Type == FormulaType.Condition:
                return new Term($"({left.Sql} {(binary.Operator == BinaryOperator.Equal ? "=" : "<>")} {right.Sql})", FormulaType.Condition);
            case BinaryOperator.Equal or BinaryOperator.NotEqual when left.Type == FormulaType.Text && right.Type == FormulaType.Text:
                // Not(TextEqual): a missing text differs from every text.
                var equal = $"COALESCE(({left.Sql}) COLLATE \"C\" = ({right.Sql}) COLLATE \"C\", FALSE)";
                return new Term(binary.Operator == BinaryOperator.Equal ? equal : $"(NOT {equal})", FormulaType.Condition);
            case BinaryOperator.Equal or BinaryOperator.NotEqual or BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual
                when left.Type == FormulaType.Number && right.Type == FormulaType.Number:
                // FormulaFunctions.NotEqual: false when either side is missing, as every number comparison.
                var op = binary.Operator switch
                {
                    BinaryOperator.Equal => "=",
                    BinaryOperator.NotEqual => "<>",
                    BinaryOperator.Less => "<",
                    BinaryOperator.LessOrEqual => "<=",
                    BinaryOperator.Greater => ">",
                    _ => ">=",
                };
                return new Term($"COALESCE({left.Sql} {op} {right.Sql}, FALSE)", FormulaType.Condition);
            default:
                // Text order is ordinal UTF-16 in the engine and byte order in PostgreSQL: they differ for some characters.
                return Fail(binary, "compares in a way pushdown does not translate exactly");
        }
    }

    private Term? Conditional(FormulaNode node, FormulaNode conditionNode, FormulaNode whenTrueNode, FormulaNode whenFalseNode)
    {
        if (Translate(conditionNode) is not { Type: FormulaType.Condition } condition || Translate(whenTrueNode) is not { } whenTrue || Translate(whenFalseNode) is not { } whenFalse)
        {
            return Fail(node, "cannot be pushed down");
        }

        return whenTrue.Type == whenFalse.Type
            ? new Term($"(CASE WHEN {condition.Sql} THEN {whenTrue.Sql} ELSE {whenFalse.Sql} END)", whenTrue.Type)
            : Fail(node, "mixes types");
    }

    private Term? Call(CallNode call)
    {
        var name = FunctionCatalog.FindScalar(call.Name)?.Name;
        var args = call.Arguments;
        switch (name)
        {
            case "if" when args.Count == 3:
                return Conditional(call, args[0], args[1], args[2]);
            case "in" when args.Count >= 2:
                {
                    var terms = args.Select(Translate).ToList();
                    if (terms.Any(t => t is null) || terms[0]!.Value.Type == FormulaType.Condition || terms.Any(t => t!.Value.Type != terms[0]!.Value.Type))
                    {
                        return Fail(call, "cannot be pushed down");
                    }

                    var collate = terms[0]!.Value.Type == FormulaType.Text ? " COLLATE \"C\"" : string.Empty;
                    return new Term($"COALESCE(({terms[0]!.Value.Sql}){collate} IN ({string.Join(", ", terms.Skip(1).Select(t => $"({t!.Value.Sql}){collate}"))}), FALSE)", FormulaType.Condition);
                }

            case "IsMissing" when args.Count == 1:
                return Translate(args[0]) is { Type: FormulaType.Number or FormulaType.Text } value ? new Term($"({value.Sql} IS NULL)", FormulaType.Condition) : Fail(call, "cannot be pushed down");
            case "Coalesce" when args.Count >= 2:
                {
                    var terms = args.Select(Translate).ToList();
                    return terms.Any(t => t is null) || terms[0]!.Value.Type == FormulaType.Condition || terms.Any(t => t!.Value.Type != terms[0]!.Value.Type)
                        ? Fail(call, "cannot be pushed down")
                        : new Term($"COALESCE({string.Join(", ", terms.Select(t => t!.Value.Sql))})", terms[0]!.Value.Type);
                }

            case "Abs" or "Floor" or "Ceiling" or "Truncate" when args.Count == 1:
                // The same IEEE operations on float8 as Math.Abs/Floor/Ceiling/Truncate on doubles.
                return Translate(args[0]) is { Type: FormulaType.Number } number
                    ? new Term($"{(name == "Truncate" ? "trunc" : name!.ToLowerInvariant())}({number.Sql})", FormulaType.Number)
                    : Fail(call, "cannot be pushed down");
            case "Contains" or "StartsWith" or "EndsWith" when args.Count == 2:
                {
                    if (Translate(args[0]) is not { Type: FormulaType.Text } whole || Translate(args[1]) is not { Type: FormulaType.Text } part)
                    {
                        return Fail(call, "cannot be pushed down");
                    }

                    // Ordinal containment is byte containment of the UTF-8 texts; strpos and right() are not collation-aware.
                    var test = name switch
                    {
                        "Contains" => $"strpos({whole.Sql}, {part.Sql}) > 0",
                        "StartsWith" => $"left({whole.Sql}, length({part.Sql})) = ({part.Sql}) COLLATE \"C\"",
                        _ => $"right({whole.Sql}, length({part.Sql})) = ({part.Sql}) COLLATE \"C\"",
                    };
                    return new Term($"COALESCE({test}, FALSE)", FormulaType.Condition);
                }

            default:
                return Fail(call, "uses a function pushdown does not translate exactly");
        }
    }
}
