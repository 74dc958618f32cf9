using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using LinqExpression = System.Linq.Expressions.Expression;

namespace KpiEngine.Expressions;

/// <summary>
/// Compiles formula text into evaluators with KpiEngine's semantics. NCalc is used only to
/// parse (see <see cref="FormulaParser"/>); evaluation is ours: row-level parts become
/// expression-tree delegates over <see cref="RowBuffer"/>, the period-level part closures over
/// <see cref="KpiValue"/>. Every problem is reported at once; stateless and thread-safe.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "An instance service so callers can inject and share it.")]
internal sealed class FormulaCompiler
{
    /// <summary>Compiles a KPI or input formula; null if any error was reported.</summary>
    public CompiledFormula? Compile(FormulaSource source, FormulaScope scope, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var errors = diagnostics.ErrorCount;
        if (FormulaParser.Parse(source, scope.Owner, diagnostics) is not { } tree)
        {
            return null;
        }

        var context = new FormulaContext(source, scope, diagnostics);
        var compiler = new PeriodCompiler(context);
        var term = compiler.Compile(tree);
        if (term is { Number: null })
        {
            context.Report(
                DiagnosticCatalog.TypeMismatch,
                $"the formula gives true/false, but {OwnerKind(scope)} needs a number.",
                tree,
                "Use if(condition, 1, 0) to turn the condition into a number.");
        }

        return term?.Number is { } evaluate && diagnostics.ErrorCount == errors
            ? new CompiledFormula(source, compiler.Aggregates, compiler.References, evaluate) { TimeCalls = compiler.TimeCalls, ReadsOtherPeriods = compiler.ReadsOtherPeriods }
            : null;
    }

    /// <summary>Compiles a row condition over <see cref="FormulaScope.Dataset"/> (a dataset filter); null if any error was reported.</summary>
    public RowPredicate? CompileRowPredicate(FormulaSource source, FormulaScope scope, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var dataset = scope.Dataset ?? throw new ArgumentException("A row predicate needs a dataset in scope.", nameof(scope));
        var errors = diagnostics.ErrorCount;
        if (FormulaParser.Parse(source, scope.Owner, diagnostics) is not { } tree)
        {
            return null;
        }

        var context = new FormulaContext(source, scope, diagnostics);
        var rows = new RowCompiler(context, dataset, inAggregate: false);
        var condition = rows.CompileCondition(tree);
        return condition is not null && diagnostics.ErrorCount == errors
            ? new RowPredicate(rows.Columns, LinqExpression.Lambda<Func<RowBuffer, bool>>(condition, rows.Row).Compile()) { Condition = tree, Parameters = scope.Parameters }
            : null;
    }

    private static string OwnerKind(FormulaScope scope) =>
        scope.Owner.StartsWith("input", StringComparison.Ordinal) ? "an input" : "a KPI";
}
