using System.Runtime.InteropServices;

namespace KpiEngine.Definitions;

/// <summary>What a path names: its kind in the file system.</summary>
internal enum FileKind
{
    /// <summary>Nothing exists at the path.</summary>
    Missing,

    /// <summary>A regular file: the only kind an output may replace.</summary>
    RegularFile,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A symbolic link (<c>/dev/stdout</c> is one), whatever it points to.</summary>
    SymbolicLink,

    /// <summary>A named pipe: writing to it blocks until someone reads.</summary>
    Fifo,

    /// <summary>A character device such as <c>/dev/null</c> or a terminal.</summary>
    CharacterDevice,

    /// <summary>A block device such as a disk.</summary>
    BlockDevice,

    /// <summary>A Unix domain socket.</summary>
    Socket,
}

/// <summary>
/// Finds the <see cref="FileKind"/> of a path: the one place KpiEngine asks, for the files it reads
/// (<see cref="InputFile"/>, links followed) and the files it writes (<c>OutputTarget</c>, links not
/// followed). .NET has no public API for the kind of a Unix file (FIFOs, devices and sockets look
/// like empty regular files to <see cref="FileInfo"/>; see dotnet/runtime#85148), so on Unix this
/// asks the runtime's own native shim, which every .NET process on Unix loads, for <c>stat</c> or
/// <c>lstat</c>: its result begins with two 32-bit fields, flags and the mode, in every .NET since
/// Core 1.0, with the same kind bits on every Unix and architecture. Should those entry points ever
/// be missing, the managed checks (links, folders, devices Windows marks) still apply.
/// </summary>
internal static class FileKinds
{
    private const int TypeMask = 0xF000;
    private static bool _nativeMissing;

    /// <summary>
    /// The kind of <paramref name="path"/>; <see cref="FileKind.Missing"/> when nothing is there (or
    /// a followed link leads nowhere). With <paramref name="followLinks"/> a symbolic link counts as
    /// what it leads to; without, it is <see cref="FileKind.SymbolicLink"/>.
    /// </summary>
    public static FileKind Of(string path, bool followLinks = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (!OperatingSystem.IsWindows() && !_nativeMissing)
        {
            try
            {
                var found = followLinks ? NativeStatus.Stat(full, out var status) : NativeStatus.LStat(full, out status);
                return found == 0 ? FromMode(status.Mode) : FileKind.Missing;
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                _nativeMissing = true;
            }
        }

        return Managed(full, followLinks);
    }

    /// <summary>A short English name of the kind, for messages: "a named pipe (FIFO)".</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Missing => "missing",
        FileKind.RegularFile => "a regular file",
        FileKind.Directory => "a folder",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.Fifo => "a named pipe (FIFO)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        _ => "a socket",
    };

    private static FileKind FromMode(int mode) => (mode & TypeMask) switch
    {
        0x8000 => FileKind.RegularFile,
        0x4000 => FileKind.Directory,
        0xA000 => FileKind.SymbolicLink,
        0x1000 => FileKind.Fifo,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        _ => FileKind.Socket,
    };

    private static FileKind Managed(string full, bool followLinks)
    {
        var info = new FileInfo(full);
        if (info.LinkTarget is not null)
        {
            if (!followLinks)
            {
                return FileKind.SymbolicLink;
            }

            if (info.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true } target)
            {
                return System.IO.Directory.Exists(full) ? FileKind.Directory : FileKind.Missing;
            }

            full = target.FullName;
            info = new FileInfo(full);
        }

        if (System.IO.Directory.Exists(full))
        {
            return FileKind.Directory;
        }

        if (OperatingSystem.IsWindows() && (full.StartsWith(@"\\.\", StringComparison.Ordinal) || full.StartsWith(@"\\?\GLOBALROOT", StringComparison.OrdinalIgnoreCase)))
        {
            // The Win32 device namespace (\\.\NUL, \\.\COM1): never a file to replace.
            return FileKind.CharacterDevice;
        }

        if (info.Exists && info.Attributes.HasFlag(FileAttributes.Device))
        {
            return FileKind.CharacterDevice;
        }

        return info.Exists ? FileKind.RegularFile : FileKind.Missing;
    }

    /// <summary>The start of the runtime shim's <c>FileStatus</c>; the buffer is larger than the whole structure.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct StatusPrefix
    {
        public int Flags;
        public int Mode;
    }

    private static class NativeStatus
    {
        [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int LStat(string path, out StatusPrefix status);

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Stat(string path, out StatusPrefix status);
    }
}
