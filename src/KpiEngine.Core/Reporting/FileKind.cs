using System.Runtime.InteropServices;

namespace KpiEngine.Reporting;

/// <summary>What a path names, without following a symbolic link at its end.</summary>
public enum FileKind
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
/// Finds the <see cref="FileKind"/> of a path. .NET has no public API for the kind of a Unix file
/// (FIFOs, devices and sockets look like empty regular files to <see cref="FileInfo"/>; see
/// dotnet/runtime#85148), so on Unix this asks the runtime's own native shim, which every .NET
/// process on Unix loads, for <c>lstat</c>: its result layout (flags, then the mode) is defined by
/// .NET, the same on every Unix and architecture. Should that entry point ever be missing, the
/// managed checks (links, folders) still apply and the rest counts as a regular file, as before.
/// </summary>
public static class FileKinds
{
    private const int TypeMask = 0xF000;
    private static bool _nativeMissing;

    /// <summary>The kind of <paramref name="path"/>; <see cref="FileKind.Missing"/> when nothing is there.</summary>
    public static FileKind Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (!OperatingSystem.IsWindows() && !_nativeMissing)
        {
            try
            {
                return NativeStatus.LStat(full, out var status) == 0 ? FromMode(status.Mode) : FileKind.Missing;
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                _nativeMissing = true;
            }
        }

        return Managed(full);
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

    private static FileKind Managed(string full)
    {
        var info = new FileInfo(full);
        if (info.LinkTarget is not null)
        {
            return FileKind.SymbolicLink;
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
    }
}
