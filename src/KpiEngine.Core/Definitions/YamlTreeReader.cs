using System.Text.RegularExpressions;
using KpiEngine.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KpiEngine.Definitions;

/// <summary>
/// Reads one YAML file into a <see cref="YamlNode"/> tree with YamlDotNet's low-level parser,
/// enforcing <see cref="YamlLimits"/> and rejecting what KpiEngine does not accept (several
/// documents, merge keys, custom tags, duplicate keys) with positioned diagnostics.
/// </summary>
internal sealed partial class YamlTreeReader
{
    private const string CoreTagPrefix = "tag:yaml.org,2002:";

    private readonly YamlLimits _limits;
    private readonly DiagnosticBag _diagnostics;
    private readonly string _file;
    private readonly Dictionary<string, YamlNode?> _anchors = new(StringComparer.Ordinal);
    private readonly Stack<Frame> _frames = new();
    private long _total;
    private YamlNode? _root;
    private bool _failed;

    private YamlTreeReader(string file, YamlLimits limits, DiagnosticBag diagnostics)
    {
        _file = file;
        _limits = limits;
        _diagnostics = diagnostics;
    }

    /// <summary>
    /// Reads a file. Returns null (with a KPI1008, KPI1010, KPI1020, KPI1021 or KPI1023 diagnostic)
    /// when it cannot be read; otherwise a source whose root is null when the text did not parse.
    /// With <paramref name="roots"/>, a file outside them is refused before it is opened.
    /// </summary>
    public static YamlSource? ReadFile(string fullPath, YamlLimits limits, DiagnosticBag diagnostics, SourceSpan? reference, InputRoots? roots = null)
    {
        var file = DefinitionPath.Display(fullPath);
        var at = reference ?? SourceSpan.At(file, 1, 0);
        string text;
        try
        {
            var info = new FileInfo(fullPath);
            if (!info.Exists)
            {
                var what = System.IO.Directory.Exists(fullPath) ? "is a folder, not a file" : "does not exist";
                diagnostics.Add(DiagnosticCatalog.FileNotFound, $"'{file}' {what}.", reference,
                    (NameSuggestions.DidYouMeanFile(fullPath) is { } hint ? hint + " " : string.Empty) + "Check the path; include paths are relative to the file that names them.");
                return null;
            }

            if (roots is not null && !roots.Allows(fullPath))
            {
                var (problem, suggestion) = roots.Refusal("The file", file);
                diagnostics.Add(DiagnosticCatalog.PathOutsideAllowedFolders, problem, at, suggestion);
                return null;
            }

            if (InputFile.KindProblem(fullPath) is { } kind)
            {
                diagnostics.Add(DiagnosticCatalog.NotARegularFile, $"'{file}' {kind}; definition files must be regular files.", at,
                    "Name the YAML file itself, not a device, pipe or socket.");
                return null;
            }

            if (InputFile.ReadAll(fullPath, limits.MaxFileBytes, out _) is not { } bytes)
            {
                diagnostics.Add(
                    DiagnosticCatalog.YamlLimitExceeded,
                    $"'{file}' is larger than {limits.MaxFileBytes} bytes, the limit for definition files.",
                    at,
                    "Split it into several catalog files.");
                return null;
            }

            if (Utf8Text.Decode(bytes) is not { } decoded)
            {
                var problem = Utf8Text.FindProblem(bytes);
                diagnostics.Add(DiagnosticCatalog.InvalidYamlText, $"'{file}' {problem.Description} at line {problem.Line}, column {problem.Column}; definition files are read as UTF-8.",
                    SourceSpan.At(file, problem.Line, problem.Column), problem.Suggestion);
                return null;
            }

            text = decoded;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(DiagnosticCatalog.FileNotFound, $"'{file}' cannot be read: {e.Message}", reference);
            return null;
        }

        var reader = new YamlTreeReader(file, limits, diagnostics);
        var root = reader.Run(text);
        return new YamlSource(fullPath, text, root, reader._failed);
    }

    private YamlNode? Run(string text)
    {
        var errorsBefore = _diagnostics.ErrorCount;
        var root = ReadEvents(text);
        _failed = root is null && _diagnostics.ErrorCount > errorsBefore;
        return root;
    }

    private YamlNode? ReadEvents(string text)
    {
        var parser = new Parser(new Scanner(new StringReader(text), skipComments: false));
        var documents = 0;
        ParsingEvent? lastRead = null;
        try
        {
            var next = Next(parser);
            while (next is not null)
            {
                var current = next;
                lastRead = current;
                next = Next(parser);
                switch (current)
                {
                    case DocumentStart start:
                        documents++;
                        if (documents > 1)
                        {
                            _diagnostics.Add(
                                DiagnosticCatalog.UnsupportedYaml,
                                "A definition file holds one YAML document; this is a second one ('---').",
                                Span(start.Start, start.End),
                                "Put each document in its own file and include it.");
                            return _root;
                        }

                        break;
                    case Scalar scalar:
                        var comment = scalar.Style == ScalarStyle.Plain && !scalar.IsKey
                            && next is Comment { IsInline: true } c && c.Start.Line == scalar.End.Line
                            ? c.Value
                            : null;
                        if (!OnScalar(scalar, comment))
                        {
                            return null;
                        }

                        break;
                    case AnchorAlias alias:
                        if (!OnAlias(alias))
                        {
                            return null;
                        }

                        break;
                    case MappingStart or SequenceStart:
                        if (!OnCollectionStart((NodeEvent)current))
                        {
                            return null;
                        }

                        break;
                    case MappingEnd or SequenceEnd:
                        if (!OnCollectionEnd(current))
                        {
                            return null;
                        }

                        break;
                    default:
                        // Stream start/end, document end and comments carry nothing to keep.
                        break;
                }
            }
        }
        catch (YamlException e)
        {
            ReportSyntaxError(e, text);
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this instead of a YamlException on some malformed input,
            // such as a comment inside a { ... } mapping; the last event read tells where it stopped.
            ReportScannerFailure(text, lastRead);
            return null;
        }

        return _root;
    }

    private void ReportScannerFailure(string text, ParsingEvent? lastRead)
    {
        var lines = text.Split('\n');
        var line = lastRead is null ? 1 : (int)lastRead.End.Line;
        var column = lastRead is null ? 1 : (int)lastRead.End.Column;
        var source = line - 1 < lines.Length ? lines[line - 1] : string.Empty;
        _diagnostics.Add(
            DiagnosticCatalog.YamlSyntax,
            "The YAML cannot be read past this point.",
            SourceSpan.At(_file, line, column),
            FlowCommentHint(source) ?? "Check this line and the next one for a stray character, an unclosed bracket or quote, or a comment inside { ... } or [ ... ].");
    }

    private static ParsingEvent? Next(Parser parser) => parser.MoveNext() ? parser.Current : null;

    private bool OnScalar(Scalar scalar, string? trailingComment)
    {
        var tag = CheckTag(scalar);
        if (!Count(1, scalar.Start))
        {
            return false;
        }

        var style = scalar.Style switch
        {
            ScalarStyle.SingleQuoted => YamlScalarStyle.SingleQuoted,
            ScalarStyle.DoubleQuoted => YamlScalarStyle.DoubleQuoted,
            ScalarStyle.Literal => YamlScalarStyle.Literal,
            ScalarStyle.Folded => YamlScalarStyle.Folded,
            _ => YamlScalarStyle.Plain,
        };
        var node = new YamlScalar(
            scalar.Value,
            style,
            trailingComment,
            (int)scalar.Start.Line,
            (int)scalar.Start.Column,
            (int)scalar.End.Line,
            (int)scalar.End.Column,
            tag);
        if (!scalar.Anchor.IsEmpty)
        {
            _anchors[scalar.Anchor.Value] = node;
        }

        Attach(node);
        return true;
    }

    private bool OnAlias(AnchorAlias alias)
    {
        var name = alias.Value.Value;
        if (!_anchors.TryGetValue(name, out var target))
        {
            _diagnostics.Add(
                DiagnosticCatalog.YamlSyntax,
                $"The alias '*{name}' refers to no anchor '&{name}' before it.",
                Span(alias.Start, alias.End),
                NameSuggestions.DidYouMean(name, _anchors.Keys));
            return false;
        }

        if (target is null)
        {
            _diagnostics.Add(
                DiagnosticCatalog.YamlLimitExceeded,
                $"The alias '*{name}' is inside the node its anchor '&{name}' names, which would make it infinitely deep.",
                Span(alias.Start, alias.End),
                "Remove the alias or move it out of the anchored node.");
            return false;
        }

        if (!Count(target.Size, alias.Start))
        {
            return false;
        }

        Attach(target);
        return true;
    }

    private bool OnCollectionStart(NodeEvent start)
    {
        if (_frames.Count + 1 > _limits.MaxDepth)
        {
            _diagnostics.Add(
                DiagnosticCatalog.YamlLimitExceeded,
                $"Mappings and lists are nested more than {_limits.MaxDepth} levels deep.",
                Span(start.Start, start.End),
                "Definition files need only a few levels; check the indentation and brackets.");
            return false;
        }

        if (!Count(1, start.Start))
        {
            return false;
        }

        var tag = CheckTag(start);
        if (!start.Anchor.IsEmpty)
        {
            // Registered as incomplete so that an alias inside it is caught as a self-reference.
            _anchors[start.Anchor.Value] = null;
        }

        _frames.Push(new Frame(start is MappingStart, start, tag));
        return true;
    }

    private bool OnCollectionEnd(ParsingEvent end)
    {
        var frame = _frames.Pop();
        var start = frame.Start;
        var endLine = (int)end.End.Line;
        var endColumn = (int)end.End.Column;
        if (end.Start.Equals(end.End) && (start is MappingStart { Style: MappingStyle.Flow } || start is SequenceStart { Style: SequenceStyle.Flow }))
        {
            // The end mark of a flow collection sits on its closing bracket; spans end after it.
            endColumn++;
        }

        YamlNode node = frame.IsMapping
            ? new YamlMapping(frame.Entries, (int)start.Start.Line, (int)start.Start.Column, endLine, endColumn, frame.Tag, frame.Size)
            : new YamlSequence(frame.Items, (int)start.Start.Line, (int)start.Start.Column, endLine, endColumn, frame.Tag, frame.Size);
        if (!start.Anchor.IsEmpty)
        {
            _anchors[start.Anchor.Value] = node;
        }

        Attach(node);
        return true;
    }

    private void Attach(YamlNode node)
    {
        if (_frames.Count == 0)
        {
            _root = node;
            return;
        }

        var frame = _frames.Peek();
        frame.Size += node.Size;
        if (!frame.IsMapping)
        {
            frame.Items.Add(node);
            return;
        }

        if (!frame.HasKey)
        {
            frame.HasKey = true;
            frame.Key = AcceptKey(frame, node);
            return;
        }

        frame.HasKey = false;
        if (frame.Key is { } key)
        {
            frame.Keys[key.Value] = key;
            frame.Entries.Add(new KeyValuePair<YamlScalar, YamlNode>(key, node));
        }
    }

    /// <summary>The key to keep, or null when the entry is dropped (reported already).</summary>
    private YamlScalar? AcceptKey(Frame frame, YamlNode node)
    {
        if (node is not YamlScalar key)
        {
            _diagnostics.Add(
                DiagnosticCatalog.WrongNodeType,
                $"A key must be plain text, not {node.Kind}.",
                node.SpanIn(_file),
                "Write keys as simple names followed by ':'.");
            return null;
        }

        if (key is { Style: YamlScalarStyle.Plain, Value: "<<" })
        {
            _diagnostics.Add(
                DiagnosticCatalog.UnsupportedYaml,
                "Merge keys ('<<') are not supported.",
                key.SpanIn(_file),
                "Write the keys out in full, or reuse the whole mapping with an anchor and alias.");
            return null;
        }

        if (frame.Keys.TryGetValue(key.Value, out var first))
        {
            _diagnostics.Add(
                DiagnosticCatalog.DuplicateKey,
                $"The key '{key.Value}' appears twice in this mapping; the first is on line {first.Line}.",
                key.SpanIn(_file),
                "Remove one of them; YAML would otherwise keep only one silently.");
            return null;
        }

        return key;
    }

    /// <summary>
    /// Keeps the standard tags KpiEngine honours (<c>!!str</c>, <c>!!int</c>, <c>!!float</c>,
    /// <c>!!bool</c>, <c>!!null</c>, <c>!!map</c>, <c>!!seq</c>, and <c>!</c>) when they fit the node
    /// they stand on; any other tag, <c>!!python/object:...</c> or <c>!!binary</c> included, is KPI1011,
    /// and a standard tag on a value it does not describe (<c>!!int abc</c>) is KPI1005.
    /// </summary>
    private string? CheckTag(NodeEvent node)
    {
        if (node.Tag.IsEmpty)
        {
            return null;
        }

        var tag = node.Tag.Value;
        if (node.Tag.IsNonSpecific)
        {
            return tag;
        }

        var name = tag.StartsWith(CoreTagPrefix, StringComparison.Ordinal) ? tag[CoreTagPrefix.Length..] : null;
        var fits = (name, node) switch
        {
            ("map", MappingStart) or ("seq", SequenceStart) or ("str", Scalar) => (bool?)true,
            ("int", Scalar scalar) => IntegerTagged().IsMatch(scalar.Value),
            ("float", Scalar scalar) => FloatTagged().IsMatch(scalar.Value),
            ("bool", Scalar scalar) => scalar.Value is "true" or "false",
            ("null", Scalar scalar) => scalar.Value is "" or "~" or "null",
            ("map" or "seq" or "str" or "int" or "float" or "bool" or "null", _) => false,
            _ => null,
        };
        if (fits is null)
        {
            _diagnostics.Add(
                DiagnosticCatalog.UnsupportedYaml,
                $"The tag '{(name is null ? tag : "!!" + name)}' is not supported; only the standard tags !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are.",
                Span(node.Start, node.End),
                "Remove the tag; each key already says what its value is.");
            return null;
        }

        if (fits == false)
        {
            _diagnostics.Add(
                DiagnosticCatalog.InvalidValue,
                $"The value is tagged '!!{name}' but is not {TagMeaning(name!)}.",
                Span(node.Start, node.End),
                $"Remove the tag, or write {TagMeaning(name!)}.");
            return null;
        }

        return tag;
    }

    private static string TagMeaning(string name) => name switch
    {
        "map" => "a mapping",
        "seq" => "a list",
        "str" => "text",
        "int" => "a whole number such as 12",
        "float" => "a number such as 0.42",
        "bool" => "true or false",
        _ => "null (~)",
    };

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerTagged();

    [GeneratedRegex(@"^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatTagged();

    private bool Count(long nodes, Mark at)
    {
        _total += nodes;
        if (_total <= _limits.MaxNodes)
        {
            return true;
        }

        _diagnostics.Add(
            DiagnosticCatalog.YamlLimitExceeded,
            $"The document expands to more than {_limits.MaxNodes} nodes (aliases count as copies of their anchors).",
            SourceSpan.At(_file, (int)at.Line, (int)at.Column),
            "Remove the nested aliases; a KPI file needs few of them.");
        return false;
    }

    private void ReportSyntaxError(YamlException e, string text)
    {
        var line = (int)e.Start.Line;
        var column = (int)e.Start.Column;
        var lineText = line >= 1 ? text.Split('\n').ElementAtOrDefault(line - 1)?.TrimEnd('\r') ?? "" : "";
        var unquoted = UnquotedFormulaLine().Match(lineText);
        if (unquoted.Success && unquoted.Groups["value"].Value.Contains('[', StringComparison.Ordinal))
        {
            var key = unquoted.Groups["key"].Value;
            var value = unquoted.Groups["value"].Value.TrimEnd();
            _diagnostics.Add(
                DiagnosticCatalog.UnquotedFormula,
                $"The {key} must be quoted: YAML reads an unquoted '[' as the start of a list.",
                new SourceSpan(_file, line, unquoted.Groups["value"].Index + 1, line, unquoted.Groups["value"].Index + 1 + value.Length),
                $"Write it as {key}: {FormulaQuoting.Quote(value)}");
            return;
        }

        if (e.Message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FindTabIndent(text, line) is var (tabLine, tabColumn))
        {
            // YamlDotNet marks a tab in the indentation at the start of the enclosing mapping (often 1,1).
            _diagnostics.Add(
                DiagnosticCatalog.YamlSyntax,
                $"A tab is used to indent line {tabLine}; YAML allows only spaces for indentation. ({e.Message})",
                SourceSpan.At(_file, tabLine, tabColumn),
                "Indent with spaces instead of tabs.");
            return;
        }

        var message = e.Message;
        if (e.InnerException is { } inner && !string.IsNullOrEmpty(inner.Message) && inner.Message != message)
        {
            message += " " + inner.Message;
        }

        _diagnostics.Add(DiagnosticCatalog.YamlSyntax, message, SourceSpan.At(_file, Math.Max(1, line), Math.Max(1, column)), FlowCommentHint(lineText));
    }

    private const string FlowCommentAdvice = "A comment cannot stand inside a { ... } mapping: move it to its own line, or write the mapping as indented lines.";

    /// <summary>The advice for a line that puts a comment inside a { ... } mapping, the usual cause of flow-mapping errors.</summary>
    private static string? FlowCommentHint(string lineText) =>
        lineText.Contains('{', StringComparison.Ordinal) && lineText.Contains(" #", StringComparison.Ordinal) ? FlowCommentAdvice : null;

    /// <summary>The first line at or after <paramref name="fromLine"/> whose indentation holds a tab, and the tab's column.</summary>
    private static (int Line, int Column)? FindTabIndent(string text, int fromLine)
    {
        var lines = text.Split('\n');
        for (var i = Math.Max(0, fromLine - 1); i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
            if (tab >= 0 && tab < indent)
            {
                return (i + 1, tab + 1);
            }
        }

        return null;
    }

    private SourceSpan Span(Mark start, Mark end) =>
        new(_file, (int)start.Line, (int)start.Column, (int)end.Line, (int)end.Column);

    // `formula: [a] / [b]` or, in a flow mapping, `formula: Sum([x])` - an unquoted value with a bracket.
    [GeneratedRegex(@"\b(?<key>formula|filter)\s*:\s+(?<value>[^\s""'|>#][^#]*)")]
    private static partial Regex UnquotedFormulaLine();

    private sealed class Frame(bool isMapping, NodeEvent start, string? tag)
    {
        public bool IsMapping { get; } = isMapping;

        public NodeEvent Start { get; } = start;

        public string? Tag { get; } = tag;

        public long Size { get; set; } = 1;

        public List<YamlNode> Items { get; } = [];

        public List<KeyValuePair<YamlScalar, YamlNode>> Entries { get; } = [];

        public Dictionary<string, YamlScalar> Keys { get; } = new(StringComparer.Ordinal);

        public bool HasKey { get; set; }

        public YamlScalar? Key { get; set; }
    }
}
