using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using LinqExpression = System.Linq.Expressions.Expression;
using ParameterExpression = System.Linq.Expressions.ParameterExpression;

namespace KpiEngine.Expressions;

/// <summary>A compiled row-level sub-expression and its type.</summary>
internal readonly record struct RowTerm(LinqExpression Expression, FormulaType Type, bool IsBooleanColumn = false);

/// <summary>
/// Compiles row-level formula parts (aggregate arguments, dataset filters) into
/// System.Linq.Expressions over a <see cref="RowBuffer"/>. Names are columns, or parameters as
/// constants. Types are checked here so no type error can happen while scanning rows. Missing
/// values: NaN flows through arithmetic, comparisons with NaN are false.
/// </summary>
internal sealed class RowCompiler(FormulaContext context, DatasetSchema dataset, bool inAggregate)
{
    private readonly List<ColumnSchema> _columns = [];

    public ParameterExpression Row { get; } = LinqExpression.Parameter(typeof(RowBuffer), "row");

    /// <summary>The columns read so far, in order of first use.</summary>
    public IReadOnlyList<ColumnSchema> Columns => _columns;

    /// <summary>Compiles a node, or reports and returns null.</summary>
    public RowTerm? Compile(FormulaNode node) => node switch
    {
        NumberLiteral number => new RowTerm(LinqExpression.Constant(number.Value), FormulaType.Number),
        DateLiteral date => new RowTerm(LinqExpression.Constant(date.Days), FormulaType.Number),
        TextLiteral text => new RowTerm(LinqExpression.Constant(text.Value, typeof(string)), FormulaType.Text),
        BooleanLiteral boolean => new RowTerm(LinqExpression.Constant(boolean.Value), FormulaType.Condition),
        NameNode name => CompileName(name),
        UnaryNode unary => CompileUnary(unary),
        BinaryNode binary => CompileBinary(binary),
        ConditionalNode conditional => CompileConditional(conditional.Condition, conditional.WhenTrue, conditional.WhenFalse),
        CallNode call => CompileCall(call),
        _ => throw new ArgumentException($"Unknown node {node.GetType().Name}.", nameof(node)),
    };

    /// <summary>Compiles a node that must be a condition (a boolean column counts).</summary>
    public LinqExpression? CompileCondition(FormulaNode node) => Compile(node) is { } term ? AsCondition(term, node) : null;

    private LinqExpression? AsCondition(RowTerm term, FormulaNode node)
    {
        if (term.Type == FormulaType.Condition)
        {
            return term.Expression;
        }

        if (term.IsBooleanColumn)
        {
            return Call(nameof(FormulaFunctions.IsTrue), term.Expression);
        }

        context.Report(
            DiagnosticCatalog.TypeMismatch,
            $"{context.Text(node)} is {FormulaContext.Describe(term.Type)}, but a condition (true/false) is needed here.",
            node,
            term.Type == FormulaType.Text ? $"Compare it, e.g. {context.Text(node)} = 'paid'." : $"Compare it, e.g. {context.Text(node)} > 0.");
        return null;
    }

    private LinqExpression? Expect(RowTerm? term, FormulaNode node, FormulaType type, string why)
    {
        if (term is not { } value)
        {
            return null;
        }

        if (type == FormulaType.Condition)
        {
            return AsCondition(value, node);
        }

        if (value.Type == type)
        {
            return value.Expression;
        }

        if (value.Type == FormulaType.Text && type == FormulaType.Number && ReportEmptyColumn(node, why))
        {
            return null;
        }

        context.Report(
            DiagnosticCatalog.TypeMismatch,
            $"{context.Text(node)} is {FormulaContext.Describe(value.Type)}; {why} needs {FormulaContext.Describe(type)}.",
            node,
            value.Type == FormulaType.Condition && type == FormulaType.Number ? "Use if(condition, 1, 0) to turn a condition into a number." : null);
        return null;
    }

    /// <summary>
    /// Reports KPI7061 instead of a plain type mismatch when <paramref name="node"/> is a column that is
    /// text only because it was empty in every sampled row; false for anything else (nothing reported).
    /// </summary>
    public bool ReportEmptyColumn(FormulaNode node, string user)
    {
        if (node is NameNode name && dataset.EmptyColumnProblem(name.Name, user) is { } problem)
        {
            context.Report(DiagnosticCatalog.EmptyColumnIsText, problem.Message, node, problem.Suggestion);
            return true;
        }

        return false;
    }

    private RowTerm? CompileName(NameNode name)
    {
        if (dataset.Find(name.Name) is { } column)
        {
            if (!_columns.Contains(column))
            {
                _columns.Add(column);
            }

            if (!column.IsNumeric)
            {
                return new RowTerm(LinqExpression.ArrayIndex(LinqExpression.Property(Row, nameof(RowBuffer.Texts)), LinqExpression.Constant(column.Slot)), FormulaType.Text);
            }

            var cell = LinqExpression.ArrayIndex(LinqExpression.Property(Row, nameof(RowBuffer.Numbers)), LinqExpression.Constant(column.Slot));
            return new RowTerm(cell, FormulaType.Number, column.Type == ColumnType.Boolean);
        }

        if (context.Scope.Parameters.TryGetValue(name.Name, out var parameter))
        {
            return new RowTerm(LinqExpression.Constant(parameter), FormulaType.Number);
        }

        var where = inAggregate ? "inside an aggregate" : "in a dataset filter";
        if (context.Scope.Names.Contains(name.Name))
        {
            context.Report(
                DiagnosticCatalog.NameOutOfScope,
                $"[{name.Name}] is a KPI or input, but {where} names are columns of dataset '{dataset.Name}'.",
                name,
                inAggregate ? $"Move it outside the aggregate, e.g. Sum([total]) * [{name.Name}]." : "A filter can only use the dataset's columns and parameters.");
            return null;
        }

        var candidates = dataset.Columns.Select(c => c.Name).Concat(context.Scope.Parameters.Keys);
        context.Report(
            DiagnosticCatalog.ColumnMissing,
            $"dataset '{dataset.Name}' has no column '{name.Name}'.",
            name,
            NameSuggestions.DidYouMean(name.Name, candidates));
        return null;
    }

    private RowTerm? CompileUnary(UnaryNode unary)
    {
        var operand = Compile(unary.Operand);
        if (unary.Operator == UnaryOperator.Not)
        {
            return Expect(operand, unary.Operand, FormulaType.Condition, "'!'") is { } condition
                ? new RowTerm(LinqExpression.Not(condition), FormulaType.Condition)
                : null;
        }

        return Expect(operand, unary.Operand, FormulaType.Number, "'-'") is { } number
            ? new RowTerm(LinqExpression.Negate(number), FormulaType.Number)
            : null;
    }

    private RowTerm? CompileBinary(BinaryNode binary)
    {
        var left = Compile(binary.Left);
        var right = Compile(binary.Right);
        var symbol = $"'{FormulaPrinter.Symbol(binary.Operator)}'";
        switch (binary.Operator)
        {
            case BinaryOperator.And or BinaryOperator.Or:
                {
                    var l = Expect(left, binary.Left, FormulaType.Condition, symbol);
                    var r = Expect(right, binary.Right, FormulaType.Condition, symbol);
                    return l is null || r is null
                        ? null
                        : new RowTerm(binary.Operator == BinaryOperator.And ? LinqExpression.AndAlso(l, r) : LinqExpression.OrElse(l, r), FormulaType.Condition);
                }

            case BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.Modulo:
                {
                    var l = Expect(left, binary.Left, FormulaType.Number, $"arithmetic ({symbol})");
                    var r = Expect(right, binary.Right, FormulaType.Number, $"arithmetic ({symbol})");
                    if (l is null || r is null)
                    {
                        return null;
                    }

                    LinqExpression result = binary.Operator switch
                    {
                        BinaryOperator.Add => LinqExpression.Add(l, r),
                        BinaryOperator.Subtract => LinqExpression.Subtract(l, r),
                        BinaryOperator.Multiply => LinqExpression.Multiply(l, r),
                        BinaryOperator.Divide => Call(nameof(FormulaFunctions.Divide), l, r),
                        _ => Call(nameof(FormulaFunctions.Modulo), l, r),
                    };
                    return new RowTerm(result, FormulaType.Number);
                }

            default:
                return left is { } l2 && right is { } r2 ? CompileComparison(binary, l2, r2) : null;
        }
    }

    private RowTerm? CompileComparison(BinaryNode binary, RowTerm left, RowTerm right)
    {
        // A boolean column compared with true/false is compared as a condition.
        if (left.IsBooleanColumn && right.Type == FormulaType.Condition)
        {
            left = new RowTerm(Call(nameof(FormulaFunctions.IsTrue), left.Expression), FormulaType.Condition);
        }
        else if (right.IsBooleanColumn && left.Type == FormulaType.Condition)
        {
            right = new RowTerm(Call(nameof(FormulaFunctions.IsTrue), right.Expression), FormulaType.Condition);
        }

        var op = binary.Operator;
        if ((left.Type, right.Type) is (FormulaType.Text, FormulaType.Number) && ReportEmptyColumn(binary.Left, $"the comparison with {context.Text(binary.Right)}"))
        {
            return null;
        }

        if ((left.Type, right.Type) is (FormulaType.Number, FormulaType.Text) && ReportEmptyColumn(binary.Right, $"the comparison with {context.Text(binary.Left)}"))
        {
            return null;
        }

        if (left.Type != right.Type || (left.Type == FormulaType.Condition && op is not (BinaryOperator.Equal or BinaryOperator.NotEqual)))
        {
            var message = left.Type != right.Type
                ? $"cannot compare {FormulaContext.Describe(left.Type)} ({context.Text(binary.Left)}) with {FormulaContext.Describe(right.Type)} ({context.Text(binary.Right)})."
                : $"conditions can only be compared with = or !=.";
            context.ReportAt(DiagnosticCatalog.TypeMismatch, message, binary.OperatorStart, binary.OperatorLength, left.Type == FormulaType.Text || right.Type == FormulaType.Text ? "Text literals are written in single quotes: [status] = 'paid'." : null);
            return null;
        }

        var l = left.Expression;
        var r = right.Expression;
        LinqExpression result = left.Type switch
        {
            FormulaType.Number => op switch
            {
                BinaryOperator.Equal => LinqExpression.Equal(l, r),
                BinaryOperator.NotEqual => Call(nameof(FormulaFunctions.NotEqual), l, r),
                BinaryOperator.Less => LinqExpression.LessThan(l, r),
                BinaryOperator.LessOrEqual => LinqExpression.LessThanOrEqual(l, r),
                BinaryOperator.Greater => LinqExpression.GreaterThan(l, r),
                _ => LinqExpression.GreaterThanOrEqual(l, r),
            },
            FormulaType.Text => op switch
            {
                BinaryOperator.Equal => Call(nameof(FormulaFunctions.TextEqual), l, r),
                BinaryOperator.NotEqual => LinqExpression.Not(Call(nameof(FormulaFunctions.TextEqual), l, r)),
                BinaryOperator.Less => Call(nameof(FormulaFunctions.TextLess), l, r),
                BinaryOperator.LessOrEqual => Call(nameof(FormulaFunctions.TextLessOrEqual), l, r),
                BinaryOperator.Greater => Call(nameof(FormulaFunctions.TextGreater), l, r),
                _ => Call(nameof(FormulaFunctions.TextGreaterOrEqual), l, r),
            },
            _ => op == BinaryOperator.Equal ? LinqExpression.Equal(l, r) : LinqExpression.NotEqual(l, r),
        };
        return new RowTerm(result, FormulaType.Condition);
    }

    private RowTerm? CompileConditional(FormulaNode conditionNode, FormulaNode whenTrueNode, FormulaNode whenFalseNode)
    {
        var condition = CompileCondition(conditionNode);
        var whenTrue = Compile(whenTrueNode);
        var whenFalse = Compile(whenFalseNode);
        if (condition is null || whenTrue is not { } t || whenFalse is not { } f)
        {
            return null;
        }

        if (t.Type != f.Type)
        {
            context.ReportBranchMismatch(whenTrueNode, t.Type, whenFalseNode, f.Type);
            return null;
        }

        return new RowTerm(LinqExpression.Condition(condition, t.Expression, f.Expression), t.Type, t.IsBooleanColumn && f.IsBooleanColumn);
    }

    private RowTerm? CompileCall(CallNode call)
    {
        if (FunctionCatalog.IsAggregateCall(call))
        {
            foreach (var argument in call.Arguments)
            {
                Compile(argument);
            }

            if (inAggregate)
            {
                context.Report(DiagnosticCatalog.NestedAggregate, $"{FunctionCatalog.FindAggregate(call.Name)!.Name}(...) is inside another aggregate; aggregates cannot be nested.", call, "Compute the inner aggregate as its own input or KPI and combine them outside.");
            }
            else
            {
                context.Report(DiagnosticCatalog.AggregateNotAllowed, $"{FunctionCatalog.FindAggregate(call.Name)!.Name}(...) is an aggregate, which a dataset filter cannot use; a filter looks at one row at a time.", call);
            }

            return null;
        }

        if (context.ResolveCall(call, FunctionLevel.Row, Compile) is not var (function, arguments))
        {
            return null;
        }

        var args = call.Arguments;
        if (FormulaFunctions.Numeric(function.Name, args.Count) is { } numeric)
        {
            var operands = args.Select((a, i) => Expect(arguments[i], a, FormulaType.Number, function.Name)).ToList();
            return operands.Any(o => o is null) ? null : new RowTerm(LinqExpression.Call(numeric, operands!), FormulaType.Number);
        }

        switch (function.Name)
        {
            case "if":
                return CompileConditional(args[0], args[1], args[2]);
            case "in":
                return CompileIn(call, arguments);
            case "Coalesce":
                return CompileCoalesce(call, arguments);
            case "IsMissing":
                {
                    var value = arguments[0];
                    return value.Type switch
                    {
                        FormulaType.Number => new RowTerm(Call(nameof(FormulaFunctions.IsMissingNumber), value.Expression), FormulaType.Condition),
                        FormulaType.Text => new RowTerm(Call(nameof(FormulaFunctions.IsMissingText), value.Expression), FormulaType.Condition),
                        _ => Mismatch(args[0], value.Type, "IsMissing needs a number or text"),
                    };
                }

            case "Year" or "Month" or "Day":
                return Expect(arguments[0], args[0], FormulaType.Number, function.Name) is { } days
                    ? new RowTerm(Call(function.Name, days), FormulaType.Number)
                    : null;
            case "Lower" or "Upper" or "Trim":
                return Expect(arguments[0], args[0], FormulaType.Text, function.Name) is { } text
                    ? new RowTerm(Call(function.Name, text), FormulaType.Text)
                    : null;
            case "Len":
                return Expect(arguments[0], args[0], FormulaType.Text, function.Name) is { } measured
                    ? new RowTerm(Call(nameof(FormulaFunctions.Len), measured), FormulaType.Number)
                    : null;
            default:
                {
                    // Contains, StartsWith, EndsWith: text, text -> condition.
                    var whole = Expect(arguments[0], args[0], FormulaType.Text, function.Name);
                    var part = Expect(arguments[1], args[1], FormulaType.Text, function.Name);
                    return whole is null || part is null ? null : new RowTerm(Call(function.Name, whole, part), FormulaType.Condition);
                }
        }
    }

    private RowTerm? CompileIn(CallNode call, List<RowTerm> arguments)
    {
        var value = arguments[0];
        if (value.Type == FormulaType.Condition)
        {
            return Mismatch(call.Arguments[0], value.Type, "in needs a number or text");
        }

        LinqExpression? any = null;
        for (var i = 1; i < arguments.Count; i++)
        {
            if (Expect(arguments[i], call.Arguments[i], value.Type, $"in (like {context.Text(call.Arguments[0])})") is not { } candidate)
            {
                return null;
            }

            LinqExpression equal = value.Type == FormulaType.Number
                ? LinqExpression.Equal(value.Expression, candidate)
                : Call(nameof(FormulaFunctions.TextEqual), value.Expression, candidate);
            any = any is null ? equal : LinqExpression.OrElse(any, equal);
        }

        return new RowTerm(any!, FormulaType.Condition);
    }

    private RowTerm? CompileCoalesce(CallNode call, List<RowTerm> arguments)
    {
        var type = arguments[0].Type;
        if (type == FormulaType.Condition)
        {
            return Mismatch(call.Arguments[0], type, "Coalesce needs numbers or texts");
        }

        var method = type == FormulaType.Number ? nameof(FormulaFunctions.CoalesceNumber) : nameof(FormulaFunctions.CoalesceText);
        LinqExpression? result = null;
        for (var i = arguments.Count - 1; i >= 0; i--)
        {
            if (Expect(arguments[i], call.Arguments[i], type, "Coalesce (all arguments alike)") is not { } operand)
            {
                return null;
            }

            result = result is null ? operand : Call(method, operand, result);
        }

        return new RowTerm(result!, type);
    }

    private RowTerm? Mismatch(FormulaNode node, FormulaType type, string need)
    {
        context.Report(DiagnosticCatalog.TypeMismatch, $"{context.Text(node)} is {FormulaContext.Describe(type)}; {need}.", node);
        return null;
    }

    private static System.Linq.Expressions.MethodCallExpression Call(string method, params LinqExpression[] arguments) =>
        LinqExpression.Call(FormulaFunctions.Method(method), arguments);
}
