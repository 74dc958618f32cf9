using KpiEngine.Reporting;

namespace KpiEngine.Core.Tests.Reporting;

public sealed class AtomicFileTests
{
    [Fact]
    public void Write_WriterThrowsMidway_KeepsTheOldContentAndLeavesNoTemporaryFile()
    {
        var folder = Directory.CreateTempSubdirectory("kpi-atomic-");
        try
        {
            var target = Path.Combine(folder.FullName, "alpha.json");
            File.WriteAllText(target, "old");

            var thrown = Assert.Throws<IOException>(() => AtomicFile.Write(target, stream =>
            {
                stream.Write(new byte[100_000]);
                throw new IOException("disk full");
            }));

            Assert.Equal("disk full", thrown.Message);
            Assert.Equal("old", File.ReadAllText(target));
            Assert.Equal(["alpha.json"], Directory.GetFiles(folder.FullName).Select(Path.GetFileName));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Write_Completes_ReplacesTheContentWhole()
    {
        var folder = Directory.CreateTempSubdirectory("kpi-atomic-");
        try
        {
            var target = Path.Combine(folder.FullName, "sub", "alpha.json");

            AtomicFile.Write(target, stream => stream.Write("new"u8));

            Assert.Equal("new", File.ReadAllText(target));
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(target)!));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("", "811c9dc5")]       // the FNV-1a offset basis: no byte hashed
    [InlineData("a", "e40c292c")]      // the published FNV-1a 32-bit test vectors
    [InlineData("foobar", "bf9cf968")]
    public void MachineTag_MachineName_IsItsFnv1aHashInEightHexDigits(string machine, string expected)
    {
        // A temporary file's machine part must stay the same from run to run on one machine (a write tells its own
        // machine's leftovers by it), and fit the eight hex digits the leftover pattern reads.
        Assert.Equal(expected, AtomicFile.MachineTag(machine));
    }
}
