namespace KpiEngine.TestPlugins;

public static class PluginGreeting
{
    public static string Describe(string what) => "Sums " + what + " per period.";
}
