using System.IO.Compression;

namespace KpiEngine.Hosting.Tests.Packaging;

/// <summary>
/// The packages as a plugin author gets them: pack Abstractions, Core, the kpi tool and the
/// templates into a local feed; install the template; make a plugin from it; build it against the
/// packed contract; install the packed tool; and run a client with the plugin.
/// </summary>
public sealed class PackagingTests(PackedFeed packed) : IClassFixture<PackedFeed>
{
    [Fact]
    public void Packages_CarryReadmeLicenceAndDocs()
    {
        var feed = packed.Feed;

        foreach (var (id, dll) in new[] { ("KpiEngine.Abstractions", "lib/net10.0/KpiEngine.Abstractions"), ("KpiEngine.Core", "lib/net10.0/KpiEngine.Core") })
        {
            using var package = ZipFile.OpenRead(Path.Combine(feed, id + ".1.0.0.nupkg"));
            var entries = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            Assert.Contains("README.md", entries);
            Assert.Contains("LICENSE", entries);
            Assert.Contains(dll + ".dll", entries);
            Assert.Contains(dll + ".xml", entries);
            var nuspec = Nuspec(package, id);
            Assert.Contains("<license type=\"expression\">MIT</license>", nuspec, StringComparison.Ordinal);
            Assert.Contains("<readme>README.md</readme>", nuspec, StringComparison.Ordinal);
        }

        using var tool = ZipFile.OpenRead(Path.Combine(feed, "KpiEngine.Cli.1.0.0.nupkg"));
        var toolEntries = tool.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("<packageType name=\"DotnetTool\"", Nuspec(tool, "KpiEngine.Cli"), StringComparison.Ordinal);
        Assert.Contains(toolEntries, e => e.EndsWith("/any/kpi.dll", StringComparison.Ordinal));
        Assert.Contains(toolEntries, e => e.EndsWith("/any/KpiEngine.PluginWorker.dll", StringComparison.Ordinal));
        Assert.Contains(toolEntries, e => e.EndsWith("/any/plugins/KpiEngine.Plugins.Oee/KpiEngine.Plugins.Oee.dll", StringComparison.Ordinal));
        Assert.Contains(toolEntries, e => e.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal));

        using var templates = ZipFile.OpenRead(Path.Combine(feed, "KpiEngine.Templates.1.0.0.nupkg"));
        Assert.Contains("content/templates/kpi-plugin/.template.config/template.json", templates.Entries.Select(e => e.FullName));
    }

    [Fact]
    public void Template_NewPlugin_BuildsAgainstThePackedContract_AndTheToolRunsIt()
    {
        using var temp = new TempFolder();
        var feed = packed.Feed;
        var home = Path.Combine(temp.Path, "home");
        // KpiEngine.* only from the fresh feed; the rest from the machine's package cache (read as a
        // local source, so nothing needs the network) or the registry. Never a fallback folder: a
        // KpiEngine.Abstractions 1.0.0 cached there by an earlier restore would win over the feed.
        File.WriteAllText(Path.Combine(temp.Path, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(temp.Path, "packages")}" />
              </config>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="machine" value="{MachinePackages()}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local"><package pattern="KpiEngine.*" /></packageSource>
                <packageSource key="machine"><package pattern="*" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
            </configuration>
            """);

        Dotnet(temp.Path, "new", "install", Path.Combine(feed, "KpiEngine.Templates.1.0.0.nupkg"), "--debug:custom-hive", home);
        Dotnet(temp.Path, "new", "kpi-plugin", "-n", "Acme.Plugins.Margin", "--plugin-name", "margin", "--debug:custom-hive", home);
        var project = Path.Combine(temp.Path, "Acme.Plugins.Margin");
        Assert.True(File.Exists(Path.Combine(project, "Acme.Plugins.Margin.csproj")));
        Assert.Contains("\"margin\"", File.ReadAllText(Path.Combine(project, "Plugin.cs")), StringComparison.Ordinal);

        var plugins = Path.Combine(temp.Path, "my-plugins");
        Dotnet(project, "build", "-c", "Release", "-o", Path.Combine(plugins, "Acme.Plugins.Margin"));
        // The contract is the host's to share: it must not be copied next to the plugin.
        Assert.False(File.Exists(Path.Combine(plugins, "Acme.Plugins.Margin", "KpiEngine.Abstractions.dll")));

        var tools = Path.Combine(temp.Path, "tools");
        Dotnet(temp.Path, "tool", "install", "KpiEngine.Cli", "--tool-path", tools, "--version", "1.0.0", "--configfile", Path.Combine(temp.Path, "nuget.config"));
        var run = Run(Path.Combine(tools, "kpi"), temp.Path, "run", Path.Combine(AppContext.BaseDirectory, "TestData", "shop", "units.yaml"), "--plugins", plugins, "--format", "csv");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        // units_sold = the template metric's Σ items per period over every order (orders.csv):
        // January 2 + 1 + 1 = 4; February 3; March 1.
        Assert.Equal("units,units_sold,2026-01,4,,count,true,", lines[1]);
        Assert.Equal("units,units_sold,2026-02,3,,count,false,", lines[2]);
        Assert.Equal("units,units_sold,2026-03,1,,count,true,", lines[3]);
    }

    private static string Nuspec(ZipArchive package, string id)
    {
        using var reader = new StreamReader(package.GetEntry(id + ".nuspec")!.Open());
        return reader.ReadToEnd();
    }

    private static string MachinePackages() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    internal static void Dotnet(string workingDirectory, params string[] arguments)
    {
        var run = Run("dotnet", workingDirectory, arguments);
        Assert.True(run.ExitCode == 0, $"dotnet {string.Join(' ', arguments)}\n{run}");
    }

    private static ProcessRun Run(string program, string workingDirectory, params string[] arguments) =>
        ChildProcess.Run(ChildProcess.Start(program, workingDirectory, arguments), TimeSpan.FromMinutes(5));

    internal static string FindRoot()
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

    internal sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kpi-pack-" + Guid.NewGuid().ToString("N"))).FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}

/// <summary>Abstractions, Core, the kpi tool and the templates packed once, as this build made them, into a local feed.</summary>
public sealed class PackedFeed : IDisposable
{
    private readonly PackagingTests.TempFolder _temp = new();

    public PackedFeed()
    {
        Feed = Path.Combine(_temp.Path, "feed");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var root = PackagingTests.FindRoot();
        var projects = string.Join(';', new[] { "KpiEngine.Abstractions", "KpiEngine.Core", "KpiEngine.Cli", "KpiEngine.Templates" }.Select(p => Path.Combine(root, "src", p, p + ".csproj")));
        var packAll = Path.Combine(_temp.Path, "pack.proj");
        // One MSBuild run for the four (NoBuild: this test project's build built them); _IsPacking as `dotnet pack` sets it.
        File.WriteAllText(packAll, $"""
            <Project>
              <Target Name="Pack">
                <MSBuild Projects="{projects}" Targets="Pack" Properties="Configuration={configuration};NoBuild=true;_IsPacking=true;PackageOutputPath={Feed}" />
              </Target>
            </Project>
            """);
        PackagingTests.Dotnet(_temp.Path, "msbuild", packAll, "-t:Pack", "-nologo", "-v:q");
    }

    /// <summary>The folder holding the .nupkg files.</summary>
    public string Feed { get; }

    public void Dispose() => _temp.Dispose();
}
