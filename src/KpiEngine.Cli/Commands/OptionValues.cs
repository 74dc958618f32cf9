using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace KpiEngine.Cli.Commands;

/// <summary>
/// Reads option values that are numbers or paths. A value that is not what the option takes is a
/// parse error (usage, exit 2, no stack trace): System.CommandLine's own conversion reports a bad
/// number only when the value is read, by throwing, so numbers are parsed here instead, invariantly.
/// </summary>
internal static class OptionValues
{
    /// <summary>An optional whole-number option from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<int?> WholeNumber(string name, string description, int min, int max) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = Single(result);
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            result.AddError($"{name} must be a whole number from {min} to {max}, not '{text}'.");
            return null;
        },
    };

    /// <summary>A duration in seconds (decimals allowed) from <paramref name="min"/> to <paramref name="max"/>, <paramref name="defaultSeconds"/> when not given.</summary>
    public static Option<double> Seconds(string name, string description, double defaultSeconds, double min, double max) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultSeconds,
        CustomParser = result =>
        {
            var text = Single(result);
            if (double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
                && value >= min && value <= max)
            {
                return value;
            }

            result.AddError($"{name} must be a number of seconds from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, not '{text}'.");
            return defaultSeconds;
        },
    };

    /// <summary>Rejects an empty path or one with a NUL character, which no file system takes (and which .NET throws on).</summary>
    public static T Paths<T>(this T option)
        where T : Option
    {
        option.Validators.Add(result => CheckPaths(result, option.Name));
        return option;
    }

    /// <summary>As <see cref="Paths{T}(T)"/>, for arguments.</summary>
    public static Argument<TValue> Paths<TValue>(this Argument<TValue> argument)
    {
        argument.Validators.Add(result => CheckPaths(result, argument.Name));
        return argument;
    }

    private static void CheckPaths(SymbolResult result, string name)
    {
        foreach (var token in result.Tokens)
        {
            if (string.IsNullOrWhiteSpace(token.Value))
            {
                result.AddError($"{name} needs a path, not an empty value.");
            }
            else if (token.Value.Contains('\0', StringComparison.Ordinal))
            {
                result.AddError($"{name}: '{token.Value.Replace("\0", "\\0", StringComparison.Ordinal)}' is not a path (it holds a NUL character).");
            }
        }
    }

    private static string Single(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
}
