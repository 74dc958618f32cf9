using System.Globalization;
using System.Text;

namespace KpiEngine.Cli.Output;

/// <summary>
/// Makes text from data and YAML (names, cells, file paths, the raw records diagnostics quote) safe
/// to show on a terminal: control characters, which a terminal runs as commands (ESC starts colour
/// changes, cursor moves, title changes, OSC 8 links, clipboard writes), and the bidirectional
/// overrides that reorder what is shown are printed as visible escapes (<c>\x1B</c>, <c>\u202E</c>).
/// Line feeds and tabs stay. Applied to every human-readable line kpi prints: through
/// <see cref="TerminalSafeWriter"/> for plain text and <see cref="Markup"/> for the tables.
/// Machine output (JSON, CSV) is data and is written unchanged; JSON escapes control characters itself.
/// </summary>
internal static class TerminalText
{
    /// <summary>The text with every unsafe character replaced by its visible escape.</summary>
    public static string Neutralise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = FirstUnsafe(text);
        if (first < 0)
        {
            return text;
        }

        var safe = new StringBuilder(text.Length + 16);
        safe.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (IsUnsafe(c, i + 1 < text.Length ? text[i + 1] : '\0'))
            {
                safe.Append(c <= 0xFF
                    ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}")
                    : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"));
            }
            else
            {
                safe.Append(c);
            }
        }

        return safe.ToString();
    }

    /// <summary>Text for Spectre markup: neutralised, then with its brackets escaped.</summary>
    public static string Markup(string text) => Spectre.Console.Markup.Escape(Neutralise(text));

    private static int FirstUnsafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i], i + 1 < text.Length ? text[i + 1] : '\0'))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>C0 controls but tab, line feed and the CR of a CRLF; DEL; C1 controls; bidirectional embeddings, overrides and isolates.</summary>
    private static bool IsUnsafe(char c, char next) => c switch
    {
        '\t' or '\n' => false,
        '\r' => next != '\n',
        < ' ' => true,
        >= '\x7F' and <= '\x9F' => true,
        >= '\u202A' and <= '\u202E' => true,
        >= '\u2066' and <= '\u2069' => true,
        _ => false,
    };
}

/// <summary>A writer that passes text on through <see cref="TerminalText.Neutralise"/>: for every human-readable stream.</summary>
internal sealed class TerminalSafeWriter(TextWriter inner) : TextWriter(CultureInfo.InvariantCulture)
{
    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => inner.Write(TerminalText.Neutralise(value.ToString()));

    public override void Write(string? value)
    {
        if (value is not null)
        {
            inner.Write(TerminalText.Neutralise(value));
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => inner.WriteLine(value is null ? null : TerminalText.Neutralise(value));

    public override void WriteLine() => inner.WriteLine();

    public override void Flush() => inner.Flush();
}
