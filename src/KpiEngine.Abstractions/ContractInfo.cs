namespace KpiEngine.Abstractions;

/// <summary>
/// The version of this contract. A plugin built against contract <c>M.n</c> loads in a host
/// whose contract has the same major version <c>M</c> and a minor version of at least <c>n</c>.
/// </summary>
/// <remarks>
/// <see cref="Major"/> and <see cref="Minor"/> are constants, so they are compiled into a
/// plugin: return <c>new Version(ContractInfo.Major, ContractInfo.Minor)</c> from
/// <see cref="IKpiPlugin.ContractVersion"/>. The host also reads the plugin assembly's
/// reference to <c>KpiEngine.Abstractions</c>, whose assembly version equals this version.
/// </remarks>
public static class ContractInfo
{
    /// <summary>The major version; changes when a change breaks existing plugins.</summary>
    public const int Major = 1;

    /// <summary>The minor version; changes when members are added.</summary>
    public const int Minor = 2;

    /// <summary>The contract version of the assembly loaded at run time (the host's).</summary>
    public static Version Version { get; } = new(Major, Minor);
}
