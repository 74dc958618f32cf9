using KpiEngine.Definitions;

namespace KpiEngine.Reporting;

/// <summary>
/// Decides whether a path may receive an output. Only a regular file, or nothing yet, is replaced:
/// a folder, a symbolic link (including <c>/dev/stdout</c> and <c>/proc/self/fd/1</c>), a named pipe,
/// a device or a socket is refused and left exactly as it is. Links are refused rather than
/// followed: replacing the link would break it, writing through it can land anywhere (a link
/// planted in a shared output folder that points at a system file), and the target's own path
/// can always be given instead.
/// </summary>
public static class OutputTarget
{
    /// <summary>Why <paramref name="path"/> cannot receive an output; null when it can (it is a regular file or does not exist).</summary>
    public static string? Problem(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var kind = FileKinds.Of(path);
        return kind switch
        {
            FileKind.Missing or FileKind.RegularFile => null,
            FileKind.SymbolicLink => $"'{path}' is a symbolic link{LinkTarget(path)}; outputs never replace or write through a link, so it was left as it is.",
            _ => $"'{path}' is {FileKinds.Describe(kind)}, not a regular file; outputs only replace regular files, so it was left as it is.",
        };
    }

    /// <summary>
    /// Why <paramref name="folder"/> cannot hold outputs; null when it can: a folder, a symbolic link
    /// to a folder (writing into it leaves the link as it is), or nothing yet (it is created).
    /// </summary>
    public static string? FolderProblem(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var kind = FileKinds.Of(folder);
        return kind switch
        {
            FileKind.Missing or FileKind.Directory => null,
            FileKind.SymbolicLink when Directory.Exists(folder) => null,
            FileKind.SymbolicLink => $"'{folder}' is a symbolic link{LinkTarget(folder)} that does not lead to a folder; outputs need a folder, so it was left as it is.",
            _ => $"'{folder}' is {FileKinds.Describe(kind)}, not a folder; it was left as it is and nothing was written.",
        };
    }

    /// <summary>Throws <see cref="OutputTargetException"/> when <paramref name="path"/> cannot receive an output.</summary>
    public static void Check(string path)
    {
        if (Problem(path) is { } problem)
        {
            throw new OutputTargetException(path, problem);
        }
    }

    private static string LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget is { } target ? $" (to '{target}')" : string.Empty;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}

/// <summary>An output path names something that is not a regular file (see <see cref="OutputTarget"/>); nothing was written to it.</summary>
public sealed class OutputTargetException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/> with the reason in <paramref name="message"/>.</summary>
    public OutputTargetException(string path, string message)
        : base(message)
    {
        Path = path;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public OutputTargetException()
        : this(string.Empty, "The output path is not a regular file.")
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    public OutputTargetException(string message)
        : this(string.Empty, message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public OutputTargetException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = string.Empty;
    }

    /// <summary>The refused path.</summary>
    public string Path { get; }
}
