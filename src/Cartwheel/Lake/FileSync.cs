using System.Runtime.InteropServices;

namespace Cartwheel.Lake;

/// <summary>
/// Durability helpers: a renamed file survives a crash only once its data and the directory entry are
/// flushed to disk (fsync the file, then its directory).
/// </summary>
internal static partial class FileSync
{
    private const int ReadOnly = 0;

    /// <summary>Flushes a file's data to disk.</summary>
    public static void File(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Flushes a directory's entries to disk (a no-op where the OS cannot open directories, e.g. Windows).</summary>
    public static void Directory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Open(path, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory {path} to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory {path} failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// Flushes every dirty file and directory entry of the file system holding <paramref name="path"/> (Linux
    /// <c>syncfs</c>): one call instead of an fsync per file and folder when a build publishes hundreds of small
    /// files. Elsewhere it falls back to flushing the directory.
    /// </summary>
    public static void FileSystem(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            Directory(path);
            return;
        }

        var fd = Open(path, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Cannot open {path} to flush its file system (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (SyncFs(fd) != 0)
            {
                throw new IOException($"syncfs of {path} failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFs(int fd);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
