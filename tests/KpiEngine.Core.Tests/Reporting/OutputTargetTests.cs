using System.Diagnostics;
using System.Net.Sockets;
using KpiEngine.Definitions;
using KpiEngine.Reporting;

namespace KpiEngine.Core.Tests.Reporting;

/// <summary>
/// Outputs replace only regular files: a folder, a symbolic link, a named pipe, a device or a socket
/// is refused before anything is written and left exactly as it was. The special files are made for
/// real (mkfifo, a bound Unix socket); on Windows, which has neither, those tests have nothing to check.
/// </summary>
public sealed class OutputTargetTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("kpi-target-");

    private string Folder => _folder.FullName;

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Kinds_OfSystemPaths_AreToldApart()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // Read-only checks on the system's own special files: nothing is written to them.
        Assert.Equal(FileKind.CharacterDevice, FileKinds.Of("/dev/null"));
        Assert.Equal(FileKind.SymbolicLink, FileKinds.Of("/dev/stdout"));
        Assert.Equal(FileKind.Directory, FileKinds.Of(Folder));
        Assert.Equal(FileKind.Missing, FileKinds.Of(Path.Combine(Folder, "none")));
        File.WriteAllText(Path.Combine(Folder, "plain"), "x");
        Assert.Equal(FileKind.RegularFile, FileKinds.Of(Path.Combine(Folder, "plain")));

        // Inputs follow links (a link to a device is a device), outputs do not (a link is a link).
        File.CreateSymbolicLink(Path.Combine(Folder, "to-null"), "/dev/null");
        Assert.Equal(FileKind.CharacterDevice, FileKinds.Of(Path.Combine(Folder, "to-null"), followLinks: true));
        Assert.Equal(FileKind.SymbolicLink, FileKinds.Of(Path.Combine(Folder, "to-null")));
        Assert.Equal(FileKind.Missing, FileKinds.Of(Path.Combine(Folder, "dangling-target"), followLinks: true));
    }

    [Fact]
    public void Write_ToANamedPipe_IsRefusedWithoutBlockingAndThePipeStays()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fifo = MakeFifo("out.json");

        // Opening a FIFO for writing would block until a reader came: the refusal comes first.
        var refused = Assert.Throws<OutputTargetException>(() => AtomicFile.Write(fifo, stream => stream.Write("new"u8)));

        Assert.Contains("is a named pipe (FIFO), not a regular file", refused.Message, StringComparison.Ordinal);
        Assert.Equal(fifo, refused.Path);
        Assert.Equal(FileKind.Fifo, FileKinds.Of(fifo));
        Assert.Equal(["out.json"], Directory.GetFiles(Folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_ToASymbolicLink_IsRefusedAndNeitherTheLinkNorItsTargetChanges()
    {
        var target = Path.Combine(Folder, "real.json");
        File.WriteAllText(target, "old");
        var link = Path.Combine(Folder, "out.json");
        File.CreateSymbolicLink(link, target);

        var refused = Assert.Throws<OutputTargetException>(() => AtomicFile.Write(link, stream => stream.Write("new"u8)));

        Assert.Contains($"is a symbolic link (to '{target}')", refused.Message, StringComparison.Ordinal);
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal("old", File.ReadAllText(target));
        Assert.Equal(2, Directory.GetFiles(Folder).Length);
    }

    [Fact]
    public void Write_ToASocket_IsRefusedAndTheSocketStays()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = Path.Combine(Folder, "out.csv");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));

        var refused = Assert.Throws<OutputTargetException>(() => AtomicFile.Write(path, stream => stream.Write("new"u8)));

        Assert.Contains("is a socket", refused.Message, StringComparison.Ordinal);
        Assert.Equal(FileKind.Socket, FileKinds.Of(path));
    }

    [Fact]
    public void Write_ToAFolder_IsRefusedAndTheFolderStays()
    {
        var folder = Directory.CreateDirectory(Path.Combine(Folder, "out.json")).FullName;
        File.WriteAllText(Path.Combine(folder, "inside"), "kept");

        var refused = Assert.Throws<OutputTargetException>(() => AtomicFile.Write(folder, stream => stream.Write("new"u8)));

        Assert.Contains("is a folder", refused.Message, StringComparison.Ordinal);
        Assert.Equal("kept", File.ReadAllText(Path.Combine(folder, "inside")));
    }

    [Fact]
    public void FolderProblem_AFileOrPipeIsNoFolderButALinkToAFolderIs()
    {
        var file = Path.Combine(Folder, "file");
        File.WriteAllText(file, "x");
        var link = Path.Combine(Folder, "link");
        Directory.CreateSymbolicLink(link, Folder);

        Assert.Contains("is a regular file, not a folder", OutputTarget.FolderProblem(file), StringComparison.Ordinal);
        Assert.Null(OutputTarget.FolderProblem(link));
        Assert.Null(OutputTarget.FolderProblem(Path.Combine(Folder, "new")));
    }

    [Fact]
    public void WriteAll_SecondWriterThrows_NoTargetGetsNewContent()
    {
        var first = Path.Combine(Folder, "a.json");
        var second = Path.Combine(Folder, "a.csv");
        File.WriteAllText(first, "old json");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.WriteAll(
        [
            new PendingFile(first, stream => stream.Write("new json"u8)),
            new PendingFile(second, _ => throw new InvalidOperationException("csv writer bug")),
        ]));

        Assert.Equal("old json", File.ReadAllText(first));
        Assert.False(File.Exists(second));
        Assert.Equal(["a.json"], Directory.GetFiles(Folder).Select(Path.GetFileName));
    }

    [Fact]
    public void WriteAll_SecondTargetIsALink_NothingIsWritten()
    {
        var first = Path.Combine(Folder, "a.json");
        File.WriteAllText(first, "old json");
        var second = Path.Combine(Folder, "a.csv");
        File.CreateSymbolicLink(second, first);
        var writes = 0;

        Assert.Throws<OutputTargetException>(() => AtomicFile.WriteAll(
        [
            new PendingFile(first, stream => { writes++; stream.Write("new json"u8); }),
            new PendingFile(second, stream => { writes++; stream.Write("new csv"u8); }),
        ]));

        // Every target is checked before any bytes are written.
        Assert.Equal(0, writes);
        Assert.Equal("old json", File.ReadAllText(first));
    }

    [Fact]
    public void WriteAll_AllComplete_ReplacesEveryTargetAndLeavesNoTemporaryFile()
    {
        var first = Path.Combine(Folder, "a.json");
        var second = Path.Combine(Folder, "a.csv");
        File.WriteAllText(first, "old json");

        AtomicFile.WriteAll([new PendingFile(first, stream => stream.Write("new json"u8)), new PendingFile(second, stream => stream.Write("new csv"u8))]);

        Assert.Equal("new json", File.ReadAllText(first));
        Assert.Equal("new csv", File.ReadAllText(second));
        Assert.Equal(["a.csv", "a.json"], Directory.GetFiles(Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RemoveLeftovers_RemovesThoseOfEndedProcessesAndOldForeignOnesOnly()
    {
        var machine = LeftoverNames.MachineTag(Folder);
        var ended = EndedProcessId();
        var dead = Leftover($".a.json.kpi-{machine}-{ended}-0123456789ab.tmp");
        var deadBackup = Leftover($".b.csv.kpi-{machine}-{ended}-0123456789ab.old");
        var mine = Leftover($".a.json.kpi-{machine}-{Environment.ProcessId}-0123456789ab.tmp");
        var foreignYoung = Leftover(".a.json.kpi-00000000-1-0123456789ab.tmp");
        var foreignOld = Leftover(".a.json.kpi-00000000-2-0123456789ab.tmp");
        File.SetLastWriteTimeUtc(foreignOld, DateTime.UnixEpoch);
        var unrelated = Leftover(".a.json.something.tmp");

        var removed = AtomicFile.RemoveLeftovers(Folder);

        Assert.Equal(3, removed);
        Assert.False(File.Exists(dead));
        Assert.False(File.Exists(deadBackup));
        Assert.False(File.Exists(foreignOld));
        Assert.True(File.Exists(mine));
        Assert.True(File.Exists(foreignYoung));
        Assert.True(File.Exists(unrelated));
    }

    [Fact]
    public void Write_RemovesTheLeftoversOfAKilledWriteOfTheSamePathOnly()
    {
        var machine = LeftoverNames.MachineTag(Folder);
        var ended = EndedProcessId();
        var ofThisPath = Leftover($".a.json.kpi-{machine}-{ended}-0123456789ab.tmp");
        var ofAnotherPath = Leftover($".b.json.kpi-{machine}-{ended}-0123456789ab.tmp");

        AtomicFile.Write(Path.Combine(Folder, "a.json"), stream => stream.Write("new"u8));

        // A single write (--out, the run summary) cleans up after its own path; a batch cleans its whole folder once.
        Assert.False(File.Exists(ofThisPath));
        Assert.True(File.Exists(ofAnotherPath));
        Assert.Equal("new", File.ReadAllText(Path.Combine(Folder, "a.json")));
    }

    [Fact]
    public void Write_LeavesItsOwnLeftoverPatternThatRemoveLeftoversRecognises()
    {
        var target = Path.Combine(Folder, "a.json");
        string? temporary = null;

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(target, stream =>
        {
            temporary = ((FileStream)stream).Name;
            throw new InvalidOperationException("stop");
        }));

        // The name a killed writer would leave: for this target, this machine, this process.
        Assert.Matches($@"^\.a\.json\.kpi-{LeftoverNames.MachineTag(Folder)}-{Environment.ProcessId}-[0-9a-f]{{12}}\.tmp$", Path.GetFileName(temporary));
    }

    private string Leftover(string name)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, "half");
        return path;
    }

    /// <summary>The id of a process that has ended: the smallest child there is, waited for.</summary>
    private static int EndedProcessId()
    {
        using var child = OperatingSystem.IsWindows() ? Process.Start("cmd", ["/c", "exit"]) : Process.Start("true");
        child.WaitForExit();
        return child.Id;
    }

    private string MakeFifo(string name)
    {
        var path = Path.Combine(Folder, name);
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }
}
