namespace KpiEngine.Expressions;

/// <summary>Binary operators of the formula language (NCalc's, minus the bitwise ones we reject).</summary>
internal enum BinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    And,
    Or,
}

/// <summary>Prefix operators.</summary>
internal enum UnaryOperator
{
    Negate,
    Not,
}

/// <summary>
/// Our own syntax tree of a formula, converted from NCalc's tree once, with character offsets
/// into <see cref="KpiEngine.Definitions.FormulaSource.Text"/> (<see cref="Start"/> inclusive,
/// <see cref="End"/> exclusive) so every later diagnostic can point at the right place.
/// </summary>
internal abstract record FormulaNode(int Start, int End)
{
    public int Length => End - Start;
}

internal sealed record NumberLiteral(double Value, int Start, int End) : FormulaNode(Start, End);

internal sealed record TextLiteral(string Value, int Start, int End) : FormulaNode(Start, End);

internal sealed record BooleanLiteral(bool Value, int Start, int End) : FormulaNode(Start, End);

/// <summary>A <c>#2026-01-01#</c> literal: days since 0001-01-01, like date cells in a <see cref="RowBuffer"/>.</summary>
internal sealed record DateLiteral(DateTime Value, int Start, int End) : FormulaNode(Start, End)
{
    public double Days => Value.Ticks / (double)TimeSpan.TicksPerDay;
}

/// <summary><c>[name]</c> or a bare <c>name</c>.</summary>
internal sealed record NameNode(string Name, int Start, int End) : FormulaNode(Start, End);

/// <summary>A function call; <see cref="FormulaNode.Start"/> is the function name, <see cref="FormulaNode.End"/> is after the closing parenthesis.</summary>
internal sealed record CallNode(string Name, IReadOnlyList<FormulaNode> Arguments, int Start, int End) : FormulaNode(Start, End);

internal sealed record UnaryNode(UnaryOperator Operator, FormulaNode Operand, int Start, int End) : FormulaNode(Start, End);

/// <summary>A binary operation; <see cref="OperatorStart"/> is where the operator is written.</summary>
internal sealed record BinaryNode(BinaryOperator Operator, FormulaNode Left, FormulaNode Right, int OperatorStart, int OperatorLength, int Start, int End)
    : FormulaNode(Start, End);

/// <summary><c>condition ? whenTrue : whenFalse</c>.</summary>
internal sealed record ConditionalNode(FormulaNode Condition, FormulaNode WhenTrue, FormulaNode WhenFalse, int Start, int End)
    : FormulaNode(Start, End);
