namespace KpiEngine.Core.Tests;

/// <summary>Finds the checkout the tests run from, for tests that read docs and sources.</summary>
internal static class RepositoryFolder
{
    /// <summary>The folder holding <c>KpiEngine.sln</c>, above the test output.</summary>
    public static string Root()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "KpiEngine.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("KpiEngine.sln not found above " + AppContext.BaseDirectory);
    }
}
