using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using KpiEngine.Diagnostics;

namespace KpiEngine.Definitions;

/// <summary>
/// Checks YAML nodes against the definition schema, one value at a time: shapes, keys, required
/// values and scalars (numbers, enums, identifiers, formulas). Every problem becomes a diagnostic;
/// a value that fails comes back as null so the caller can go on with the rest.
/// </summary>
internal sealed partial class SchemaReader(YamlSource source, DiagnosticBag diagnostics)
{
    private static readonly Dictionary<string, string> Examples = new(StringComparer.Ordinal)
    {
        ["client"] = "client: online-shop",
        ["id"] = "id: aov",
        ["unit"] = "unit: currency",
        ["direction"] = "direction: higher",
        ["formula"] = "formula: \"[revenue] / [orders]\"",
        ["dataset"] = "dataset: orders",
        ["path"] = "path: ../data/orders.csv",
        ["from"] = "from: orders",
        ["key"] = "key: order_id",
        ["columns"] = "columns: [ordered_at, status]",
        ["kpis"] = "kpis: [{ id: aov, unit: currency, direction: higher, formula: \"[revenue] / [orders]\" }]",
    };

    private static readonly string[] BooleanLike = ["yes", "no", "on", "off", "y", "n", "true", "false"];

    public YamlSource Source => source;

    public DiagnosticBag Diagnostics => diagnostics;

    public SourceSpan Span(YamlNode node) => source.Span(node);

    /// <summary>The node as a mapping; null when absent or empty, KPI1007 when it is something else.</summary>
    public YamlMapping? Mapping(YamlNode? node, string what) => Expect<YamlMapping>(node, what, "a mapping of 'key: value' lines");

    /// <summary>The node as a list; null when absent or empty, KPI1007 when it is something else.</summary>
    public YamlSequence? Sequence(YamlNode? node, string what) => Expect<YamlSequence>(node, what, "a list ('- item' lines or [a, b])");

    /// <summary>Reports every key not in <paramref name="allowed"/> (KPI1003), suggesting the nearest valid one.</summary>
    public void CheckKeys(YamlMapping mapping, IReadOnlyList<string> allowed, string owner)
    {
        foreach (var (key, _) in mapping.Entries)
        {
            if (!allowed.Contains(key.Value, StringComparer.Ordinal))
            {
                diagnostics.Add(
                    DiagnosticCatalog.UnknownKey,
                    $"'{key.Value}' is not a key of {owner}.",
                    Span(key),
                    NameSuggestions.DidYouMean(key.Value, allowed) ?? $"Valid keys: {string.Join(", ", allowed)}.");
            }
        }
    }

    /// <summary>
    /// Checks a file's top-level keys. When none of them is a key of <paramref name="kind"/>, the file
    /// is not one of ours (a path mistyped, or a file named to leak it): one KPI1022 that does not
    /// quote it, and false so the caller reads nothing more. Otherwise as <see cref="CheckKeys"/>.
    /// </summary>
    public bool CheckRootKeys(YamlMapping root, IReadOnlyList<string> allowed, string kind)
    {
        if (root.Entries.Count > 0 && !root.Entries.Any(entry => allowed.Contains(entry.Key.Value, StringComparer.Ordinal)))
        {
            diagnostics.Add(
                DiagnosticCatalog.NotADefinitionFile,
                $"'{source.File}' is not {kind}: none of its {root.Entries.Count} top-level keys is one (its content is not shown).",
                SourceSpan.At(source.File, root.Line, root.Column),
                $"Check the path. {Capital(kind)} has keys such as {string.Join(", ", allowed.Take(4))}.");
            return false;
        }

        CheckKeys(root, allowed, kind);
        return true;
    }

    /// <summary>The value as a scalar; null when absent or empty, KPI1007 when it is a list or mapping.</summary>
    public YamlScalar? Scalar(YamlNode? node, string key, string owner)
    {
        switch (node)
        {
            case null or YamlScalar { IsNull: true }:
                return null;
            case YamlScalar scalar:
                return scalar;
            default:
                diagnostics.Add(DiagnosticCatalog.WrongNodeType, $"'{key}' of {owner} must be a single value, not {node.Kind}.", Span(node));
                return null;
        }
    }

    /// <summary>An optional text value.</summary>
    public string? Text(YamlMapping mapping, string key, string owner) => Scalar(mapping[key], key, owner)?.Value;

    /// <summary>A required scalar: KPI1004 when the key is missing or its value empty.</summary>
    public YamlScalar? Required(YamlMapping mapping, string key, string owner)
    {
        var entry = mapping.Find(key);
        if (entry is not { } found)
        {
            ReportMissing(key, owner, Span(mapping), empty: false);
            return null;
        }

        if (found.Value is YamlScalar { IsNull: true } || found.Value is YamlScalar { Value: "" })
        {
            ReportMissing(key, owner, Span(found.Key), empty: true);
            return null;
        }

        return Scalar(found.Value, key, owner);
    }

    public void ReportMissing(string key, string owner, SourceSpan span, bool empty)
    {
        var example = Examples.TryGetValue(key, out var line) ? line : key + ": ...";
        diagnostics.Add(
            DiagnosticCatalog.MissingKey,
            empty ? $"{Capital(owner)} has an empty '{key}'." : $"{Capital(owner)} has no '{key}'.",
            span,
            $"Add a line like '{example}'.");
    }

    /// <summary>A name used in formulas or references (KPI1013 when it is not one).</summary>
    public string? Identifier(YamlScalar scalar, string what)
    {
        if (IdentifierPattern().IsMatch(scalar.Value))
        {
            return scalar.Value;
        }

        var fixedName = new StringBuilder();
        foreach (var c in scalar.Value)
        {
            fixedName.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        if (fixedName.Length == 0 || char.IsAsciiDigit(fixedName[0]))
        {
            fixedName.Insert(0, '_');
        }

        diagnostics.Add(
            DiagnosticCatalog.InvalidIdentifier,
            $"'{scalar.Value}' is not a valid {what}: use letters, digits and '_', starting with a letter or '_'.",
            Span(scalar),
            $"Write it as '{fixedName}'.");
        return null;
    }

    /// <summary>
    /// A number as a consultant means it: plain digits with an optional fraction and exponent.
    /// Rejects leading zeros (YAML 1.1 reads 010 as octal 8), .nan/.inf, quoted text and overflow.
    /// </summary>
    public double? Number(YamlScalar scalar, string what)
    {
        var text = scalar.Value;
        var taggedNumber = scalar.Tag is YamlScalar.IntTag or YamlScalar.FloatTag;
        if (scalar.Tag is not null && !taggedNumber)
        {
            Invalid(scalar, $"'{text}' is tagged as text, so it is not a number; {what} must be a number.", "Remove the tag.");
            return null;
        }

        if (scalar.Style != YamlScalarStyle.Plain && !taggedNumber)
        {
            Invalid(scalar, $"'{text}' is quoted, so it is text; {what} must be a number.", "Remove the quotes.");
            return null;
        }

        if (SpecialFloat().IsMatch(text))
        {
            Invalid(scalar, $"'{text}' is not a usable number for {what}; NaN and infinity are not allowed.", "Write a finite number.");
            return null;
        }

        var match = NumberPattern().Match(text);
        if (!match.Success)
        {
            var hint = text.Contains(',', StringComparison.Ordinal) ? "Write decimals with a point, without thousands separators: 1234.5." : "Write a number like 0.42 or 1500.";
            Invalid(scalar, $"'{text}' is not a number; {what} must be one.", hint);
            return null;
        }

        var whole = match.Groups["whole"].Value;
        if (whole.Length > 1 && whole[0] == '0')
        {
            var trimmed = (text.StartsWith('-') ? "-" : "") + whole.TrimStart('0').PadLeft(1, '0') + text[(match.Groups["whole"].Index + whole.Length)..];
            Invalid(scalar, $"'{text}' has a leading zero, which YAML 1.1 reads as an octal number.", $"Write {trimmed}, or quote it if it is text.");
            return null;
        }

        var value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(value))
        {
            Invalid(scalar, $"'{text}' is too large for {what}.", "Write a number below 1.7e308.");
            return null;
        }

        return value;
    }

    /// <summary>
    /// Checks a plain value passed on as text (plugin parameters) for what YAML tools read
    /// differently: yes/no/on/off booleans, leading zeros, .nan/.inf.
    /// </summary>
    public void CheckPortableValue(YamlScalar scalar, string what)
    {
        if (scalar.Style != YamlScalarStyle.Plain || scalar.Tag is not null)
        {
            return;
        }

        var text = scalar.Value;
        if (BooleanLike.Contains(text, StringComparer.OrdinalIgnoreCase) && text is not ("true" or "false"))
        {
            Invalid(scalar, $"'{text}' in {what} is read as a boolean by some YAML tools and as text by others.", "Write true or false, or quote it if it is text.");
        }
        else if (SpecialFloat().IsMatch(text) || LeadingZero().IsMatch(text))
        {
            Number(scalar, what);
        }
    }

    /// <summary>One of a fixed set of lowercase words (KPI1005 with the nearest word otherwise).</summary>
    public T? Enum<T>(YamlScalar scalar, WordTable<T> values, string key, string owner)
        where T : struct
    {
        if (values.TryGetValue(scalar.Value, out var value))
        {
            return value;
        }

        Invalid(
            scalar,
            $"'{scalar.Value}' is not a valid '{key}' for {owner}.",
            NameSuggestions.DidYouMean(scalar.Value, values.Words) ?? $"Use one of: {string.Join(", ", values.Words)}.");
        return null;
    }

    /// <summary>
    /// A formula: a scalar, else KPI1006 (YAML read an unquoted formula as a list or mapping). A plain
    /// formula cut short by <c> #</c> gets a KPI1006 warning.
    /// </summary>
    public FormulaSource? Formula(YamlMapping mapping, string key, string owner, bool required)
    {
        var entry = mapping.Find(key);
        if (entry is not { } found)
        {
            if (required)
            {
                ReportMissing(key, owner, Span(mapping), empty: false);
            }

            return null;
        }

        if (found.Value is YamlScalar scalar)
        {
            if (scalar.IsNull || scalar.Value.Trim().Length == 0)
            {
                ReportMissing(key, owner, Span(found.Key), empty: true);
                return null;
            }

            if (scalar is { Style: YamlScalarStyle.Plain, TrailingComment: not null } && scalar.Line == scalar.EndLine)
            {
                // The comment as written, from the source line: YamlDotNet trims its leading space.
                var written = source.Line(scalar.Line)[(scalar.Column - 1)..].TrimEnd();
                var cut = written[(scalar.EndColumn - scalar.Column)..].TrimStart();
                diagnostics.Add(new Diagnostic(
                    DiagnosticCatalog.UnquotedFormula.Id,
                    DiagnosticSeverity.Warning,
                    $"The {key} of {owner} is not quoted, so the text after ' #' ('{cut}') is a comment and is cut off.",
                    Span(scalar),
                    $"If it belongs to the {key}, quote it: {key}: {FormulaQuoting.Quote(written)}"));
            }

            return FormulaQuoting.ToFormula(scalar, source);
        }

        diagnostics.Add(
            DiagnosticCatalog.UnquotedFormula,
            $"The {key} of {owner} was read as {found.Value.Kind} because it is not quoted.",
            Span(found.Value),
            $"Quote the formula: {key}: {FormulaQuoting.Quote(source.TextOf(found.Value).Trim())}");
        return null;
    }

    /// <summary>A list of text values, also accepting one value on its own.</summary>
    public IReadOnlyList<Spanned<string>> TextList(YamlNode? node, string key, string owner)
    {
        if (node is null or YamlScalar { IsNull: true })
        {
            return [];
        }

        if (node is YamlScalar single)
        {
            return [new Spanned<string>(single.Value, Span(single))];
        }

        var list = new List<Spanned<string>>();
        foreach (var item in Sequence(node, $"'{key}' of {owner}")?.Items ?? [])
        {
            if (Scalar(item, key, owner) is { } scalar)
            {
                list.Add(new Spanned<string>(scalar.Value, Span(scalar)));
            }
        }

        return list;
    }

    public void Invalid(YamlNode node, string message, string? suggestion) =>
        diagnostics.Add(DiagnosticCatalog.InvalidValue, message, Span(node), suggestion);

    private T? Expect<T>(YamlNode? node, string what, string shape)
        where T : YamlNode
    {
        switch (node)
        {
            case null or YamlScalar { IsNull: true }:
                return null;
            case T expected:
                return expected;
            default:
                diagnostics.Add(DiagnosticCatalog.WrongNodeType, $"{Capital(what)} must be {shape}, not {node.Kind}.", Span(node));
                return null;
        }
    }

    /// <summary>The text with its first letter upper case, to start a message with a name.</summary>
    public static string Capital(string text) =>
        text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex(@"^-?(?<whole>\d+)(\.\d+)?([eE][+-]?\d+)?$")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^[-+]?\.(nan|inf)$", RegexOptions.IgnoreCase)]
    private static partial Regex SpecialFloat();

    [GeneratedRegex(@"^-?0\d")]
    private static partial Regex LeadingZero();
}
