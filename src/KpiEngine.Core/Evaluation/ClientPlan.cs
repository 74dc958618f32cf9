using KpiEngine.Datasets;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Expressions;
using KpiEngine.Plugins;

namespace KpiEngine.Evaluation;

/// <summary>
/// Everything a run of one client needs, prepared once: dataset schemas, compiled formulas,
/// the dependency graph in evaluation order, and per dataset the deduplicated aggregates and
/// the columns its single scan must fill. Building a plan is what <c>kpi validate</c> does.
/// </summary>
internal sealed partial class ClientPlan
{
    private ClientPlan(KpiSet set)
    {
        Set = set;
    }

    public KpiSet Set { get; }

    /// <summary>All named nodes by name (parameters, inputs, KPIs).</summary>
    public Dictionary<string, MetricNode> Nodes { get; } = new(StringComparer.Ordinal);

    /// <summary>The nodes the selected KPIs need, in dependency order.</summary>
    public List<MetricNode> Order { get; } = [];

    /// <summary>The KPIs (and inputs, if asked) to report, in report order.</summary>
    public List<MetricNode> Reported { get; } = [];

    /// <summary>The time function calls of every computed node, one node's after another's in <see cref="Order"/>.</summary>
    public int TimeCallCount { get; private set; }

    /// <summary>How many computed nodes have a <see cref="MetricNode.ReachSlot"/>.</summary>
    public int ReachingNodes { get; private set; }

    /// <summary>Per dataset, in scan order (every lender before its borrowers).</summary>
    public List<DatasetPlan> Datasets { get; } = [];

    public DatasetPlan? FindDataset(string name) => Datasets.Find(d => d.Name == name);

    /// <summary>Builds the plan; every problem goes to <paramref name="diagnostics"/>. Returns null when nothing can run.</summary>
    /// <param name="set">The client's KPI set.</param>
    /// <param name="includeInputs">Report inputs as well as KPIs.</param>
    /// <param name="diagnostics">Where every problem goes.</param>
    /// <param name="plugins">Loads the plugin catalog; called only when a needed KPI is a plugin KPI.</param>
    /// <param name="samples">The CSV samples a validation has already read, to reuse; null reads every data file.</param>
    public static ClientPlan Build(KpiSet set, bool includeInputs, DiagnosticBag diagnostics, Func<DiagnosticBag, PluginCatalog>? plugins = null,
        DatasetSchemaReader.SampleCache? samples = null)
    {
        var plan = new ClientPlan(set);
        plan.ReadSchemas(diagnostics, samples);
        plan.CreateNodes(diagnostics);
        plan.Compile(diagnostics);
        plan.ResolveReferences(diagnostics);
        plan.OrderNodes(includeInputs, diagnostics);
        plan.BindPlugins(plugins, diagnostics);
        plan.CheckBalances(diagnostics);
        plan.PlanCohorts(diagnostics);
        plan.PlanParents(diagnostics);
        plan.AssignAggregates();
        plan.ResolveTargets();
        return plan;
    }

    /// <summary>
    /// Resolves each computed node's references to the nodes they name and numbers their time function
    /// calls, once the order is final: evaluation reads both by position, per period and combination.
    /// </summary>
    private void ResolveTargets()
    {
        foreach (var node in Order)
        {
            node.ReferenceTargets = node.Compiled is { } compiled
                ? [.. compiled.References.Select(r => Nodes.TryGetValue(r.Name, out var target) && target.Order >= 0 ? target : null)]
                : [];
            node.FirstTimeCall = TimeCallCount;
            TimeCallCount += node.Compiled?.TimeCalls.Count ?? 0;

            // A name not computed yet (in a cycle, reported) counts as reaching back: keeping its first period costs only space.
            if (node.Compiled is { ReadsOtherPeriods: true } || node.ReferenceTargets.Any(t => t is not null && (t.Order >= node.Order || t.ReachSlot >= 0)))
            {
                node.ReachSlot = ReachingNodes++;
            }
        }
    }

    private void ReadSchemas(DiagnosticBag diagnostics, DatasetSchemaReader.SampleCache? samples)
    {
        var reader = new DatasetSchemaReader(Set.Datasets, samples);
        var byName = Set.Datasets.ToDictionary(d => d.Name, StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = visiting, 2 = done
        var parameters = Set.Parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        foreach (var definition in Set.Datasets)
        {
            Visit(definition, []);
        }

        void Visit(DatasetDefinition definition, List<string> path)
        {
            if (state.TryGetValue(definition.Name, out var mark))
            {
                if (mark == 1)
                {
                    var links = path.SkipWhile(p => p != definition.Name).Append(definition.Name).ToList();
                    var cycle = string.Join(" -> ", links);
                    // Placed at the lender of the list that leads into the cycle.
                    var at = definition.Borrows.FirstOrDefault(b => b.From == links[1])?.Span ?? definition.Derived?.Span ?? definition.Span;
                    diagnostics.Add(DiagnosticCatalog.BadBorrow, $"Datasets borrow from (or are derived from) each other in a cycle: {cycle}.", at,
                        definition.Derived is null ? "Borrow in one direction only." : "A derived dataset's source cannot borrow from it: declare the source's file a second time as another dataset that borrows from the derived one.");
                }

                return;
            }

            state[definition.Name] = 1;
            path.Add(definition.Name);
            var lenders = new List<DatasetPlan?>();
            foreach (var borrow in definition.Borrows)
            {
                if (byName.TryGetValue(borrow.From, out var lenderDefinition))
                {
                    Visit(lenderDefinition, path);
                }

                lenders.Add(FindDataset(borrow.From));
            }

            DatasetPlan? source = null;
            if (definition.Derived is { } derived && byName.TryGetValue(derived.From, out var sourceDefinition))
            {
                Visit(sourceDefinition, path);
                source = FindDataset(derived.From);
            }

            path.RemoveAt(path.Count - 1);
            state[definition.Name] = 2;
            if (definition.Derived is not null)
            {
                // The source's own problems are reported where it is declared.
                var compiled = source?.Schema is { } sourceSchema ? DerivedDataset.Create(definition, sourceSchema, parameters, diagnostics) : null;
                Datasets.Add(new DatasetPlan(definition, compiled?.Schema, null) { Source = source, Derived = compiled });
                return;
            }

            if (lenders.Any(l => l?.Schema is null))
            {
                // A lender is unusable (its own errors are reported); so is the borrower. When only a
                // lender's time column is wrong its columns are known: the borrower is still read against
                // them, so its own problems and its formulas' are reported in the same run.
                DatasetSchema? borrowerColumns = null;
                if (lenders.All(l => (l?.Schema ?? l?.CheckSchema) is not null))
                {
                    borrowerColumns = reader.Read(definition, [.. lenders.Select(l => l!.Schema ?? l.CheckSchema!)], diagnostics, out var partial) ?? partial;
                }

                Datasets.Add(new DatasetPlan(definition, null, []) { CheckSchema = borrowerColumns });
                return;
            }

            var schema = reader.Read(definition, [.. lenders.Select(l => l!.Schema!)], diagnostics, out var columnsOnly);
            Datasets.Add(new DatasetPlan(definition, schema, [.. lenders.Select(l => l!)]) { CheckSchema = columnsOnly });
        }
    }

    private void CreateNodes(DiagnosticBag diagnostics)
    {
        foreach (var parameter in Set.Parameters)
        {
            Add(new MetricNode(parameter.Name, MetricKind.Parameter, parameter.Span) { ParameterValue = parameter.Value });
        }

        foreach (var input in Set.Inputs)
        {
            Add(new MetricNode(input.Name, MetricKind.Input, input.Span) { Input = input, Dataset = input.Dataset });
        }

        foreach (var kpi in Set.Kpis)
        {
            Add(new MetricNode(kpi.Id, MetricKind.Kpi, kpi.Span) { Kpi = kpi, Dataset = kpi.Dataset });
        }

        void Add(MetricNode node)
        {
            // The loader reports duplicate names (KPI1009); keep the first so the rest still validates.
            if (!Nodes.TryAdd(node.Name, node))
            {
                diagnostics.Add(DiagnosticCatalog.DuplicateId, $"{node.Label} has the same name as {Nodes[node.Name].Label}.", node.Span, "Give each KPI, input and parameter its own name.");
            }
        }
    }

    private void Compile(DiagnosticBag diagnostics)
    {
        var compiler = new FormulaCompiler();
        var names = Nodes.Keys.ToArray();
        var parameters = Set.Parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

        foreach (var dataset in Datasets)
        {
            if ((dataset.Schema ?? dataset.CheckSchema) is { } schema && dataset.Definition.Filter is { } filter)
            {
                var scope = new FormulaScope { Owner = $"filter of dataset '{dataset.Name}'", Dataset = schema, Names = names, Parameters = parameters };
                dataset.Filter = compiler.CompileRowPredicate(filter, scope, diagnostics);
                dataset.Invalid |= dataset.Filter is null;
            }
        }

        foreach (var node in Nodes.Values)
        {
            if (node.Formula is not { } formula)
            {
                continue;
            }

            DatasetSchema? schema = null;
            if (node.Dataset is { } datasetName)
            {
                var dataset = FindDataset(datasetName);
                if (dataset?.Schema is null)
                {
                    // The dataset's own problems are reported where it is declared; the formula is
                    // still checked against the columns it has, but never evaluated.
                    node.Invalid = true;
                    if (dataset?.CheckSchema is not { } columnsOnly)
                    {
                        continue;
                    }

                    schema = columnsOnly;
                }
                else
                {
                    schema = dataset.Schema;
                }
            }

            var formulaScope = new FormulaScope { Owner = node.Label, Dataset = schema, Names = names, Parameters = parameters };
            node.Compiled = compiler.Compile(formula, formulaScope, diagnostics);
            node.Invalid |= node.Compiled is null;
        }
    }

    private void ResolveReferences(DiagnosticBag diagnostics)
    {
        foreach (var node in Nodes.Values)
        {
            if (node.Compiled is null)
            {
                continue;
            }

            foreach (var reference in node.Compiled.References)
            {
                if (Nodes.TryGetValue(reference.Name, out var target))
                {
                    node.Dependencies.Add(target);
                    continue;
                }

                node.Invalid = true;
                node.UnresolvedReferences.Add(reference);
            }
        }
    }

    private void OrderNodes(bool includeInputs, DiagnosticBag diagnostics)
    {
        var wanted = new List<MetricNode>();
        foreach (var id in Set.Selected)
        {
            if (Nodes.TryGetValue(id, out var node))
            {
                wanted.Add(node);
            }
        }

        if (includeInputs)
        {
            wanted.InsertRange(0, Nodes.Values.Where(n => n.Kind == MetricKind.Input));
        }

        Reported.AddRange(wanted);

        var state = new Dictionary<MetricNode, int>();
        var stack = new List<MetricNode>();
        foreach (var node in wanted)
        {
            Visit(node);
        }

        // Goals need their KPIs' values even when they are not reported.
        foreach (var id in Set.Goals.SelectMany(g => g.KpiIds))
        {
            if (Nodes.TryGetValue(id, out var node))
            {
                Visit(node);
            }
        }

        // A minimum sample on a named input counts it even when it is not reported.
        foreach (var id in Set.Selected)
        {
            if (StatusJudge.RuleOf(Set, id) is { Source: SampleSource.Input, Name: { } counted } && Nodes.TryGetValue(counted, out var node))
            {
                Visit(node);
            }
        }

        void Visit(MetricNode node)
        {
            if (state.TryGetValue(node, out var mark))
            {
                if (mark == 1)
                {
                    var start = stack.IndexOf(node);
                    var cycle = string.Join(" -> ", stack.Skip(start).Select(n => n.Name).Append(node.Name));
                    diagnostics.Add(DiagnosticCatalog.DependencyCycle, $"{node.Label} depends on itself: {cycle}.", node.Formula?.Span ?? node.Span, "Break the cycle: one of these must be computed from inputs, not from the others.");
                    foreach (var member in stack.Skip(start))
                    {
                        member.Invalid = true;
                    }
                }

                return;
            }

            state[node] = 1;
            stack.Add(node);
            ReportUnresolved(node, diagnostics);
            foreach (var dependency in node.Dependencies)
            {
                Visit(dependency);
                node.Invalid |= dependency.Invalid;
            }

            stack.RemoveAt(stack.Count - 1);
            state[node] = 2;
            node.Order = Order.Count;
            Order.Add(node);
        }
    }

    /// <summary>Unknown names are reported only for nodes a run needs: an unused catalog KPI may name inputs this client never binds.</summary>
    private void ReportUnresolved(MetricNode node, DiagnosticBag diagnostics)
    {
        foreach (var reference in node.UnresolvedReferences)
        {
            // Dataset columns used outside an aggregate are reported by the compiler (KPI2011).
            if (node.Kind == MetricKind.Kpi && node.Kpi is { } kpi && !string.Equals(Path.GetFullPath(kpi.SourceFile), Set.SourceFile, StringComparison.Ordinal))
            {
                var example = Set.Datasets.Count > 0 ? Set.Datasets[0].Name : "<dataset>";
                diagnostics.Add(
                    DiagnosticCatalog.UnboundInput,
                    $"KPI '{node.Name}' needs input '{reference.Name}', which client '{Set.ClientId}' does not bind.",
                    reference.Span,
                    $"Bind it in {Path.GetFileName(Set.SourceFile)} under inputs:  {reference.Name}: {{ dataset: {example}, formula: \"Sum([column])\" }}" +
                    (NameSuggestions.DidYouMean(reference.Name, Nodes.Keys) is { } hint ? $" ({hint})" : string.Empty));
            }
            else
            {
                diagnostics.Add(
                    DiagnosticCatalog.UnknownName,
                    $"{node.Label} uses [{reference.Name}], which is not a KPI, input or parameter.",
                    reference.Span,
                    NameSuggestions.DidYouMean(reference.Name, Nodes.Keys) ?? "Define it under inputs, parameters or kpis.");
            }
        }
    }

    /// <summary>Binds the plugin KPIs a run needs to their metrics; unused plugin KPIs are not checked.</summary>
    private void BindPlugins(Func<DiagnosticBag, PluginCatalog>? plugins, DiagnosticBag diagnostics)
    {
        PluginCatalog? catalog = null;
        foreach (var node in Order.Where(n => n.Kpi?.Plugin is not null))
        {
            catalog ??= plugins?.Invoke(diagnostics) ?? PluginCatalog.Load([], PluginHostOptions.Default, diagnostics);
            var dataset = node.Dataset is { } name ? FindDataset(name) : null;
            if (dataset is { Schema: null })
            {
                // The dataset's own problems are reported where it is declared; the KPI's own are
                // still checked against the columns it has.
                node.Invalid = true;
                if (dataset.CheckSchema is { } columnsOnly)
                {
                    catalog.Bind(node.Kpi!, columnsOnly, diagnostics);
                }

                continue;
            }

            node.Plugin = catalog.Bind(node.Kpi!, dataset?.Schema, diagnostics);
            if (node.Plugin is null)
            {
                node.Invalid = true;
                continue;
            }

            dataset?.PluginBindings.Add(node.Plugin);
        }
    }

    private void AssignAggregates()
    {
        foreach (var node in Order)
        {
            if (node.Compiled is not { } compiled || node.Dataset is null || FindDataset(node.Dataset) is not { } dataset)
            {
                continue;
            }

            node.AggregateSlots = [.. compiled.Aggregates.Select(dataset.AddAggregate)];
        }
    }
}
