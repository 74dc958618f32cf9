using System.Globalization;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;

namespace KpiEngine.Datasets;

/// <summary>
/// Reports data problems of one dataset scan: the first <see cref="Limit"/> of each kind one by
/// one, then a single "... and N more" per kind, so a broken million-row file stays readable.
/// </summary>
internal sealed class ScanProblems(DatasetDefinition definition, DiagnosticBag diagnostics)
{
    /// <summary>How many problems of one kind are reported individually.</summary>
    internal const int Limit = 10;

    /// <summary>Raw values and records are cut to this many characters in messages.</summary>
    internal const int MaxQuotedChars = 200;

    private readonly Dictionary<DiagnosticDescriptor, long> _counts = [];

    /// <summary>The dataset the problems belong to.</summary>
    public DatasetDefinition Definition => definition;

    /// <summary>The span of a record: the data file and the record's line (column 0: none).</summary>
    public SourceSpan At(long line) => SourceSpan.At(definition.Path, (int)Math.Min(line, int.MaxValue), 0);

    /// <summary>Reports one problem, or only counts it past the limit.</summary>
    public void Report(DiagnosticDescriptor descriptor, string message, SourceSpan span, string? suggestion = null)
    {
        var count = _counts.GetValueOrDefault(descriptor) + 1;
        _counts[descriptor] = count;
        if (count <= Limit)
        {
            diagnostics.Add(descriptor, message, span, suggestion);
        }
    }

    /// <summary>Adds the "... and N more" summaries; call once when the scan ends.</summary>
    public void Flush()
    {
        foreach (var (descriptor, count) in _counts.OrderBy(p => p.Key.Id, StringComparer.Ordinal))
        {
            if (count > Limit)
            {
                diagnostics.Add(descriptor, string.Create(CultureInfo.InvariantCulture,
                    $"Dataset '{definition.Name}': ... and {count - Limit} more '{descriptor.Title}' problems in {definition.Path}."),
                    definition.Span);
            }
        }

        _counts.Clear();
    }

    /// <summary>Cuts a value for a message.</summary>
    public static string Quote(string text) =>
        text.Length <= MaxQuotedChars ? text : string.Concat(text.AsSpan(0, MaxQuotedChars), "…");
}
