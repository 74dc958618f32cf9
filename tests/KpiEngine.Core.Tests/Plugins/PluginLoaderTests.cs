using System.Runtime.Loader;
using KpiEngine.Abstractions;
using KpiEngine.Plugins;
using PluginConfig = McMaster.NETCore.Plugins.PluginConfig;
using static KpiEngine.Core.Tests.Plugins.PluginTestKit;

namespace KpiEngine.Core.Tests.Plugins;

/// <summary>How the loader seam sets up McMaster.NETCore.Plugins: no hot reload, one context per folder, only the contract shared.</summary>
public sealed class PluginLoaderTests
{
    private static readonly Action<string, PluginLogLevel, string> NoLog = (_, _, _) => { };

    [Fact]
    public void Configure_TurnsOffHotReloadUnloadingAndPreferringTheHostsCopies()
    {
        // Start from the opposite of every setting so each assertion sees Configure's own choice.
        var config = new PluginConfig(PluginLoader.MainAssemblyPath(TestPlugin("GoodPlugin")))
        {
            EnableHotReload = true,
            IsUnloadable = true,
            PreferSharedTypes = true,
            LoadInMemory = true,
            IsLazyLoaded = true,
        };

        PluginLoader.Configure(config);

        Assert.False(config.EnableHotReload);
        Assert.False(config.IsUnloadable);
        Assert.False(config.PreferSharedTypes);
        Assert.False(config.LoadInMemory);
        Assert.False(config.IsLazyLoaded);
    }

    [Fact]
    public void Load_GoodPlugin_LivesInANonCollectibleContextOfItsOwn()
    {
        var plugin = Assert.Single(PluginLoader.Load(TestPlugin("GoodPlugin"), TimeProvider.System, NoLog));

        var context = ContextOf(plugin);

        // McMaster makes every hot-reloading context collectible, so a non-collectible one has no file watcher.
        Assert.False(context.IsCollectible);
        Assert.NotSame(AssemblyLoadContext.Default, context);
        Assert.Equal("GoodPlugin", context.Name);
    }

    [Fact]
    public void Load_GoodPlugin_SharesTheContractAndDiAbstractionsWithTheHost()
    {
        var plugin = Assert.Single(PluginLoader.Load(TestPlugin("GoodPlugin"), TimeProvider.System, NoLog));

        var names = ContextOf(plugin).Assemblies.Select(a => a.GetName().Name).ToList();

        Assert.Contains("GoodPlugin", names);
        Assert.Contains("TestPluginHelper", names);
        Assert.DoesNotContain("KpiEngine.Abstractions", names);
        Assert.DoesNotContain("Microsoft.Extensions.DependencyInjection.Abstractions", names);
        Assert.IsAssignableFrom<IPluginMetric>(plugin.Metrics["sum"]);
    }

    [Fact]
    public void Load_SamePluginFromTwoFolders_GetsTwoContextsWhoseTypesAreDistinct()
    {
        using var temp = new TempFolder();
        var copy = temp.CopyOf(TestPlugin("GoodPlugin"));

        var first = Assert.Single(PluginLoader.Load(TestPlugin("GoodPlugin"), TimeProvider.System, NoLog));
        var second = Assert.Single(PluginLoader.Load(copy, TimeProvider.System, NoLog));

        var firstType = first.Metrics["sum"].GetType();
        var secondType = second.Metrics["sum"].GetType();
        Assert.NotSame(ContextOf(first), ContextOf(second));
        Assert.Equal(firstType.FullName, secondType.FullName);
        Assert.NotEqual(firstType, secondType);
        Assert.False(firstType.IsInstanceOfType(second.Metrics["sum"]));
    }

    [Fact]
    public void Load_TwoPluginFolders_OnesPrivateAssemblyIsNotVisibleToTheOther()
    {
        var good = Assert.Single(PluginLoader.Load(TestPlugin("GoodPlugin"), TimeProvider.System, NoLog));
        var privateDependency = Assert.Single(PluginLoader.Load(TestPlugin("PrivateDependencyPlugin"), TimeProvider.System, NoLog));
        var helper = ContextOf(good).Assemblies.Single(a => a.GetName().Name == "TestPluginHelper");

        // TestPluginHelper ships only in GoodPlugin's folder, and the host does not have it either.
        Assert.Throws<FileNotFoundException>(() => { ContextOf(privateDependency).LoadFromAssemblyName(helper.GetName()); });
        Assert.Null(Type.GetType("KpiEngine.TestPlugins.PluginGreeting, TestPluginHelper"));
        Assert.DoesNotContain(helper, ContextOf(privateDependency).Assemblies);
    }

    private static AssemblyLoadContext ContextOf(LoadedPlugin plugin)
    {
        Assert.True(plugin.Info.IsLoaded, string.Join("; ", plugin.Info.Problems));
        return AssemblyLoadContext.GetLoadContext(plugin.Metrics.Values.First().GetType().Assembly)!;
    }
}
