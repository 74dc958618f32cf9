namespace KpiEngine.Definitions;

/// <summary>How definition file paths are shown in diagnostics.</summary>
internal static class DefinitionPath
{
    /// <summary>
    /// The path relative to the current directory when the file is under it (short, and what
    /// the user typed in the usual case), else the absolute path.
    /// </summary>
    public static string Display(string fullPath)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), fullPath);
        var outside = relative == ".."
            || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || relative.StartsWith("../", StringComparison.Ordinal)
            || Path.IsPathRooted(relative);
        return outside ? fullPath : relative;
    }
}
