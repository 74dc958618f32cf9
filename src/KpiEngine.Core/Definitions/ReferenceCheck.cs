using KpiEngine.Diagnostics;

namespace KpiEngine.Definitions;

/// <summary>Checks the names a client file refers to: datasets, the KPIs it selects, and one namespace for KPIs, inputs and parameters.</summary>
internal sealed class ReferenceCheck(DiagnosticBag diagnostics)
{
    /// <summary>Input, KPI, borrow and derived <c>dataset</c>/<c>from</c> references must name a declared dataset.</summary>
    public void Datasets(IReadOnlyList<DatasetDraft> datasets, IReadOnlyList<InputDraft> inputs, IReadOnlyList<KpiDraft> kpis)
    {
        var names = datasets.Select(d => d.Definition.Name).ToList();
        foreach (var dataset in datasets)
        {
            foreach (var (borrow, span) in dataset.Definition.Borrows.Zip(dataset.BorrowFromSpans))
            {
                var others = names.Where(n => n != dataset.Definition.Name).ToList();
                if (!others.Contains(borrow.From, StringComparer.Ordinal))
                {
                    var why = borrow.From == dataset.Definition.Name ? "itself" : $"'{borrow.From}', which is not declared";
                    Unknown($"Dataset '{dataset.Definition.Name}' borrows from {why}.", span, borrow.From, others);
                }
            }

            if (dataset.Definition.Derived is { } derived)
            {
                var others = names.Where(n => n != dataset.Definition.Name).ToList();
                if (!others.Contains(derived.From, StringComparer.Ordinal))
                {
                    var why = derived.From == dataset.Definition.Name ? "itself" : $"'{derived.From}', which is not declared";
                    Unknown($"Dataset '{dataset.Definition.Name}' is derived from {why}.", derived.FromSpan, derived.From, others);
                }
            }
        }

        foreach (var input in inputs)
        {
            if (!names.Contains(input.Definition.Dataset, StringComparer.Ordinal))
            {
                Unknown($"Input '{input.Definition.Name}' uses dataset '{input.Definition.Dataset}', which is not declared.", input.DatasetSpan, input.Definition.Dataset, names);
            }
        }

        foreach (var kpi in kpis)
        {
            if (kpi.Dataset is { } dataset && !names.Contains(dataset.Value, StringComparer.Ordinal))
            {
                Unknown($"KPI '{kpi.Id}' uses dataset '{dataset.Value}', which is not declared.", dataset.Span, dataset.Value, names);
            }
        }
    }

    /// <summary>KPIs, inputs and parameters are all written <c>[name]</c> in formulas, so their names must differ.</summary>
    public void SharedNamespace(IReadOnlyList<KpiDraft> kpis, IReadOnlyList<InputDraft> inputs, IReadOnlyList<ParameterDefinition> parameters)
    {
        // Plain loops and a class for the first use: LINQ and tuples over SourceSpan (a struct) are framework
        // generics over a KpiEngine value type, which the published kpi had to JIT-compile (~30 methods) at every start.
        var seen = new Dictionary<string, FirstUse>(StringComparer.Ordinal);
        foreach (var kpi in kpis)
        {
            Check(kpi.Id, "KPI", kpi.Span);
        }

        foreach (var input in inputs)
        {
            Check(input.Definition.Name, "input", input.Definition.Span);
        }

        foreach (var parameter in parameters)
        {
            Check(parameter.Name, "parameter", parameter.Span);
        }

        void Check(string name, string what, SourceSpan span)
        {
            if (seen.TryGetValue(name, out var first))
            {
                diagnostics.Add(
                    DiagnosticCatalog.DuplicateId,
                    $"The {what} '{name}' has the same name as the {first.What} at {first.Span}; KPIs, inputs and parameters share one namespace.",
                    span,
                    $"Rename the {what}.");
                return;
            }

            seen[name] = new FirstUse(what, span);
        }
    }

    /// <summary>What first took a name in the shared namespace, and where.</summary>
    private sealed record FirstUse(string What, SourceSpan Span);

    /// <summary>The ids in <c>use</c> that name an available KPI, in order, each once.</summary>
    public List<string> Selection(IReadOnlyList<Spanned<string>> use, IReadOnlyList<KpiDraft> kpis)
    {
        var available = kpis.Select(k => k.Id).ToList();
        var selected = new List<string>();
        foreach (var id in use)
        {
            if (!available.Contains(id.Value, StringComparer.Ordinal))
            {
                Unknown($"'use' names KPI '{id.Value}', which is neither included nor defined.", id.Span, id.Value, available);
            }
            else if (selected.Contains(id.Value, StringComparer.Ordinal))
            {
                diagnostics.Add(DiagnosticCatalog.InvalidValue, $"'use' lists KPI '{id.Value}' twice.", id.Span, "Remove the second mention.");
            }
            else
            {
                selected.Add(id.Value);
            }
        }

        return selected;
    }

    private void Unknown(string message, SourceSpan span, string name, IEnumerable<string> candidates) =>
        diagnostics.Add(DiagnosticCatalog.UnknownReference, message, span, NameSuggestions.DidYouMean(name, candidates));
}
