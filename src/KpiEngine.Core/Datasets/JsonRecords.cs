using System.Globalization;
using System.Text;
using System.Text.Json;
using KpiEngine.Definitions;

namespace KpiEngine.Datasets;

/// <summary>One JSON record: the value, its 1-based number and the line it starts on (JSON Lines) or its number (JSON arrays).</summary>
internal readonly record struct JsonRecord(JsonElement Value, long Number, long Line);

/// <summary>
/// Streams the records of a JSON array (one element at a time, never the whole document) or of
/// a JSON Lines file (one document per line, blank lines skipped).
/// </summary>
internal static class JsonRecords
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Enumerates the records. Malformed JSON is passed to <paramref name="onMalformed"/> with its
    /// line: in a JSON array that ends the enumeration (the rest cannot be found reliably); in JSON
    /// Lines only that line is skipped. Each element is valid until the enumeration moves on.
    /// </summary>
    public static IEnumerable<JsonRecord> Read(Stream stream, DatasetFormat format, Action<string, long> onMalformed, CancellationToken cancellationToken) =>
        format == DatasetFormat.JsonLines
            ? ReadLines(stream, onMalformed, cancellationToken)
            : ReadArray(stream, onMalformed, cancellationToken);

    private static IEnumerable<JsonRecord> ReadArray(Stream stream, Action<string, long> onMalformed, CancellationToken cancellationToken)
    {
        using var elements = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, cancellationToken: cancellationToken)
            .ToBlockingEnumerable(cancellationToken).GetEnumerator();
        long number = 0;
        while (true)
        {
            try
            {
                if (!elements.MoveNext())
                {
                    yield break;
                }
            }
            catch (JsonException ex)
            {
                onMalformed($"not a valid JSON array of objects ({FirstSentence(ex.Message)})", (ex.LineNumber ?? 0) + 1);
                yield break;
            }

            number++;
            yield return new JsonRecord(elements.Current, number, number);
        }
    }

    private static IEnumerable<JsonRecord> ReadLines(Stream stream, Action<string, long> onMalformed, CancellationToken cancellationToken)
    {
        // A decoder that throws on invalid bytes: text is reported, never read with U+FFFD in it.
        using var reader = new StreamReader(stream, StrictUtf8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        long line = 0;
        long number = 0;
        while (true)
        {
            string? text;
            try
            {
                text = reader.ReadLine();
            }
            catch (DecoderFallbackException ex)
            {
                onMalformed(string.Create(CultureInfo.InvariantCulture,
                    $"the file is not valid UTF-8 after line {line} (byte 0x{(ex.BytesUnknown is [var b, ..] ? b : 0):X2}); the rest of the file is not read. Save the file as UTF-8"), line + 1);
                yield break;
            }

            if (text is null)
            {
                yield break;
            }

            line++;
            if (line > 1 && text.StartsWith('\uFEFF'))
            {
                onMalformed("a byte-order mark (U+FEFF) starts this line; it is usually left where two files were joined", line);
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            number++;
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text);
            }
            catch (JsonException ex)
            {
                onMalformed($"record {number} is not valid JSON ({FirstSentence(ex.Message)})", line);
                continue;
            }

            using (document)
            {
                yield return new JsonRecord(document.RootElement, number, line);
            }
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd('.', ' ');
    }
}
