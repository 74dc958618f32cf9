using System.Globalization;
using KpiEngine.Abstractions;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;

namespace KpiEngine.Plugins;

/// <summary>
/// Checks a plugin KPI's <c>parameters:</c> against what its metric declares
/// (<see cref="IDeclaresParameters"/>), so a value the metric would refuse at run time is an error
/// of <c>kpi validate</c>, positioned on the value in the YAML. A metric that declares nothing is
/// not checked (contract 1.0 plugins).
/// </summary>
internal static class PluginParameterCheck
{
    /// <summary>Reports every problem; true when the parameters are acceptable.</summary>
    public static bool Check(KpiDefinition kpi, PluginMetricInfo metric, DiagnosticBag diagnostics)
    {
        var reference = kpi.Plugin!;
        if (metric.Parameters is not { } declaredParameters)
        {
            return true;
        }

        var qualified = $"{reference.Plugin}/{reference.Metric}";
        var ok = true;
        foreach (var (name, text) in reference.Parameters.OrderBy(p => SpanOf(reference, p.Key).Line).ThenBy(p => SpanOf(reference, p.Key).Column))
        {
            if (name.StartsWith(PluginCatalog.ColumnParameterPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var declared = declaredParameters.FirstOrDefault(p => p.Name == name);
            if (declared is null)
            {
                ok = false;
                var names = declaredParameters.Select(p => p.Name).ToList();
                diagnostics.Add(
                    DiagnosticCatalog.UnknownPluginParameter,
                    $"KPI '{kpi.Id}': plugin metric '{qualified}' has no parameter '{name}' ({(names.Count == 0 ? "it takes none" : $"it has {string.Join(", ", names)}")}).",
                    SpanOf(reference, name),
                    NameSuggestions.DidYouMean(name, names) ?? $"Remove '{name}', or map a column with '{PluginCatalog.ColumnParameterPrefix}<column>: <dataset column>'.");
                continue;
            }

            if (Problem(declared, text) is { } problem)
            {
                ok = false;
                diagnostics.Add(
                    DiagnosticCatalog.PluginParameterInvalid,
                    $"KPI '{kpi.Id}': parameter '{name}' of plugin metric '{qualified}' {problem}.",
                    SpanOf(reference, name),
                    Advice(declared));
            }
        }

        foreach (var missing in declaredParameters.Where(p => p.Required && !reference.Parameters.ContainsKey(p.Name)))
        {
            ok = false;
            diagnostics.Add(
                DiagnosticCatalog.PluginParameterInvalid,
                $"KPI '{kpi.Id}': plugin metric '{qualified}' needs parameter '{missing.Name}', which the KPI does not give.",
                reference.Span,
                $"Add it under the KPI's parameters. {Advice(missing)}");
        }

        return ok;
    }

    /// <summary>What is wrong with a value, as the end of a sentence; null when it is accepted.</summary>
    private static string? Problem(MetricParameter declared, string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            return $"is '{text}', which is not a number";
        }

        if (declared.WholeNumber && value != Math.Floor(value))
        {
            return $"must be a whole number, but is {text}";
        }

        var belowMinimum = declared.ExclusiveMinimum ? value <= declared.Minimum : value < declared.Minimum;
        return belowMinimum || value > declared.Maximum ? $"must be {RangeText(declared)}, but is {text}" : null;
    }

    private static string RangeText(MetricParameter declared) => (declared.Minimum, declared.Maximum) switch
    {
        ({ } min, { } max) when declared.ExclusiveMinimum => $"more than {Number(min)} and at most {Number(max)}",
        ({ } min, { } max) => $"from {Number(min)} to {Number(max)}",
        ({ } min, null) when declared.ExclusiveMinimum => $"more than {Number(min)}",
        ({ } min, null) => $"{Number(min)} or more",
        (null, { } max) => $"at most {Number(max)}",
        _ => "a number",
    };

    /// <summary>A line that is accepted: the smallest value allowed (1 above an exclusive minimum of 0 for a whole number).</summary>
    private static string Example(MetricParameter declared)
    {
        var value = declared.Minimum ?? declared.Maximum ?? 1;
        if (declared.ExclusiveMinimum && declared.Minimum is { } min)
        {
            value = declared.WholeNumber ? Math.Floor(min) + 1 : Math.Min(min + 1, declared.Maximum ?? double.MaxValue);
        }

        return $"'{declared.Name}: {Number(declared.WholeNumber ? Math.Ceiling(value) : value)}'";
    }

    /// <summary>What the parameter is and what to write: "offset: periods after ... Write a whole number 1 or more, e.g. 'offset: 1'."</summary>
    private static string Advice(MetricParameter declared)
    {
        var what = declared.Description.Length > 0 ? $"'{declared.Name}' is the {declared.Description}. " : string.Empty;
        var kind = declared.WholeNumber ? "a whole number" : "a number";
        var range = declared.Minimum is null && declared.Maximum is null ? string.Empty : $" {RangeText(declared)}";
        return $"{what}Write {kind}{range}, e.g. {Example(declared)}.";
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static SourceSpan SpanOf(PluginReference reference, string name) =>
        reference.ParameterSpans.TryGetValue(name, out var span) ? span : reference.Span;
}
