using System.Runtime.InteropServices;

namespace KpiEngine.Definitions;

/// <summary>
/// The one way KpiEngine opens a file a definition names (an include, a profile, a data file): only a
/// regular file is opened, so a FIFO never blocks the run and a device such as <c>/dev/zero</c> never
/// feeds it forever, and reads that have a size limit count the bytes actually read (a device or a
/// <c>/proc</c> file reports a length of 0).
/// </summary>
internal static class InputFile
{
    // .NET's own portable file kinds (System.Native's FileStatus.Mode), the same on every Unix.
    private const int KindMask = 0xF000;
    private const int Fifo = 0x1000;
    private const int CharacterDevice = 0x2000;
    private const int Folder = 0x4000;
    private const int BlockDevice = 0x6000;
    private const int Regular = 0x8000;
    private const int Socket = 0xC000;

    /// <summary>
    /// Why <paramref name="fullPath"/> must not be opened as an input ("is a FIFO (named pipe)"), or
    /// null for a regular file (after following links) and for a path that does not exist, which the
    /// caller reports as missing.
    /// </summary>
    public static string? KindProblem(string fullPath)
    {
        if (OperatingSystem.IsWindows())
        {
            // Windows has no FIFOs or device nodes in the file system; its device names are not files.
            return File.Exists(fullPath) && File.GetAttributes(fullPath).HasFlag(FileAttributes.Device) ? "is a device, not a file" : null;
        }

        // FileStatus begins with two 32-bit fields, Flags and Mode, in every .NET since Core 1.0; the
        // buffer is larger than the whole structure.
        var status = new byte[256];
        if (Stat(fullPath, status) != 0)
        {
            return null;
        }

        return (BitConverter.ToInt32(status, 4) & KindMask) switch
        {
            Regular => null,
            Fifo => "is a FIFO (named pipe), not a file",
            CharacterDevice => "is a character device, not a file",
            BlockDevice => "is a block device, not a file",
            Socket => "is a socket, not a file",
            Folder => "is a folder, not a file",
            _ => "is not a regular file",
        };
    }

    /// <summary>Opens a regular file for one sequential pass; an <see cref="IOException"/> for anything else.</summary>
    public static FileStream OpenRead(string fullPath, int bufferSize = 1)
    {
        if (KindProblem(fullPath) is { } problem)
        {
            throw new IOException($"'{fullPath}' {problem}.");
        }

        return new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, FileOptions.SequentialScan);
    }

    /// <summary>
    /// Reads a whole regular file of at most <paramref name="maxBytes"/> bytes, counting what is read,
    /// not what the file system reports. Null with <paramref name="tooLarge"/> true past the limit.
    /// </summary>
    public static byte[]? ReadAll(string fullPath, long maxBytes, out bool tooLarge)
    {
        using var stream = OpenRead(fullPath);
        var buffer = new byte[(int)Math.Min(maxBytes + 1, Math.Max(stream.Length + 1, 4096))];
        var count = 0;
        while (true)
        {
            if (count == buffer.Length)
            {
                if (count > maxBytes)
                {
                    break;
                }

                Array.Resize(ref buffer, (int)Math.Min(maxBytes + 1, (long)buffer.Length * 2));
            }

            var read = stream.Read(buffer, count, buffer.Length - count);
            if (read == 0)
            {
                break;
            }

            count += read;
        }

        tooLarge = count > maxBytes;
        return tooLarge ? null : buffer[..count];
    }

    // The runtime's own native shim, present wherever .NET runs on Unix; it follows links like stat(2).
    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int Stat(string path, [Out] byte[] status);
}
