using System.Collections.Concurrent;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;

namespace KpiEngine.Datasets;

internal sealed partial class DatasetSchemaReader
{
    /// <summary>
    /// The samples of CSV files already read, so validating a thousand clients that share one export
    /// reads it once (sampling was about a third of <c>kpi validate</c> over a folder of clients). A sample
    /// is kept under the file's full path, length and last write time and every dataset setting sampling
    /// depends on, and only when sampling reported nothing: a file that changed is read again, and a file
    /// with problems is read (and its problems reported) for every client, with each client's names.
    /// </summary>
    internal sealed class SampleCache
    {
        /// <summary>Enough for every file a folder of clients shares; past it the cache starts over, so a long-lived host does not grow without end.</summary>
        private const int MaxEntries = 256;

        private readonly ConcurrentDictionary<Key, Sample> _samples = new();

        /// <summary>Everything a CSV sample depends on: the file as it is now, and how its cells are read.</summary>
        private sealed record Key(string Path, long Length, DateTime LastWriteUtc, char Delimiter, string? TimeColumn, string Culture, string DateFormats, DateWindow TimeWindow);

        private static Key? KeyOf(DatasetDefinition definition)
        {
            var file = new FileInfo(definition.Path);
            return file.Exists
                ? new Key(file.FullName, file.Length, file.LastWriteTimeUtc, definition.Delimiter, definition.TimeColumn, definition.Culture,
                    string.Join('\n', definition.DateFormats), definition.TimeWindow)
                : null;
        }

        /// <summary>
        /// The sample of <paramref name="definition"/>'s file: the one kept for it, or <paramref name="read"/>'s,
        /// kept when the file did not change while it was read and reading reported nothing.
        /// </summary>
        public Sample? GetOrRead(DatasetDefinition definition, DiagnosticBag diagnostics, Func<Sample?> read)
        {
            var before = KeyOf(definition);
            if (before is { } key && _samples.TryGetValue(key, out var kept))
            {
                return kept;
            }

            var reported = diagnostics.Count;
            var sample = read();
            if (sample is not null && before is { } readAs && diagnostics.Count == reported && KeyOf(definition) == readAs)
            {
                if (_samples.Count >= MaxEntries)
                {
                    _samples.Clear();
                }

                _samples.TryAdd(readAs, sample);
            }

            return sample;
        }
    }
}
