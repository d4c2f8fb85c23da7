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

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
