using KpiEngine.Definitions;
using KpiEngine.Diagnostics;

namespace KpiEngine.Evaluation;

/// <summary>What time functions need of the plan: balances must not be summed, and which datasets each value reads.</summary>
internal sealed partial class ClientPlan
{
    /// <summary>
    /// KPI2012 for every needed formula that sums a balance input across periods (RollingSum,
    /// Cumulative, YTD, QTD, MTD), directly or through the KPIs it reads. Such nodes and what
    /// depends on them are not evaluated.
    /// </summary>
    private void CheckBalances(DiagnosticBag diagnostics)
    {
        var balances = new Dictionary<MetricNode, MetricNode?>();
        foreach (var node in Order)
        {
            foreach (var call in node.Compiled?.TimeCalls ?? [])
            {
                if (!call.SumsPeriods)
                {
                    continue;
                }

                foreach (var name in call.Names)
                {
                    if (Nodes.TryGetValue(name, out var target) && BalanceReadBy(target, balances) is { } balance)
                    {
                        var through = balance == target ? string.Empty : $" ({target.Label} reads it)";
                        diagnostics.Add(
                            DiagnosticCatalog.BalanceSummed,
                            $"{node.Label}: {call.Text} sums input '{balance.Name}' across periods{through}, but it is a balance (kind: balance), a level at a point in time.",
                            call.Span,
                            $"Average it over a window with RollingAvg([{name}], 3), or take the period's closing value with Last(...) in the input.");
                        node.Invalid = true;
                        break;
                    }
                }
            }
        }

        // Order is topological: a node after an invalid dependency becomes invalid too.
        foreach (var node in Order)
        {
            node.Invalid |= node.Dependencies.Exists(d => d.Invalid);
        }
    }

    /// <summary>The balance input a node is or reads, if any.</summary>
    private static MetricNode? BalanceReadBy(MetricNode node, Dictionary<MetricNode, MetricNode?> memo)
    {
        if (memo.TryGetValue(node, out var known))
        {
            return known;
        }

        memo[node] = null; // guards against cycles, which are reported elsewhere
        var balance = node.Input is { Kind: InputKind.Balance } ? node : null;
        foreach (var dependency in node.Dependencies)
        {
            balance ??= BalanceReadBy(dependency, memo);
        }

        memo[node] = balance;
        return balance;
    }

    private Dictionary<MetricNode, string[]>? _datasetsRead;

    /// <summary>
    /// For each node in <see cref="Order"/>, the datasets it reads directly or through the nodes it depends on.
    /// Worked out once per plan: every dimension combination of a run asks for it.
    /// </summary>
    public Dictionary<MetricNode, string[]> DatasetsRead() => _datasetsRead ??= FindDatasetsRead();

    private Dictionary<MetricNode, string[]> FindDatasetsRead()
    {
        var read = new Dictionary<MetricNode, string[]>();
        foreach (var node in Order)
        {
            var names = new SortedSet<string>(StringComparer.Ordinal);
            if (node.Dataset is { } own)
            {
                names.Add(own);
            }

            foreach (var dependency in node.Dependencies)
            {
                names.UnionWith(read.TryGetValue(dependency, out var inner) ? inner : []);
            }

            read[node] = [.. names];
        }

        return read;
    }
}
