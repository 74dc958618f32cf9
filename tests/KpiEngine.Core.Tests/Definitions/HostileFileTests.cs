using KpiEngine.Definitions;
using KpiEngine.Time;

namespace KpiEngine.Core.Tests.Definitions;

/// <summary>Bounded reads, file kinds, allowed folders and period edges (issue 10, classes 3, 4 and 6).</summary>
public sealed class HostileFileTests
{
    [Fact]
    public void ReadAll_FileThatReportsLengthZero_CountsTheBytesItReads()
    {
        // A /proc file is a regular file of reported length 0 with content: the limit must count what is read.
        Assert.Equal(0, new FileInfo("/proc/self/maps").Length);

        Assert.Null(InputFile.ReadAll("/proc/self/maps", 64, out var tooLarge));
        Assert.True(tooLarge);
        Assert.NotEmpty(InputFile.ReadAll("/proc/self/maps", 10 * 1024 * 1024, out tooLarge)!);
        Assert.False(tooLarge);
    }

    [Theory]
    [InlineData("/dev/zero", "is a character device, not a file")]
    [InlineData("/dev/null", "is a character device, not a file")]
    [InlineData("/tmp", "is a folder, not a file")]
    public void KindProblem_DevicesAndFolders_AreNamed(string path, string expected) =>
        Assert.Equal(expected, InputFile.KindProblem(path));

    [Fact]
    public void OpenRead_Device_ThrowsBeforeReading()
    {
        var error = Assert.Throws<IOException>(() => InputFile.OpenRead("/dev/zero"));

        Assert.Equal("'/dev/zero' is a character device, not a file.", error.Message);
    }

    [Fact]
    public void ProjectRoot_IsTheFolderHoldingKpiDefinitionsElseTheClientFoldersParent()
    {
        var work = Directory.CreateTempSubdirectory("kpi-roots-");
        try
        {
            var shipped = Path.Combine(work.FullName, "repo", "kpi-definitions", "clients");
            Directory.CreateDirectory(shipped);
            var loose = Path.Combine(work.FullName, "loose", "clients");
            Directory.CreateDirectory(loose);

            Assert.Equal(Path.Combine(work.FullName, "repo"), InputRoots.ProjectRoot(Path.Combine(shipped, "shop.yaml")));
            Assert.Equal(Path.Combine(work.FullName, "loose"), InputRoots.ProjectRoot(Path.Combine(loose, "shop.yaml")));
            Assert.Equal("/tmp", InputRoots.ProjectRoot("/tmp/shop.yaml")); // never the file system's root

            var roots = InputRoots.For(Path.Combine(loose, "shop.yaml"), [Path.Combine(work.FullName, "shared")]);
            Assert.True(roots.Allows(Path.Combine(work.FullName, "loose", "data", "x.csv")));
            Assert.True(roots.Allows(Path.Combine(work.FullName, "shared", "x.csv")));
            Assert.False(roots.Allows(Path.Combine(work.FullName, "loosely", "x.csv"))); // a prefix of the name is not inside
            Assert.False(roots.Allows("/etc/passwd"));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("9999-12")]
    [InlineData("9999-Q4")]
    [InlineData("9999")]
    [InlineData("FY9999")]
    [InlineData("9999-W52")]
    [InlineData("0001-01-01")]
    [InlineData("0001")]
    public void TryParse_PeriodsAtTheCalendarsEdges_AreNotPeriods(string text)
    {
        foreach (var grain in Enum.GetValues<Grain>())
        {
            var calendar = new PeriodCalendar(grain, new CalendarSettings(FiscalYearStartMonth: 4));
            Assert.False(calendar.TryParse(text, end: true, out _));
            Assert.False(calendar.TryParse(text, end: false, out _));
        }
    }

    [Fact]
    public void TryParse_FirstAndLastSupportedYears_AreReadAndTheirEndsExist()
    {
        var calendar = new PeriodCalendar(Grain.Day);

        Assert.True(calendar.TryParse("9998-12-31", end: true, out var last));
        Assert.Equal(new DateOnly(9999, 1, 1), calendar.End(last));
        Assert.True(calendar.TryParse("0002-01-01", end: false, out var first));
        Assert.Equal("0002-01-01", calendar.Label(first));
    }
}
