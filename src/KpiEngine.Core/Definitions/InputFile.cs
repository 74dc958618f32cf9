namespace KpiEngine.Definitions;

/// <summary>
/// The one way KpiEngine opens a file a definition names (an include, a profile, a data file): only a
/// regular file is opened, so a FIFO never blocks the run and a device such as <c>/dev/zero</c> never
/// feeds it forever, and reads that have a size limit count the bytes actually read (a device or a
/// <c>/proc</c> file reports a length of 0).
/// </summary>
internal static class InputFile
{
    /// <summary>
    /// Why <paramref name="fullPath"/> must not be opened as an input ("is a FIFO (named pipe)"), or
    /// null for a regular file (after following links) and for a path that does not exist, which the
    /// caller reports as missing.
    /// </summary>
    public static string? KindProblem(string fullPath) => FileKinds.Of(fullPath, followLinks: true) switch
    {
        FileKind.RegularFile or FileKind.Missing => null,
        FileKind.Fifo => "is a FIFO (named pipe), not a file",
        FileKind.CharacterDevice => OperatingSystem.IsWindows() ? "is a device, not a file" : "is a character device, not a file",
        FileKind.BlockDevice => "is a block device, not a file",
        FileKind.Socket => "is a socket, not a file",
        FileKind.Directory => "is a folder, not a file",
        _ => "is not a regular file",
    };

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
}
