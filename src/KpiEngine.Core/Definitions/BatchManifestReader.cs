using KpiEngine.Diagnostics;
using KpiEngine.Time;

namespace KpiEngine.Definitions;

/// <summary>Reads a batch manifest with the same YAML rules and diagnostics as definition files.</summary>
internal static partial class BatchManifestReader
{
    private const string Owner = "the batch manifest";
    private const int MaxParallelism = 1024;

    private static readonly string[] Keys = ["clients", "grain", "from", "to", "formats", "out_dir", "parallel", "skip_unchanged", "include_inputs", "by", "subtotals"];

    /// <summary>The grains by the word written in YAML (<c>month</c>); also read by a benchmark's <c>per:</c>.</summary>
    internal static readonly WordTable<Grain> Grains = new()
    {
        ["day"] = Grain.Day,
        ["week"] = Grain.Week,
        ["month"] = Grain.Month,
        ["quarter"] = Grain.Quarter,
        ["year"] = Grain.Year,
        ["all"] = Grain.All,
    };

    private static readonly WordTable<bool> Booleans = new()
    {
        ["true"] = true,
        ["false"] = false,
    };

    public static LoadResult<BatchManifest> Read(string path, IReadOnlyCollection<string> formats)
    {
        var diagnostics = new DiagnosticBag();
        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            diagnostics.Add(DiagnosticCatalog.FileNotFound, $"'{path}' is not a valid path: {e.Message}");
            return new LoadResult<BatchManifest>(null, diagnostics.Items);
        }

        if (YamlTreeReader.ReadFile(full, YamlLimits.Default, diagnostics, reference: null) is not { Failed: false } source)
        {
            return new LoadResult<BatchManifest>(null, diagnostics.Items);
        }

        var schema = new SchemaReader(source, diagnostics);
        if (source.Root is null)
        {
            diagnostics.Add(DiagnosticCatalog.MissingKey, $"'{source.File}' is empty; a batch manifest needs at least 'clients'.", SourceSpan.At(source.File, 1, 1), "Add a line like 'clients: [clients/*.yaml]'.");
            return new LoadResult<BatchManifest>(null, diagnostics.Items);
        }

        if (schema.Mapping(source.Root, Owner) is not { } root)
        {
            return new LoadResult<BatchManifest>(null, diagnostics.Items);
        }

        if (!schema.CheckRootKeys(root, Keys, "a batch manifest"))
        {
            return new LoadResult<BatchManifest>(null, diagnostics.Items);
        }

        var clients = schema.TextList(root["clients"], "clients", Owner).Select(c => new ClientPattern(c.Value, c.Span)).ToList();
        if (clients.Count == 0)
        {
            var entry = root.Find("clients");
            schema.ReportMissing("clients", Owner, entry is { } found ? schema.Span(found.Key) : schema.Span(root), empty: entry is not null);
        }

        var grain = schema.Scalar(root["grain"], "grain", Owner) is { } grainText ? schema.Enum(grainText, Grains, "grain", Owner) : null;
        var calendar = new PeriodCalendar(grain ?? Grain.Month);
        var from = Period(schema, root, "from", calendar);
        var to = Period(schema, root, "to", calendar);
        var formatNames = new List<string>();
        foreach (var item in schema.TextList(root["formats"], "formats", Owner))
        {
            foreach (var name in item.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (formats.Contains(name))
                {
                    formatNames.Add(name);
                }
                else
                {
                    diagnostics.Add(DiagnosticCatalog.InvalidValue, $"'{name}' is not an output format.", item.Span, NameSuggestions.DidYouMean(name, formats) ?? $"Use one of: {string.Join(", ", formats)}.");
                }
            }
        }

        var outDir = schema.Text(root, "out_dir", Owner) is { Length: > 0 } folder ? Path.GetFullPath(folder, source.Directory) : null;
        int? parallel = null;
        if (schema.Scalar(root["parallel"], "parallel", Owner) is { } parallelText && schema.Number(parallelText, "'parallel'") is { } count)
        {
            if (count >= 1 && count <= MaxParallelism && count == Math.Floor(count))
            {
                parallel = (int)count;
            }
            else
            {
                schema.Invalid(parallelText, $"'parallel' must be a whole number from 1 to {MaxParallelism}, not {parallelText.Value}.", "Leave it out to run as many clients at once as there are cores.");
            }
        }

        var manifest = new BatchManifest(
            full,
            clients,
            grain,
            from,
            to,
            [.. formatNames.Distinct(StringComparer.Ordinal)],
            outDir,
            parallel,
            Flag(schema, root, "skip_unchanged"),
            Flag(schema, root, "include_inputs"))
        {
            Dimensions = [.. schema.TextList(root["by"], "by", Owner).SelectMany(b => b.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))],
            Subtotals = Flag(schema, root, "subtotals"),
        };
        return new LoadResult<BatchManifest>(manifest, diagnostics.Items);
    }

    private static string? Period(SchemaReader schema, YamlMapping root, string key, PeriodCalendar calendar)
    {
        if (schema.Scalar(root[key], key, Owner) is not { } scalar)
        {
            return null;
        }

        if (calendar.TryParse(scalar.Value, end: key == "to", out _))
        {
            return scalar.Value;
        }

        schema.Invalid(scalar, $"'{scalar.Value}' is not a period for '{key}'.", "Write a period as 2026, 2026-Q1, 2026-03, 2026-W10 or 2026-03-05, quoted if YAML could read it as a number or date.");
        return null;
    }

    private static bool? Flag(SchemaReader schema, YamlMapping root, string key) =>
        schema.Scalar(root[key], key, Owner) is { } scalar ? schema.Enum(scalar, Booleans, key, Owner) : null;
}
