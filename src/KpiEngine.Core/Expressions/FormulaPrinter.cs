using System.Globalization;
using System.Text;

namespace KpiEngine.Expressions;

/// <summary>
/// Prints a <see cref="FormulaNode"/> in one canonical form: names in brackets, canonical
/// function spelling, single spaces around operators, only the parentheses precedence needs,
/// invariant numbers. Two spellings of the same aggregate print the same, which makes the
/// printed text usable as an aggregate's identity.
/// </summary>
internal static class FormulaPrinter
{
    public static string Print(FormulaNode node)
    {
        var text = new StringBuilder();
        Write(text, node);
        return text.ToString();
    }

    private static void Write(StringBuilder text, FormulaNode node)
    {
        switch (node)
        {
            case NumberLiteral number:
                text.Append(number.Value.ToString("R", CultureInfo.InvariantCulture));
                break;
            case TextLiteral literal:
                text.Append('\'').Append(literal.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)).Append('\'');
                break;
            case BooleanLiteral boolean:
                text.Append(boolean.Value ? "true" : "false");
                break;
            case DateLiteral date:
                text.Append('#').Append(date.Value.ToString(date.Value.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)).Append('#');
                break;
            case NameNode name:
                text.Append('[').Append(name.Name).Append(']');
                break;
            case CallNode call:
                text.Append(CanonicalName(call)).Append('(');
                for (var i = 0; i < call.Arguments.Count; i++)
                {
                    if (i > 0)
                    {
                        text.Append(", ");
                    }

                    Write(text, call.Arguments[i]);
                }

                text.Append(')');
                break;
            case UnaryNode unary:
                text.Append(unary.Operator == UnaryOperator.Negate ? "-" : "!");
                WriteOperand(text, unary.Operand, Precedence(unary), parenthesizeEqual: false);
                break;
            case BinaryNode binary:
                var precedence = Precedence(binary);
                WriteOperand(text, binary.Left, precedence, parenthesizeEqual: false);
                text.Append(' ').Append(Symbol(binary.Operator)).Append(' ');
                WriteOperand(text, binary.Right, precedence, parenthesizeEqual: true);
                break;
            case ConditionalNode conditional:
                WriteOperand(text, conditional.Condition, 1, parenthesizeEqual: true);
                text.Append(" ? ");
                WriteOperand(text, conditional.WhenTrue, 1, parenthesizeEqual: true);
                text.Append(" : ");
                WriteOperand(text, conditional.WhenFalse, 1, parenthesizeEqual: true);
                break;
            default:
                throw new ArgumentException($"Unknown node {node.GetType().Name}.", nameof(node));
        }
    }

    private static void WriteOperand(StringBuilder text, FormulaNode operand, int parent, bool parenthesizeEqual)
    {
        var own = Precedence(operand);
        var parenthesize = own < parent || (parenthesizeEqual && own == parent);
        if (parenthesize)
        {
            text.Append('(');
        }

        Write(text, operand);
        if (parenthesize)
        {
            text.Append(')');
        }
    }

    private static string CanonicalName(CallNode call) =>
        (FunctionCatalog.IsAggregateCall(call) ? FunctionCatalog.FindAggregate(call.Name) : FunctionCatalog.FindScalar(call.Name))?.Name ?? call.Name;

    private static int Precedence(FormulaNode node) => node switch
    {
        ConditionalNode => 0,
        BinaryNode { Operator: BinaryOperator.Or } => 1,
        BinaryNode { Operator: BinaryOperator.And } => 2,
        BinaryNode { Operator: BinaryOperator.Equal or BinaryOperator.NotEqual } => 3,
        BinaryNode { Operator: BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual } => 4,
        BinaryNode { Operator: BinaryOperator.Add or BinaryOperator.Subtract } => 5,
        BinaryNode => 6,
        UnaryNode => 7,
        _ => 8,
    };

    public static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Modulo => "%",
        BinaryOperator.Equal => "=",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.And => "&&",
        BinaryOperator.Or => "||",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };
}
