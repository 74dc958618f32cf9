using KpiEngine.Reporting;

namespace KpiEngine.Core.Tests.Reporting;

/// <summary>Helps tests make the temporary files a killed <see cref="AtomicFile"/> write leaves behind.</summary>
internal static class LeftoverNames
{
    /// <summary>The machine part of this machine's temporary names, read from a real one written into <paramref name="folder"/>.</summary>
    public static string MachineTag(string folder)
    {
        string? temporary = null;
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(Path.Combine(folder, "probe"), stream =>
        {
            temporary = ((FileStream)stream).Name;
            throw new InvalidOperationException("probe");
        }));
        return Path.GetFileName(temporary)!.Split("kpi-")[1][..8];
    }
}
