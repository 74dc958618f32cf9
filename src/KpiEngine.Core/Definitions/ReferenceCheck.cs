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
        var seen = new Dictionary<string, (string What, SourceSpan Span)>(StringComparer.Ordinal);
        var named = kpis.Select(k => (Name: k.Id, What: "KPI", k.Span))
            .Concat(inputs.Select(i => (i.Definition.Name, What: "input", i.Definition.Span)))
            .Concat(parameters.Select(p => (p.Name, What: "parameter", p.Span)));
        foreach (var (name, what, span) in named)
        {
            if (seen.TryGetValue(name, out var first))
            {
                diagnostics.Add(
                    DiagnosticCatalog.DuplicateId,
                    $"The {what} '{name}' has the same name as the {first.What} at {first.Span}; KPIs, inputs and parameters share one namespace.",
                    span,
                    $"Rename the {what}.");
                continue;
            }

            seen[name] = (what, span);
        }
    }

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
