using KpiEngine.Definitions;
using KpiEngine.Diagnostics;

namespace KpiEngine.Expressions;

/// <summary>The type of a sub-expression, checked at compile time.</summary>
internal enum FormulaType
{
    Number,
    Text,
    Condition,
}

/// <summary>One formula being compiled: its text, scope and where problems go, with positions mapped into the YAML file.</summary>
internal sealed class FormulaContext(FormulaSource source, FormulaScope scope, DiagnosticBag diagnostics)
{
    public FormulaSource Source { get; } = source;

    public FormulaScope Scope { get; } = scope;

    public DiagnosticBag Diagnostics { get; } = diagnostics;

    public void Report(DiagnosticDescriptor descriptor, string message, FormulaNode node, string? suggestion = null) =>
        ReportAt(descriptor, message, node.Start, node.Length, suggestion);

    public void ReportAt(DiagnosticDescriptor descriptor, string message, int offset, int length, string? suggestion = null) =>
        Diagnostics.Add(descriptor, $"{Scope.Owner}: {message}", Source.Locate(offset, length), suggestion);

    /// <summary>The node's text as the user wrote it (for messages and undefined reasons).</summary>
    public string Text(FormulaNode node)
    {
        var start = Math.Clamp(node.Start, 0, Source.Text.Length);
        var end = Math.Clamp(node.End, start, Source.Text.Length);
        return Source.Text[start..end];
    }

    /// <summary>KPI2009 for an if/ternary whose branches differ in type.</summary>
    public void ReportBranchMismatch(FormulaNode whenTrue, FormulaType whenTrueType, FormulaNode whenFalse, FormulaType whenFalseType) =>
        Report(
            DiagnosticCatalog.TypeMismatch,
            $"both branches must have the same type, but {Text(whenTrue)} is {Describe(whenTrueType)} and {Text(whenFalse)} is {Describe(whenFalseType)}.",
            whenFalse);

    public static string Describe(FormulaType type) => type switch
    {
        FormulaType.Number => "a number",
        FormulaType.Text => "text",
        _ => "a condition (true/false)",
    };

    /// <summary>
    /// Resolves a non-aggregate call: reports KPI2003 for an unknown function or one not usable
    /// at this level, KPI2004 for a wrong argument count; null when reported.
    /// </summary>
    public FunctionInfo? ResolveScalar(CallNode call, FunctionLevel level)
    {
        var function = FunctionCatalog.FindScalar(call.Name);
        var nameLength = call.Name.Length;
        if (function is null)
        {
            var candidates = FunctionCatalog.Names.Where(n => (FunctionCatalog.FindScalar(n)?.Level ?? FunctionLevel.Period).HasFlag(level) || FunctionCatalog.FindAggregate(n) is not null);
            ReportAt(DiagnosticCatalog.UnknownFunction, $"unknown function '{call.Name}'.", call.Start, nameLength, NameSuggestions.DidYouMean(call.Name, candidates));
            return null;
        }

        if (!function.Level.HasFlag(level))
        {
            var where = level == FunctionLevel.Row
                ? $"'{function.Name}' works on KPI values, not on dataset rows."
                : $"'{function.Name}' works on dataset rows only, inside an aggregate or a dataset filter.";
            var hint = function.Name == "IsDefined" ? "On rows use IsMissing([column])." : function.Name == "IsMissing" ? "On KPI values use IsDefined([name])." : $"Example: {function.Example}.";
            ReportAt(DiagnosticCatalog.UnknownFunction, where, call.Start, nameLength, hint);
            return null;
        }

        if (!function.Accepts(call.Arguments.Count))
        {
            var arity = function.Name is "Min" or "Max" ? "1 argument (aggregate) or 2 arguments (smaller/larger of two)" : function.ArityText;
            Report(DiagnosticCatalog.WrongArgumentCount, $"{function.Name} takes {arity}, but {call.Arguments.Count} {(call.Arguments.Count == 1 ? "was" : "were")} given.", call, $"Example: {function.Example}.");
            return null;
        }

        if (function.Name == "Round" && call.Arguments.Count == 2 && call.Arguments[1] is NumberLiteral { Value: var digits } && !(digits is >= 0 and <= 15 && digits == Math.Floor(digits)))
        {
            Report(DiagnosticCatalog.TypeMismatch, "Round's digits must be a whole number from 0 to 15.", call.Arguments[1]);
            return null;
        }

        return function;
    }

    /// <summary>
    /// Resolves a non-aggregate call and compiles its arguments with the level's compiler; null
    /// when anything was reported. Arguments of an unknown function are not checked: they have
    /// no known meaning, so their errors would only add noise.
    /// </summary>
    public (FunctionInfo Function, List<T> Arguments)? ResolveCall<T>(CallNode call, FunctionLevel level, Func<FormulaNode, T?> compile)
        where T : struct
    {
        var function = ResolveScalar(call, level);
        if (FunctionCatalog.FindScalar(call.Name) is null)
        {
            return null;
        }

        var arguments = call.Arguments.Select(compile).ToList();
        return function is null || arguments.Any(a => a is null) ? null : (function, arguments.Select(a => a!.Value).ToList());
    }

    /// <summary>Checks an aggregate call's argument count (KPI2004).</summary>
    public FunctionInfo? ResolveAggregate(CallNode call)
    {
        var function = FunctionCatalog.FindAggregate(call.Name)!;
        if (!function.Accepts(call.Arguments.Count))
        {
            Report(DiagnosticCatalog.WrongArgumentCount, $"{function.Name} takes {function.ArityText}, but {call.Arguments.Count} {(call.Arguments.Count == 1 ? "was" : "were")} given.", call, $"Example: {function.Example}.");
            return null;
        }

        return function;
    }
}
