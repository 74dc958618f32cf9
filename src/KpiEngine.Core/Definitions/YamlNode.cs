using KpiEngine.Diagnostics;

namespace KpiEngine.Definitions;

/// <summary>How a YAML scalar was written; quoting decides whether offsets inside it map 1:1 to columns.</summary>
internal enum YamlScalarStyle
{
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// <summary>
/// One node of a parsed YAML document, with where it stands (1-based line and column of the first
/// character, and of the position just after it). Nodes are immutable; an alias shares the node of its
/// anchor, so a document full of aliases costs no more memory than its text.
/// </summary>
internal abstract class YamlNode
{
    protected YamlNode(int line, int column, int endLine, int endColumn, string? tag, long size)
    {
        Line = line;
        Column = column;
        EndLine = endLine;
        EndColumn = endColumn;
        Tag = tag;
        Size = size;
    }

    public int Line { get; }

    public int Column { get; }

    public int EndLine { get; }

    public int EndColumn { get; }

    /// <summary>The explicit tag (<c>!</c> or a <c>tag:yaml.org,2002:</c> core tag), or null.</summary>
    public string? Tag { get; }

    /// <summary>The number of nodes this node stands for with every alias below it expanded.</summary>
    public long Size { get; }

    /// <summary>What the node is, for messages: "a list", "a mapping", "text".</summary>
    public abstract string Kind { get; }

    public SourceSpan SpanIn(string file) => new(file, Line, Column, EndLine, EndColumn);
}

/// <summary>A scalar: text as YAML read it, and how it was written.</summary>
internal sealed class YamlScalar : YamlNode
{
    public YamlScalar(string value, YamlScalarStyle style, string? trailingComment, int line, int column, int endLine, int endColumn, string? tag)
        : base(line, column, endLine, endColumn, tag, 1)
    {
        Value = value;
        Style = style;
        TrailingComment = trailingComment;
    }

    public string Value { get; }

    public YamlScalarStyle Style { get; }

    /// <summary>For a plain scalar, the text of a <c># comment</c> that follows it on the same line.</summary>
    public string? TrailingComment { get; }

    /// <summary>The standard tag of a whole number (<c>!!int</c>).</summary>
    public const string IntTag = "tag:yaml.org,2002:int";

    /// <summary>The standard tag of a number (<c>!!float</c>).</summary>
    public const string FloatTag = "tag:yaml.org,2002:float";

    /// <summary>The standard tag of null (<c>!!null</c>).</summary>
    public const string NullTag = "tag:yaml.org,2002:null";

    /// <summary>True for an empty value, <c>~</c> or <c>null</c> written without quotes or tagged <c>!!null</c>.</summary>
    public bool IsNull =>
        Tag == NullTag || (Style == YamlScalarStyle.Plain && Tag is null && Value is "" or "~" or "null" or "Null" or "NULL");

    public override string Kind => "text";
}

/// <summary>A mapping whose keys are scalars, in file order, duplicates already removed.</summary>
internal sealed class YamlMapping : YamlNode
{
    public YamlMapping(IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> entries, int line, int column, int endLine, int endColumn, string? tag, long size)
        : base(line, column, endLine, endColumn, tag, size)
    {
        Entries = entries;
    }

    public IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries { get; }

    public override string Kind => "a mapping";

    public YamlNode? this[string key] => Find(key)?.Value;

    public KeyValuePair<YamlScalar, YamlNode>? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (string.Equals(entry.Key.Value, key, StringComparison.Ordinal))
            {
                return entry;
            }
        }

        return null;
    }
}

/// <summary>A list of nodes.</summary>
internal sealed class YamlSequence : YamlNode
{
    public YamlSequence(IReadOnlyList<YamlNode> items, int line, int column, int endLine, int endColumn, string? tag, long size)
        : base(line, column, endLine, endColumn, tag, size)
    {
        Items = items;
    }

    public IReadOnlyList<YamlNode> Items { get; }

    public override string Kind => "a list";
}
