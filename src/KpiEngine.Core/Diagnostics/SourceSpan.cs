using System.Globalization;

namespace KpiEngine.Diagnostics;

/// <summary>
/// A place in a source file: 1-based line and column of the first character, and of the
/// position just after the last one. Rows of a dataset use <see cref="Line"/> for the record
/// number and column 0 when no column applies.
/// </summary>
public readonly record struct SourceSpan(string File, int Line, int Column, int EndLine, int EndColumn)
{
    /// <summary>A span that covers one point.</summary>
    public static SourceSpan At(string file, int line, int column) => new(file, line, column, line, column);

    /// <summary>Prints <c>file(line,col)</c>, the form compilers and editors understand.</summary>
    public override string ToString() =>
        Column > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{File}({Line},{Column})")
            : string.Create(CultureInfo.InvariantCulture, $"{File}({Line})");
}
