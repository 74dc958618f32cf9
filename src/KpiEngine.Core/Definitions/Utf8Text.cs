using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace KpiEngine.Definitions;

/// <summary>
/// UTF-8 checks for every text KpiEngine reads: invalid bytes (a Latin-1 or Windows-1252 export) and
/// a byte-order mark past the start (two files joined) are reported with where they are, never
/// replaced by U+FFFD or kept as an invisible character in a name or key.
/// </summary>
internal static class Utf8Text
{
    /// <summary>A byte-order mark in UTF-8.</summary>
    public static ReadOnlySpan<byte> ByteOrderMark => "\uFEFF"u8;

    /// <summary>The text of a whole file without its leading byte-order mark; null when it has one of the problems above.</summary>
    public static string? Decode(ReadOnlySpan<byte> bytes)
    {
        var text = bytes.StartsWith(ByteOrderMark) ? bytes[3..] : bytes;
        return Utf8.IsValid(text) && text.IndexOf(ByteOrderMark) < 0 ? Encoding.UTF8.GetString(text) : null;
    }

    /// <summary>
    /// The first problem in <paramref name="bytes"/> (the start of a file when <paramref name="atFileStart"/>,
    /// where a mark is allowed): its 1-based line and column (in characters), and what it is.
    /// </summary>
    public static TextProblem FindProblem(ReadOnlySpan<byte> bytes, bool atFileStart = true)
    {
        var i = atFileStart && bytes.StartsWith(ByteOrderMark) ? 3 : 0;
        var line = 1;
        var column = 1;
        while (i < bytes.Length)
        {
            if (bytes[i] < 0x80)
            {
                (line, column) = bytes[i] == '\n' ? (line + 1, 1) : (line, column + 1);
                i++;
                continue;
            }

            if (Rune.DecodeFromUtf8(bytes[i..], out var rune, out var consumed) != OperationStatus.Done)
            {
                return new TextProblem(line, column, i, Invalid(bytes[i]), Suggestion);
            }

            if (rune.Value == 0xFEFF)
            {
                return new TextProblem(line, column, i, "holds a byte-order mark (U+FEFF) inside the text",
                    "Remove it: it is usually left where two exported files were joined into one.");
            }

            column += rune.Utf16SequenceLength;
            i += consumed;
        }

        return new TextProblem(line, column, i, "is valid UTF-8", string.Empty);
    }

    private const string Suggestion = "Save the file as UTF-8 (in Excel: CSV UTF-8; in an editor: Save with Encoding UTF-8).";

    private static string Invalid(byte value) => string.Create(CultureInfo.InvariantCulture,
        $"holds the byte 0x{value:X2}, which is not UTF-8 (the file looks {(value >= 0xA0 ? "Latin-1 or Windows-1252" : "like another encoding")})");
}

/// <summary>Where a text problem is: 1-based line and column, the byte offset, what it is and how to fix it.</summary>
internal readonly record struct TextProblem(int Line, int Column, int Offset, string Description, string Suggestion);
