using System.Globalization;
using System.Security.Cryptography;
using Cartwheel.Catalog;

namespace Cartwheel.Lake;

internal sealed partial class BronzeBatchWriter
{
    /// <summary>
    /// Moves every staged file (all streams written) into its bronze partition as
    /// <c>&lt;batch&gt;.parquet</c> (or <c>&lt;batch&gt;-&lt;n&gt;.parquet</c> when a partition got several files),
    /// each fsynced before and its directory after the rename. Returns the records for the catalog commit;
    /// until that commit the files are orphans.
    /// </summary>
    public IReadOnlyList<BronzeFile> Publish(string fileHash, CancellationToken cancellationToken)
    {
        var staged = Directory.Exists(_stagingPath)
            ? Directory.EnumerateFiles(_stagingPath, "*.parquet", SearchOption.AllDirectories)
                .Select(path => (Path: path, Date: PartitionDate(path)))
                .OrderBy(f => f.Date).ThenBy(f => f.Path, StringComparer.Ordinal)
                .ToList()
            : [];
        var files = new List<BronzeFile>();
        foreach (var partition in staged.GroupBy(f => f.Date))
        {
            var folder = _dataDirectory.PartitionPath("bronze", _kind, partition.Key);
            Directory.CreateDirectory(folder);
            var n = 0;
            var count = partition.Count();
            foreach (var (path, date) in partition)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var name = count == 1 ? $"{_batchId}.parquet" : $"{_batchId}-{++n}.parquet";
                var final = Path.Combine(folder, name);
                var rows = _streams[0].RowCount(path);
                var (size, sha) = SyncAndHash(path);
                File.Move(path, final);
                _published.Add(final);
                files.Add(new BronzeFile(_dataDirectory.Relative(final), _kind, date, _batchId, fileHash, rows, size, sha, DateTimeOffset.UtcNow));
            }

            FileSync.Directory(folder);
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
        DeleteStaging();
    }

    private void DeleteStaging()
    {
        if (Directory.Exists(_stagingPath))
        {
            Directory.Delete(_stagingPath, recursive: true);
        }
    }

    private static (long Size, string Sha256) SyncAndHash(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, 1 << 20);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        stream.Flush(flushToDisk: true);
        return (stream.Length, hash);
    }

    private static DateOnly PartitionDate(string path)
    {
        var folder = Path.GetFileName(Path.GetDirectoryName(path))!;
        return DateOnly.ParseExact(folder["dt=".Length..], "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
