namespace KpiEngine.Definitions;

/// <summary>Turns formula scalars into <see cref="FormulaSource"/>s and quotes formula text for suggestions.</summary>
internal static class FormulaQuoting
{
    /// <summary>The text as a YAML scalar that reads back unchanged: double quotes when possible.</summary>
    public static string Quote(string text)
    {
        if (!text.Contains('"', StringComparison.Ordinal) && !text.Contains('\\', StringComparison.Ordinal))
        {
            return "\"" + text + "\"";
        }

        return "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>
    /// A formula source whose <see cref="FormulaSource.TextColumn"/> lets an offset inside the text
    /// be mapped back to the file: exact for plain and escape-free quoted scalars on one line, and for
    /// one-line block scalars; 0 (map to the whole scalar) otherwise.
    /// </summary>
    public static FormulaSource ToFormula(YamlScalar scalar, YamlSource source)
    {
        var span = source.Span(scalar);
        var singleLine = scalar.Line == scalar.EndLine;
        switch (scalar.Style)
        {
            case YamlScalarStyle.Plain:
                return new FormulaSource(scalar.Value, span, scalar.Line, singleLine ? scalar.Column : 0);
            case YamlScalarStyle.SingleQuoted or YamlScalarStyle.DoubleQuoted:
                var raw = source.TextOf(scalar);
                var escape = scalar.Style == YamlScalarStyle.SingleQuoted ? "''" : "\\";
                var exact = singleLine && raw.Length >= 2 && !raw[1..^1].Contains(escape, StringComparison.Ordinal);
                return new FormulaSource(scalar.Value, span, scalar.Line, exact ? scalar.Column + 1 : 0);
            default:
                var text = scalar.Value.TrimEnd();
                var line = scalar.Line + 1;
                while (line <= source.LineCount && string.IsNullOrWhiteSpace(source.Line(line)))
                {
                    line++;
                }

                var content = source.Line(line);
                var indent = content.Length - content.TrimStart(' ').Length;
                var oneLine = !text.Contains('\n', StringComparison.Ordinal);
                return new FormulaSource(text, span, line, oneLine ? indent + 1 : 0);
        }
    }
}
