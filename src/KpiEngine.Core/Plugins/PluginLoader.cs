using System.Reflection;
using System.Text.RegularExpressions;
using KpiEngine.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using McMasterPluginConfig = McMaster.NETCore.Plugins.PluginConfig;
using McMasterPluginLoader = McMaster.NETCore.Plugins.PluginLoader;

namespace KpiEngine.Plugins;

/// <summary>A plugin loaded into this process, with its live metrics.</summary>
internal sealed record LoadedPlugin(LoadedPluginInfo Info, IReadOnlyDictionary<string, IPluginMetric> Metrics);

/// <summary>
/// The one seam through which plugin assemblies are found and loaded, and the only place that
/// uses McMaster.NETCore.Plugins. A plugin folder holds <c>&lt;Folder&gt;.dll</c> (the folder's
/// own name) with its dependencies and <c>.deps.json</c>; a root folder holds plugin folders.
/// Every failure becomes a problem on the result, never an exception: a broken plugin must not
/// stop the others.
/// </summary>
internal static partial class PluginLoader
{
    /// <summary>
    /// One type of each assembly the host shares with every plugin: the contract and the DI
    /// abstractions. McMaster shares these assemblies and everything they reference from the
    /// host's context, so a plugin's <see cref="IKpiPlugin"/> is the host's; a private copy
    /// would break type identity.
    /// </summary>
    internal static readonly Type[] SharedTypes = [typeof(IKpiPlugin), typeof(IServiceCollection)];

    /// <summary>
    /// The loader settings every plugin folder gets, stated in full rather than left to the
    /// library's defaults. Only the shared types come from the host, so a plugin's own Json.NET
    /// 13.0.1 stays its own next to the host's 13.0.3 (<c>PreferSharedTypes</c> would hand it
    /// the host's). No hot reload and no unloading: a run loads its plugins once and uses their
    /// metrics to the end, and a file watcher would swap code under a running scan.
    /// </summary>
    internal static void Configure(McMasterPluginConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.PreferSharedTypes = false;
        config.EnableHotReload = false;
        config.IsUnloadable = false;
        config.LoadInMemory = false;
        config.IsLazyLoaded = false;
    }

    /// <summary>The plugin folders in <paramref name="root"/>: the root itself when it holds <c>&lt;root&gt;.dll</c>, else its sub-folders that hold their own <c>.dll</c>, by name.</summary>
    public static IReadOnlyList<string> Discover(string root)
    {
        var full = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        if (File.Exists(MainAssemblyPath(full)))
        {
            return [full];
        }

        return [.. Directory.EnumerateDirectories(full)
            .Where(d => File.Exists(MainAssemblyPath(d)) || Directory.EnumerateFiles(d, "*.dll").Any())
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The assembly a plugin folder must contain: <c>&lt;folder name&gt;.dll</c>.</summary>
    public static string MainAssemblyPath(string folder) => Path.Combine(folder, Path.GetFileName(folder) + ".dll");

    /// <summary>
    /// Checks the contract version from the assembly's metadata, before any of its code runs.
    /// Returns null when the plugin may be loaded, else the problem.
    /// </summary>
    public static (string? Problem, bool IsContractMismatch) CheckBeforeLoading(string folder)
    {
        var path = MainAssemblyPath(folder);
        if (!File.Exists(path))
        {
            return ($"plugin folder '{folder}' has no {Path.GetFileName(path)} (the assembly must be named after its folder)", false);
        }

        Version? contract;
        try
        {
            contract = ContractReference.Read(path);
        }
        catch (BadImageFormatException ex)
        {
            return ($"{Path.GetFileName(path)} is not a valid .NET assembly ({ex.Message})", false);
        }
        catch (IOException ex)
        {
            return ($"{Path.GetFileName(path)} cannot be read ({ex.Message})", false);
        }

        if (contract is null)
        {
            return ($"{Path.GetFileName(path)} does not reference KpiEngine.Abstractions, so it is not a KpiEngine plugin", false);
        }

        return ContractReference.IsCompatible(contract, ContractInfo.Version)
            ? (null, false)
            : ($"{Path.GetFileName(path)} cannot be used: {ContractReference.Explain(contract)}", true);
    }

    /// <summary>Loads the plugins of one folder into their own load context, after checking its contract version.</summary>
    /// <param name="folder">The plugin folder.</param>
    /// <param name="time">The clock plugins get.</param>
    /// <param name="log">Receives plugin log messages, tagged with the plugin's name.</param>
    public static IReadOnlyList<LoadedPlugin> Load(string folder, TimeProvider time, Action<string, PluginLogLevel, string> log)
    {
        var (problem, mismatch) = CheckBeforeLoading(folder);
        if (problem is not null)
        {
            return [Failed(folder, problem, mismatch)];
        }

        Type[] pluginTypes;
        try
        {
            // The context outlives the loader: it is not collectible, so disposing the loader
            // unloads nothing, and the plugin's assemblies keep the context alive.
            using var loader = McMasterPluginLoader.CreateFromAssemblyFile(Path.GetFullPath(MainAssemblyPath(folder)), SharedTypes, Configure);
            var assembly = loader.LoadDefaultAssembly();
            pluginTypes = [.. assembly.GetExportedTypes()
                .Where(t => t.IsClass && !t.IsAbstract && typeof(IKpiPlugin).IsAssignableFrom(t))
                .OrderBy(t => t.FullName, StringComparer.Ordinal)];
        }
        catch (Exception ex) when (IsLoadFailure(ex))
        {
            return [Failed(folder, Describe(ex))];
        }

        if (pluginTypes.Length == 0)
        {
            return [Failed(folder, $"{Path.GetFileName(MainAssemblyPath(folder))} has no public class implementing IKpiPlugin")];
        }

        return [.. pluginTypes.Select(t => Instantiate(folder, t, time, log))];
    }

    private static LoadedPlugin Instantiate(string folder, Type type, TimeProvider time, Action<string, PluginLogLevel, string> log)
    {
        var logger = new PluginLogger(Path.GetFileName(folder), log);
        var services = new ServiceCollection()
            .AddSingleton(time)
            .AddSingleton<IPluginLogger>(logger)
            .BuildServiceProvider();
        try
        {
            var plugin = (IKpiPlugin)ActivatorUtilities.CreateInstance(services, type);
            var name = plugin.Name;
            if (string.IsNullOrEmpty(name) || !PluginName().IsMatch(name))
            {
                return Failed(folder, $"{type.FullName} has an invalid name '{name}' (use lower-case letters, digits, '_' and '-')");
            }

            logger.Name = name;
            var contract = plugin.ContractVersion;
            if (contract is null || !ContractReference.IsCompatible(contract, ContractInfo.Version))
            {
                return Failed(folder, $"plugin '{name}' declares contract {contract?.ToString() ?? "(none)"}: {ContractReference.Explain(contract ?? new Version(0, 0))}", true, name);
            }

            var registry = new MetricRegistry();
            plugin.Register(registry);
            var problems = registry.Validate(name);
            var info = new LoadedPluginInfo(
                name,
                plugin.Version?.ToString() ?? "0.0",
                $"{contract.Major}.{contract.Minor}",
                folder,
                [.. registry.Metrics.Select(m => new PluginMetricInfo(m.Name, m.Description ?? string.Empty, [.. m.Columns], [.. m.Outputs]) { Parameters = MetricRegistry.ParametersOf(m), CohortOutputs = MetricRegistry.CohortOutputsOf(m) })],
                problems);
            return new LoadedPlugin(info, registry.Metrics.ToDictionary(m => m.Name, StringComparer.Ordinal));
        }
#pragma warning disable CA1031 // Plugin code can throw anything; containing it is the point.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Failed(folder, $"{type.FullName} failed while being created or registering its metrics: {Describe(ex)}");
        }
    }

    private static LoadedPlugin Failed(string folder, string problem, bool contractMismatch = false, string? name = null) =>
        new(LoadedPluginInfo.Failed(folder, problem, contractMismatch, name), new Dictionary<string, IPluginMetric>());

    private static bool IsLoadFailure(Exception ex) =>
        ex is IOException or BadImageFormatException or ReflectionTypeLoadException or TypeLoadException
            or FileLoadException or MissingMemberException or InvalidOperationException;

    /// <summary>A one-line description of an exception from plugin code, naming a missing dependency plainly.</summary>
    internal static string Describe(Exception ex)
    {
        var root = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
        return root switch
        {
            FileNotFoundException missing when missing.FileName is not null => $"a dependency is missing: {missing.FileName}",
            ReflectionTypeLoadException types => string.Join("; ", types.LoaderExceptions.OfType<Exception>().Select(Describe).Distinct()),
            _ => $"{root.GetType().Name}: {root.Message}",
        };
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex PluginName();

    private sealed class PluginLogger(string name, Action<string, PluginLogLevel, string> sink) : IPluginLogger
    {
        public string Name { get; set; } = name;

        public void Log(PluginLogLevel level, string message) => sink(Name, level, message ?? string.Empty);
    }

    private sealed class MetricRegistry : IMetricRegistry
    {
        public List<IPluginMetric> Metrics { get; } = [];

        public void Add(IPluginMetric metric)
        {
            ArgumentNullException.ThrowIfNull(metric);
            Metrics.Add(metric);
        }

        public List<string> Validate(string plugin)
        {
            var problems = new List<string>();
            if (Metrics.Count == 0)
            {
                problems.Add($"plugin '{plugin}' registers no metrics");
            }

            foreach (var metric in Metrics)
            {
                if (string.IsNullOrWhiteSpace(metric.Name))
                {
                    problems.Add($"plugin '{plugin}' registers a metric without a name ({metric.GetType().FullName})");
                }
                else if (metric.Outputs is null || metric.Outputs.Count == 0 || metric.Columns is null)
                {
                    problems.Add($"metric '{plugin}/{metric.Name}' declares no outputs or a null column list");
                }
                else
                {
                    problems.AddRange(ParameterProblems(plugin, metric));
                    problems.AddRange(CohortOutputProblems(plugin, metric));
                }
            }

            problems.AddRange(Metrics.GroupBy(m => m.Name, StringComparer.Ordinal).Where(g => g.Count() > 1)
                .Select(g => $"plugin '{plugin}' registers metric '{g.Key}' {g.Count()} times"));
            return problems;
        }

        /// <summary>The parameters a metric declares (contract 1.1); null for one that does not declare them.</summary>
        public static IReadOnlyList<MetricParameter>? ParametersOf(IPluginMetric metric) =>
            metric is IDeclaresParameters { Parameters: { } parameters } ? [.. parameters] : null;

        /// <summary>The outputs a metric gives per cohort and age (contract 1.2); null for one that has none.</summary>
        public static IReadOnlyList<string>? CohortOutputsOf(IPluginMetric metric) =>
            metric is IReportsCohorts { CohortOutputs: { } outputs } ? [.. outputs] : null;

        /// <summary>A cohort output that is not one of the metric's outputs could never be named by a KPI: a mistake of the plugin's.</summary>
        private static IEnumerable<string> CohortOutputProblems(string plugin, IPluginMetric metric) =>
            metric is IReportsCohorts { CohortOutputs: null }
                ? [$"metric '{plugin}/{metric.Name}' declares a null cohort output list"]
                : (CohortOutputsOf(metric) ?? []).Where(o => !metric.Outputs.Contains(o, StringComparer.Ordinal))
                    .Select(o => $"metric '{plugin}/{metric.Name}' declares cohort output '{o}', which is not among its outputs ({string.Join(", ", metric.Outputs)})");

        /// <summary>A declaration the host could not check values against: a null entry, a name twice, an empty range.</summary>
        private static IEnumerable<string> ParameterProblems(string plugin, IPluginMetric metric)
        {
            if (metric is IDeclaresParameters { Parameters: null })
            {
                yield return $"metric '{plugin}/{metric.Name}' declares a null parameter list";
                yield break;
            }

            var parameters = ParametersOf(metric) ?? [];
            if (parameters.Any(p => p is null))
            {
                yield return $"metric '{plugin}/{metric.Name}' declares a null parameter";
                yield break;
            }

            foreach (var twice in parameters.GroupBy(p => p.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                yield return $"metric '{plugin}/{metric.Name}' declares parameter '{twice.Key}' {twice.Count()} times";
            }

            foreach (var parameter in parameters.Where(p => p.Minimum > p.Maximum || (p.ExclusiveMinimum && p.Minimum == p.Maximum) || p.Minimum is double.NaN || p.Maximum is double.NaN))
            {
                yield return $"metric '{plugin}/{metric.Name}' declares parameter '{parameter.Name}' with no value in its range";
            }
        }
    }
}
