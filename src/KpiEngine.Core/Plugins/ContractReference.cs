using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using KpiEngine.Abstractions;

namespace KpiEngine.Plugins;

/// <summary>
/// Reads which contract version a plugin assembly was compiled against from its metadata,
/// without loading it, so an incompatible plugin never runs.
/// </summary>
internal static class ContractReference
{
    private const string ContractAssemblyName = "KpiEngine.Abstractions";

    /// <summary>The version of the plugin's reference to the contract assembly, or null when it has none.</summary>
    /// <exception cref="BadImageFormatException">The file is not a .NET assembly.</exception>
    public static Version? Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            throw new BadImageFormatException("The file has no .NET metadata.", assemblyPath);
        }

        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.AssemblyReferences)
        {
            var reference = metadata.GetAssemblyReference(handle);
            if (metadata.StringComparer.Equals(reference.Name, ContractAssemblyName))
            {
                return reference.Version;
            }
        }

        return null;
    }

    /// <summary>True when a plugin built for <paramref name="plugin"/> can run on contract <paramref name="host"/>.</summary>
    public static bool IsCompatible(Version plugin, Version host) =>
        plugin.Major == host.Major && plugin.Minor <= host.Minor;

    /// <summary>The rule, for messages.</summary>
    public static string Explain(Version plugin) =>
        $"it was built for contract {plugin.Major}.{plugin.Minor}, this host has contract {ContractInfo.Major}.{ContractInfo.Minor} (the major version must match and the minor must not be newer); rebuild it against this KpiEngine.Abstractions";
}
