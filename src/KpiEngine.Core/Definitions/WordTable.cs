namespace KpiEngine.Definitions;

/// <summary>
/// A fixed set of YAML words (<c>unit: currency</c>, <c>grain: month</c>) and the value each stands for,
/// in the order written, which suggestions and "use one of" lists keep. Not a Dictionary: a
/// <c>Dictionary&lt;string, KpiUnit&gt;</c> is an instantiation of a framework generic over a KpiEngine value
/// type, which ReadyToRun cannot precompile across assemblies, so each such table cost the published
/// <c>kpi</c> about ten methods compiled by the JIT at every start. This type and its values are KpiEngine's
/// own and precompiled with it. A table holds a dozen words at most: a linear search is as fast as a hash.
/// </summary>
/// <typeparam name="T">What a word stands for.</typeparam>
internal sealed class WordTable<T>
    where T : struct
{
    private readonly List<string> _words = [];
    private T[] _values = new T[8];

    /// <summary>The words in the order they were added.</summary>
    public IReadOnlyList<string> Words => _words;

    /// <summary>The number of words.</summary>
    public int Count => _words.Count;

    /// <summary>Adds a word (in an initializer: <c>["month"] = Grain.Month</c>); reading an unknown word throws.</summary>
    public T this[string word]
    {
        get => TryGetValue(word, out var value) ? value : throw new KeyNotFoundException($"'{word}' is not in the table.");
        init
        {
            if (_words.Contains(word))
            {
                throw new ArgumentException($"'{word}' is in the table twice.", nameof(word));
            }

            if (_words.Count == _values.Length)
            {
                var grown = new T[_values.Length * 2];
                for (var i = 0; i < _values.Length; i++)
                {
                    grown[i] = _values[i];
                }

                _values = grown;
            }

            _values[_words.Count] = value;
            _words.Add(word);
        }
    }

    /// <summary>The value of <paramref name="word"/>, compared ordinally.</summary>
    public bool TryGetValue(string word, out T value)
    {
        var index = _words.IndexOf(word);
        value = index >= 0 ? _values[index] : default;
        return index >= 0;
    }

    /// <summary>The first word whose value <paramref name="matches"/>; null when none does.</summary>
    public string? FirstWord(Predicate<T> matches)
    {
        for (var i = 0; i < _words.Count; i++)
        {
            if (matches(_values[i]))
            {
                return _words[i];
            }
        }

        return null;
    }
}
