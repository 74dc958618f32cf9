using KpiEngine.Diagnostics;

namespace KpiEngine.Definitions;

/// <summary>A YAML file read into memory: its lines (for suggestions quoting the source) and its parsed root.</summary>
internal sealed class YamlSource
{
    private readonly string[] _lines;

    public YamlSource(string fullPath, string text, YamlNode? root, bool failed)
    {
        Failed = failed;
        FullPath = fullPath;
        File = DefinitionPath.Display(fullPath);
        _lines = text.Split('\n');
        for (var i = 0; i < _lines.Length; i++)
        {
            _lines[i] = _lines[i].TrimEnd('\r');
        }

        Root = root;
    }

    public string FullPath { get; }

    /// <summary>True when the text could not be parsed (the reason is already reported).</summary>
    public bool Failed { get; }

    /// <summary>The path as shown in diagnostics.</summary>
    public string File { get; }

    /// <summary>The document's root node, or null when the file is empty or did not parse.</summary>
    public YamlNode? Root { get; }

    public string Directory => Path.GetDirectoryName(FullPath) ?? ".";

    /// <summary>The text of a 1-based line, or "" past the end.</summary>
    public string Line(int line) => line >= 1 && line <= _lines.Length ? _lines[line - 1] : "";

    public int LineCount => _lines.Length;

    public SourceSpan Span(YamlNode node) => node.SpanIn(File);

    /// <summary>The source text of a node that sits on one line, or from its start to the end of its first line.</summary>
    public string TextOf(YamlNode node)
    {
        var line = Line(node.Line);
        var start = Math.Clamp(node.Column - 1, 0, line.Length);
        var end = node.EndLine == node.Line ? Math.Clamp(node.EndColumn - 1, start, line.Length) : line.Length;
        return line[start..end];
    }
}
