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
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        long line = 0;
        long number = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
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
