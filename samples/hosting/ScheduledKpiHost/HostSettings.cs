using System.Globalization;

namespace ScheduledKpiHost;

/// <summary>What the command line asked for: which client, how often, and where plugins are.</summary>
internal sealed record HostSettings(string Client, TimeSpan Every, bool Once, IReadOnlyList<string> PluginFolders)
{
    public const string Usage = "usage: ScheduledKpiHost --client FILE [--every HH:MM:SS] [--once] [--plugins DIR]...";

    /// <summary>Reads the arguments; null with <paramref name="error"/> set when they are not usable.</summary>
    public static HostSettings? Parse(IReadOnlyList<string> args, out string? error)
    {
        string? client = null;
        var every = TimeSpan.FromHours(1);
        var once = false;
        var plugins = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--once":
                    once = true;
                    break;
                case "--client" when i + 1 < args.Count:
                    client = args[++i];
                    break;
                case "--plugins" when i + 1 < args.Count:
                    plugins.Add(args[++i]);
                    break;
                case "--every" when i + 1 < args.Count:
                    if (!TimeSpan.TryParse(args[++i], CultureInfo.InvariantCulture, out every) || every < TimeSpan.FromSeconds(1))
                    {
                        error = $"--every '{args[i]}' is not an interval of at least one second (write HH:MM:SS, e.g. 00:15:00).";
                        return null;
                    }

                    break;
                default:
                    error = $"unknown or incomplete argument '{args[i]}'.";
                    return null;
            }
        }

        if (client is null)
        {
            error = "--client FILE is required.";
            return null;
        }

        error = null;
        return new HostSettings(client, every, once, plugins);
    }
}
