using System.Globalization;
using System.Runtime.CompilerServices;
using KpiEngine.Diagnostics;

namespace KpiEngine.Expressions;

/// <summary>A period-level condition: true/false, or undefined with the reason (when it compares an undefined value).</summary>
internal readonly record struct Truth(bool Value, string? Reason)
{
    public bool IsDefined => Reason is null;

    public static Truth Of(bool value) => new(value, null);

    public static Truth Undefined(string reason) => new(false, reason);
}

/// <summary>A compiled period-level sub-expression: exactly one of the two evaluators is set.</summary>
internal readonly record struct PeriodTerm(Func<IFormulaEnvironment, KpiValue>? Number, Func<IFormulaEnvironment, Truth>? Condition)
{
    public FormulaType Type => Number is not null ? FormulaType.Number : FormulaType.Condition;
}

/// <summary>
/// Compiles the part of a formula outside aggregates into closures evaluated once per period.
/// Undefined is not zero: an undefined operand makes the result undefined with the first reason;
/// a division by zero is undefined with a reason naming the divisor; <c>if</c> evaluates only the
/// branch it takes.
/// </summary>
/// <remarks>
/// The closures of names, aggregates, constants and arithmetic are compiled fully optimised at once
/// (<see cref="HotPath.Options"/>, in the build output): a run split by dimensions evaluates them
/// millions of times within its first second, before tiered compilation would get to optimise them,
/// and unoptimised they took most of the time spent computing values.
/// </remarks>
internal sealed partial class PeriodCompiler(FormulaContext context)
{
    private readonly List<AggregateSpec> _aggregates = [];
    private readonly List<NameReference> _references = [];

    public IReadOnlyList<AggregateSpec> Aggregates => _aggregates;

    public IReadOnlyList<NameReference> References => _references;

    public PeriodTerm? Compile(FormulaNode node)
    {
        switch (node)
        {
            case NumberLiteral number:
                return Constant(KpiValue.Of(number.Value));
            case DateLiteral date:
                return Constant(KpiValue.Of(date.Days));
            case BooleanLiteral boolean:
                var truth = Truth.Of(boolean.Value);
                return new PeriodTerm(null, _ => truth);
            case TextLiteral:
                context.Report(DiagnosticCatalog.TypeMismatch, $"{context.Text(node)} is text; outside aggregates values are numbers.", node, "Text can be compared with columns inside an aggregate, e.g. CountIf([status] = 'paid').");
                return null;
            case NameNode name:
                return CompileName(name);
            case UnaryNode unary:
                return CompileUnary(unary);
            case BinaryNode binary:
                return CompileBinary(binary);
            case ConditionalNode conditional:
                return CompileConditional(conditional.Condition, conditional.WhenTrue, conditional.WhenFalse);
            case CallNode call:
                return FunctionCatalog.IsAggregateCall(call) ? CompileAggregate(call) : CompileCall(call);
            default:
                throw new ArgumentException($"Unknown node {node.GetType().Name}.", nameof(node));
        }
    }

    private static PeriodTerm Constant(KpiValue value) => new([MethodImpl(HotPath.Options)] (_) => value, null);

    private PeriodTerm? CompileName(NameNode name)
    {
        if (context.Scope.Dataset?.Find(name.Name) is not null && !context.Scope.Names.Contains(name.Name))
        {
            context.Report(
                DiagnosticCatalog.NameOutOfScope,
                $"[{name.Name}] is a column of dataset '{context.Scope.Dataset.Name}'; outside an aggregate a name is a KPI, input or parameter.",
                name,
                $"Aggregate the column, e.g. Sum([{name.Name}]) or Avg([{name.Name}]).");
            return null;
        }

        var reference = _references.FindIndex(r => r.Name == name.Name);
        if (reference < 0)
        {
            reference = _references.Count;
            _references.Add(new NameReference(name.Name, context.Source.Locate(name.Start, name.Length)));
        }

        var key = name.Name;
        return new PeriodTerm([MethodImpl(HotPath.Options)] (environment) => environment.Name(reference, key), null);
    }

    private PeriodTerm? CompileAggregate(CallNode call)
    {
        var dataset = context.Scope.Dataset;
        if (dataset is null)
        {
            var canonical = FunctionCatalog.FindAggregate(call.Name)!.Name;
            context.ReportAt(
                DiagnosticCatalog.AggregateNotAllowed,
                $"{canonical}(...) aggregates dataset rows, but there is no dataset here.",
                call.Start,
                call.Name.Length,
                "Give the KPI a dataset (dataset: orders), or bind an input to the aggregate and use the input's name.");
            return null;
        }

        if (AggregateSpec.Create(call, dataset, context) is not { } spec)
        {
            return null;
        }

        var index = _aggregates.FindIndex(a => a.Key == spec.Key);
        if (index < 0)
        {
            index = _aggregates.Count;
            _aggregates.Add(spec);
        }

        return new PeriodTerm([MethodImpl(HotPath.Options)] (environment) => environment.Aggregate(index), null);
    }

    private Func<IFormulaEnvironment, KpiValue>? Number(PeriodTerm? term, FormulaNode node, string why)
    {
        if (term is not { } value)
        {
            return null;
        }

        if (value.Number is { } number)
        {
            return number;
        }

        context.Report(DiagnosticCatalog.TypeMismatch, $"{context.Text(node)} is a condition (true/false); {why} needs a number.", node, "Use if(condition, 1, 0) to turn a condition into a number.");
        return null;
    }

    private Func<IFormulaEnvironment, Truth>? Condition(PeriodTerm? term, FormulaNode node)
    {
        if (term is not { } value)
        {
            return null;
        }

        if (value.Condition is { } condition)
        {
            return condition;
        }

        context.Report(DiagnosticCatalog.TypeMismatch, $"{context.Text(node)} is a number, but a condition (true/false) is needed here.", node, $"Compare it, e.g. {context.Text(node)} > 0.");
        return null;
    }

    private PeriodTerm? CompileUnary(UnaryNode unary)
    {
        var operand = Compile(unary.Operand);
        if (unary.Operator == UnaryOperator.Not)
        {
            return Condition(operand, unary.Operand) is { } condition
                ? new PeriodTerm(null, e => condition(e) is { IsDefined: true } t ? Truth.Of(!t.Value) : condition(e))
                : null;
        }

        return Number(operand, unary.Operand, "'-'") is { } number
            ? new PeriodTerm(e => number(e) is { IsDefined: true } v ? KpiValue.Of(-v.Number) : number(e), null)
            : null;
    }

    private PeriodTerm? CompileBinary(BinaryNode binary)
    {
        var left = Compile(binary.Left);
        var right = Compile(binary.Right);
        var op = binary.Operator;
        var symbol = $"'{FormulaPrinter.Symbol(op)}'";
        if (op is BinaryOperator.And or BinaryOperator.Or)
        {
            var l = Condition(left, binary.Left);
            var r = Condition(right, binary.Right);
            if (l is null || r is null)
            {
                return null;
            }

            var isAnd = op == BinaryOperator.And;
            return new PeriodTerm(null, e =>
            {
                var first = l(e);

                // Short-circuit like C#: false && x and true || x do not look at x.
                return !first.IsDefined || first.Value != isAnd ? first : r(e);
            });
        }

        if (left is { Type: FormulaType.Condition } && right is { Type: FormulaType.Condition } && op is BinaryOperator.Equal or BinaryOperator.NotEqual)
        {
            var l = left.Value.Condition!;
            var r = right.Value.Condition!;
            var equal = op == BinaryOperator.Equal;
            return new PeriodTerm(null, e => Both(l(e), r(e), (a, b) => (a == b) == equal));
        }

        var ln = Number(left, binary.Left, symbol);
        var rn = Number(right, binary.Right, symbol);
        if (ln is null || rn is null)
        {
            return null;
        }

        switch (op)
        {
            case BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Multiply:
                return Arithmetic(ln, rn, op);
            case BinaryOperator.Divide or BinaryOperator.Modulo:
                {
                    var reason = $"division by zero: {context.Text(binary.Right)} is 0";
                    var divide = op == BinaryOperator.Divide;
                    return new PeriodTerm(
                        [MethodImpl(HotPath.Options)] (e) =>
                        {
                            var a = ln(e);
                            if (!a.IsDefined)
                            {
                                return a;
                            }

                            var b = rn(e);
                            return !b.IsDefined ? b
                                : b.Number == 0 ? KpiValue.Undefined(reason)
                                : KpiValue.Of(divide ? a.Number / b.Number : a.Number % b.Number);
                        },
                        null);
                }

            default:
                Func<double, double, bool> compare = op switch
                {
                    BinaryOperator.Equal => (a, b) => a == b,
                    BinaryOperator.NotEqual => (a, b) => a != b,
                    BinaryOperator.Less => (a, b) => a < b,
                    BinaryOperator.LessOrEqual => (a, b) => a <= b,
                    BinaryOperator.Greater => (a, b) => a > b,
                    _ => (a, b) => a >= b,
                };
                return new PeriodTerm(null, e =>
                {
                    var a = ln(e);
                    if (!a.IsDefined)
                    {
                        return Truth.Undefined(a.Reason!);
                    }

                    var b = rn(e);
                    return b.IsDefined ? Truth.Of(compare(a.Number, b.Number)) : Truth.Undefined(b.Reason!);
                });
        }
    }

    private static Truth Both(Truth a, Truth b, Func<bool, bool, bool> combine) =>
        !a.IsDefined ? a : !b.IsDefined ? b : Truth.Of(combine(a.Value, b.Value));

    /// <summary>Adds, subtracts or multiplies; the operator is a branch rather than a delegate, so evaluating it calls none but its operands.</summary>
    private static PeriodTerm Arithmetic(Func<IFormulaEnvironment, KpiValue> left, Func<IFormulaEnvironment, KpiValue> right, BinaryOperator op) =>
        new(
            [MethodImpl(HotPath.Options)] (e) =>
            {
                var a = left(e);
                if (!a.IsDefined)
                {
                    return a;
                }

                var b = right(e);
                return !b.IsDefined ? b : KpiValue.Of(op switch
                {
                    BinaryOperator.Add => a.Number + b.Number,
                    BinaryOperator.Subtract => a.Number - b.Number,
                    _ => a.Number * b.Number,
                });
            },
            null);

    private PeriodTerm? CompileConditional(FormulaNode conditionNode, FormulaNode whenTrueNode, FormulaNode whenFalseNode)
    {
        var condition = Condition(Compile(conditionNode), conditionNode);
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

        if (t.Number is { } tn && f.Number is { } fn)
        {
            return new PeriodTerm(e => condition(e) is { IsDefined: true } c ? (c.Value ? tn(e) : fn(e)) : KpiValue.Undefined(condition(e).Reason!), null);
        }

        var tc = t.Condition!;
        var fc = f.Condition!;
        return new PeriodTerm(null, e => condition(e) is { IsDefined: true } c ? (c.Value ? tc(e) : fc(e)) : condition(e));
    }

    private PeriodTerm? CompileCall(CallNode call)
    {
        if (context.ResolveCall(call, FunctionLevel.Period, Compile) is not var (function, arguments))
        {
            return null;
        }

        var args = call.Arguments;
        switch (function.Name)
        {
            case var time when FunctionCatalog.TimeFunctions.Contains(time):
                return CompileTime(call, function, arguments);
            case "if":
                return CompileConditional(args[0], args[1], args[2]);
            case "Total":
                {
                    // The argument as computed over all rows of the period: a share of the total under --by.
                    var value = Number(arguments[0], args[0], "Total");
                    return value is null ? null : new PeriodTerm(e => e.Time?.Total is { } total ? value(total) : value(e), null);
                }

            case "Parent":
                {
                    // The argument one dimension up (region=North for region=North, channel=web): a share of the parent under --by.
                    var value = Number(arguments[0], args[0], "Parent");
                    var text = context.Text(call);
                    return value is null ? null : new PeriodTerm(
                        e => e.Time is not { } time
                            ? KpiValue.Undefined($"{text} is not read inside Total(...) or Parent(...)")
                            : time.Parent(out var missing) is { } parent ? value(parent) : KpiValue.Undefined(missing ?? $"{text} has no level above"),
                        null);
                }

            case "Cohort":
                {
                    // The argument at the cohort's age 0 (its size, its first revenue): the denominator of every cell of a triangle.
                    var value = Number(arguments[0], args[0], "Cohort");
                    var text = context.Text(call);
                    ReadsOtherPeriods = true;
                    return value is null ? null : new PeriodTerm(
                        e => e.Time is { CohortStart: { } start } time
                            ? At(value, e, time, start, text)
                            : KpiValue.Undefined($"{text} is only defined in a KPI with a cohort: block"),
                        null);
                }

            case "IsDefined":
                {
                    var value = Number(arguments[0], args[0], "IsDefined");
                    return value is null ? null : new PeriodTerm(null, e => Truth.Of(value(e).IsDefined));
                }

            case "Coalesce":
                {
                    var values = args.Select((a, i) => Number(arguments[i], a, "Coalesce")).ToList();
                    if (values.Any(v => v is null))
                    {
                        return null;
                    }

                    return new PeriodTerm(
                        e =>
                        {
                            var result = default(KpiValue);
                            foreach (var value in values)
                            {
                                result = value!(e);
                                if (result.IsDefined)
                                {
                                    break;
                                }
                            }

                            return result;
                        },
                        null);
                }

            case "in":
                {
                    var values = args.Select((a, i) => Number(arguments[i], a, "in")).ToList();
                    if (values.Any(v => v is null))
                    {
                        return null;
                    }

                    return new PeriodTerm(null, e =>
                    {
                        var x = values[0]!(e);
                        if (!x.IsDefined)
                        {
                            return Truth.Undefined(x.Reason!);
                        }

                        for (var i = 1; i < values.Count; i++)
                        {
                            var candidate = values[i]!(e);
                            if (!candidate.IsDefined)
                            {
                                return Truth.Undefined(candidate.Reason!);
                            }

                            if (candidate.Number == x.Number)
                            {
                                return Truth.Of(true);
                            }
                        }

                        return Truth.Of(false);
                    });
                }

            default:
                return CompileNumeric(call, function, arguments);
        }
    }

    private PeriodTerm? CompileNumeric(CallNode call, FunctionInfo function, List<PeriodTerm> arguments)
    {
        var args = call.Arguments;
        var operands = args.Select((a, i) => Number(arguments[i], a, function.Name)).ToList();
        if (operands.Any(o => o is null))
        {
            return null;
        }

        var method = FormulaFunctions.Numeric(function.Name, args.Count)!;
        var firstText = context.Text(args[0]);
        var callText = context.Text(call);
        Func<double[], string> reason = function.Name switch
        {
            "Sqrt" => x => string.Create(CultureInfo.InvariantCulture, $"square root of a negative number: {firstText} is {x[0]}"),
            "Log" or "Log10" => x => string.Create(CultureInfo.InvariantCulture, $"logarithm of a number that is not positive: {firstText} is {x[0]}"),
            "Round" => _ => "Round's digits must be a whole number from 0 to 15",
            _ => _ => $"{callText} has no finite value",
        };
        Func<double[], double> apply = args.Count == 1
            ? method.CreateDelegate<Func<double, double>>() is var unary ? x => unary(x[0]) : null!
            : method.CreateDelegate<Func<double, double, double>>() is var binary ? x => binary(x[0], x[1]) : null!;
        return new PeriodTerm(
            e =>
            {
                var values = new double[operands.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    var value = operands[i]!(e);
                    if (!value.IsDefined)
                    {
                        return value;
                    }

                    values[i] = value.Number;
                }

                var result = apply(values);
                return double.IsFinite(result) ? KpiValue.Of(result) : KpiValue.Undefined(reason(values));
            },
            null);
    }
}
