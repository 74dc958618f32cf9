using System.Globalization;

namespace KpiEngine.Bench;

/// <summary>A wrong command line; the message says what is wrong.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>
/// The few option shapes the harness needs: <c>--name value</c>, positional arguments, and
/// everything after <c>--</c> passed through untouched.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> _named = new(StringComparer.Ordinal);
    private readonly List<string> _positional = [];

    private CommandLine()
    {
    }

    /// <summary>The arguments after <c>--</c>.</summary>
    public IReadOnlyList<string> Rest { get; private set; } = [];

    public static CommandLine Parse(ReadOnlySpan<string> args)
    {
        var line = new CommandLine();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--")
            {
                line.Rest = args[(i + 1)..].ToArray();
                break;
            }

            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                if (i + 1 >= args.Length)
                {
                    throw new UsageException($"option {args[i]} needs a value");
                }

                line._named[args[i]] = args[++i];
            }
            else
            {
                line._positional.Add(args[i]);
            }
        }

        return line;
    }

    public string Positional(int index) =>
        index < _positional.Count ? _positional[index] : throw new UsageException($"argument {index + 1} is missing");

    public string Required(string name) =>
        _named.TryGetValue(name, out var value) ? value : throw new UsageException($"option {name} is required");

    public string Text(string name, string fallback) => _named.GetValueOrDefault(name, fallback);

    public long Long(string name, long? fallback = null)
    {
        if (!_named.TryGetValue(name, out var text))
        {
            return fallback ?? throw new UsageException($"option {name} is required");
        }

        // Accept 1_000_000, 1M and 10M as well as plain digits: the script passes sizes as written in file names.
        var normalized = text.Replace("_", string.Empty, StringComparison.Ordinal);
        long scale = 1;
        if (normalized.EndsWith('M') || normalized.EndsWith('m'))
        {
            scale = 1_000_000;
            normalized = normalized[..^1];
        }
        else if (normalized.EndsWith('k') || normalized.EndsWith('K'))
        {
            scale = 1_000;
            normalized = normalized[..^1];
        }

        return long.TryParse(normalized, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value * scale
            : throw new UsageException($"option {name}: '{text}' is not a non-negative whole number");
    }
}
