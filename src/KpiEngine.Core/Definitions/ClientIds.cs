using System.Text.RegularExpressions;

namespace KpiEngine.Definitions;

/// <summary>
/// The rule for client ids, in one place for the loader (which reports a bad id, KPI1013) and the
/// batch (which names each client's output files after its id, and runs no client without one):
/// letters, digits, '_', '.' and '-', starting with a letter or digit, at most 100 characters, and
/// not a name Windows keeps for a device (<c>con</c>, <c>nul</c>, <c>com1</c> ...), whatever the extension.
/// </summary>
internal static partial class ClientIds
{
    /// <summary>The longest id: with the extension and the temporary-file suffix a file name stays well under 255 bytes.</summary>
    public const int MaxLength = 100;

    /// <summary>What a valid id looks like, for messages.</summary>
    public const string Rule = "use at most 100 letters, digits, '_', '.' and '-', starting with a letter or digit, and not a device name such as 'con' or 'nul'";

    /// <summary>True when <paramref name="id"/> can name output files on every platform.</summary>
    public static bool IsValid(string id) =>
        id.Length <= MaxLength && Pattern().IsMatch(id) && !DeviceName().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex DeviceName();
}
