using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Cartwheel.Catalog;

namespace Cartwheel.Lake;

internal sealed partial class BronzeBatchWriter
{
    /// <summary>
    /// Finishes every partition's file (the last row group, the file hash patched in when it was pending, the
    /// footer), then moves each into its bronze partition as <c>&lt;batch&gt;.parquet</c>, fsynced before and its
    /// directory after the rename. Returns the records for the catalog commit; until that commit the files are orphans.
    /// </summary>
    public IReadOnlyList<BronzeFile> Publish(string fileHash, CancellationToken cancellationToken)
    {
        foreach (var partition in _partitions.Values)
        {
            partition.Complete();
        }

        _fileThread.Stop();
        byte[]? patch = null;
        if (_hashPending)
        {
            patch = Encoding.UTF8.GetBytes(fileHash);
            if (patch.Length != PendingHashLength)
            {
                throw new ArgumentException($"The file hash must be {PendingHashLength} characters long (was '{fileHash}').", nameof(fileHash));
            }
        }

        var files = new List<BronzeFile>();
        foreach (var (day, partition) in _partitions.OrderBy(p => p.Key))
        {
            cancellationToken.ThrowIfCancellationRequested();
            partition.File.Finish(patch);
            var date = DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + (int)day);
            var folder = _dataDirectory.PartitionPath("bronze", _kind, date);
            Directory.CreateDirectory(folder);
            var final = Path.Combine(folder, $"{_batchId}.parquet");
            var (size, sha) = SyncAndHash(partition.File.Path);
            File.Move(partition.File.Path, final);
            _published.Add(final);
            FileSync.Directory(folder);
            files.Add(new BronzeFile(_dataDirectory.Relative(final), _kind, date, _batchId, fileHash, partition.File.Rows, size, sha, DateTimeOffset.UtcNow));
        }

        DeleteStaging();
        return files;
    }

    /// <summary>Removes everything this batch wrote (staging and published but uncommitted files).</summary>
    public void Abort()
    {
        foreach (var path in _published)
        {
            File.Delete(path);
        }

        _published.Clear();
        Dispose();
        DeleteStaging();
    }

    private void DeleteStaging()
    {
        if (_flatStaging)
        {
            foreach (var partition in _partitions.Values)
            {
                File.Delete(partition.File.Path);
            }
        }
        else if (Directory.Exists(_stagingPath))
        {
            Directory.Delete(_stagingPath, recursive: true);
        }
    }

    private static (long Size, string Sha256) SyncAndHash(string path)
    {
        // Unbuffered, read in 1 MB pieces of a pooled array (a 1 MB FileStream buffer per file was large-object churn).
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                sha.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var hash = Convert.ToHexStringLower(sha.GetHashAndReset());
        stream.Flush(flushToDisk: true);
        return (stream.Length, hash);
    }
}
