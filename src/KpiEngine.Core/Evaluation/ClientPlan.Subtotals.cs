using KpiEngine.Diagnostics;
using KpiEngine.Expressions;

namespace KpiEngine.Evaluation;

/// <summary><c>Parent(x)</c>: which formulas read a parent level, and the calls that cannot mean anything.</summary>
internal sealed partial class ClientPlan
{
    /// <summary>Every <c>Parent(...)</c> call of the nodes the run computes, with its node: the dimension levels above the combinations are computed when there is one.</summary>
    public List<(MetricNode Node, CallNode Call)> ParentCalls { get; } = [];

    /// <summary>
    /// Finds the <c>Parent(...)</c> calls, and rejects (KPI7120) a <c>Parent</c> or <c>Total</c> inside
    /// the argument of another: the argument is read at the other level, which has no level views of its
    /// own, so it would be undefined (<c>Total(Parent(x))</c>) or the wrong level (<c>Parent(Total(x))</c>).
    /// </summary>
    private void PlanParents(DiagnosticBag diagnostics)
    {
        foreach (var node in Order.Where(n => n.Formula is not null && n.Compiled is not null))
        {
            if (FormulaParser.Parse(node.Formula!, node.Label, new DiagnosticBag()) is not { } tree)
            {
                continue;
            }

            foreach (var call in Calls(tree))
            {
                if (IsLevelCall(call, "Parent"))
                {
                    ParentCalls.Add((node, call));
                }

                if ((IsLevelCall(call, "Parent") || IsLevelCall(call, "Total"))
                    && call.Arguments.SelectMany(Calls).FirstOrDefault(inner => IsLevelCall(inner, "Parent") || (IsLevelCall(inner, "Total") && IsLevelCall(call, "Parent"))) is { } nested)
                {
                    diagnostics.Add(
                        DiagnosticCatalog.NestedLevelCall,
                        $"{node.Label} reads {nested.Name}(...) inside {call.Name}(...): the argument of {call.Name} is read at another level, where {nested.Name} has no level to read.",
                        node.Formula!.Locate(nested.Start, nested.End - nested.Start),
                        IsLevelCall(nested, "Total")
                            ? "Write Total(x) on its own: the total is the same at every level."
                            : $"Read the parent in a KPI of its own (parent_orders: \"Parent([orders])\") and use {call.Name}([parent_orders]).");
                    node.Invalid = true;
                }
            }
        }
    }

    /// <summary>
    /// Warns (KPI7121) for each KPI that reads <c>Parent(x)</c> when there are no dimensions: at validation
    /// when the client file has no <c>by:</c> (the run may still give <c>--by</c>), in a run without any.
    /// </summary>
    public void WarnParentWithoutDimensions(bool run, DiagnosticBag diagnostics)
    {
        foreach (var (node, call) in ParentCalls.DistinctBy(c => c.Node))
        {
            diagnostics.Add(
                DiagnosticCatalog.ParentWithoutDimensions,
                run
                    ? $"{node.Label} reads Parent(...), but this run of client '{Set.ClientId}' is not split by any dimension: only the total is computed, which has no level above it, so {node.Label} is undefined."
                    : $"{node.Label} reads Parent(...), but client '{Set.ClientId}' has no by: dimensions: without --by, only the total is computed, which has no level above it, so {node.Label} is undefined.",
                node.Formula!.Locate(call.Start, call.End - call.Start),
                "Split the run by two columns (--by region,channel, or by: [region, channel]): Parent(x) is x for the region of each region and channel (and the total for each region).");
        }
    }

    private static bool IsLevelCall(CallNode call, string name) => string.Equals(call.Name, name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Every call in a formula tree, outer calls before the calls in their arguments.</summary>
    private static IEnumerable<CallNode> Calls(FormulaNode node) => node switch
    {
        CallNode call => [call, .. call.Arguments.SelectMany(Calls)],
        UnaryNode unary => Calls(unary.Operand),
        BinaryNode binary => [.. Calls(binary.Left), .. Calls(binary.Right)],
        ConditionalNode conditional => [.. Calls(conditional.Condition), .. Calls(conditional.WhenTrue), .. Calls(conditional.WhenFalse)],
        _ => [],
    };
}
