using System.IO.Compression;
using System.Security.Cryptography;
using Cartwheel.Catalog;
using Cartwheel.Contracts;
using Cartwheel.Lake;

namespace Cartwheel.Ingest;

public sealed partial class BronzeIngestor
{
    /// <summary>The message of a file with no bytes (status skipped, exit code 0).</summary>
    public const string EmptyFileMessage = "empty file, nothing to ingest";

    private IngestFileResult IngestFile(FileContext context, CancellationToken cancellationToken)
    {
        var path = context.Input.Path;
        var format = context.Input.Format();
        var size = new FileInfo(path).Length;
        if (size == 0)
        {
            return IngestFileResult.Skipped(path, context.Kind, EmptyFileMessage);
        }

        // The hash decides whether the file is new. Only a file with the size of an ingested one can be a repeat:
        // then it is hashed first (a cheap skip); otherwise it is hashed on another thread while it is parsed (the
        // parsing thread is the bottleneck, the writer's thread has room) and checked again before the commit.
        string? hash = null;
        if (catalog.AnyIngestedFileOfSize(size))
        {
            hash = HashFile(path, cancellationToken);
            if (Earlier(hash) is { } skipped)
            {
                return IngestFileResult.Skipped(path, context.Kind, skipped);
            }
        }

        using var hashing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var hashTask = hash is null
            ? Task.Factory.StartNew(() => HashFile(path, hashing.Token), hashing.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            : Task.FromResult(hash);
        try
        {
            return IngestNewFile(context, format, size, hash, hashTask, cancellationToken);
        }
        finally
        {
            hashing.Cancel();
            ((IAsyncResult)hashTask).AsyncWaitHandle.WaitOne();
        }
    }

    private IngestFileResult IngestNewFile(FileContext context, InputFormat format, long size, string? hash, Task<string> hashTask, CancellationToken cancellationToken)
    {
        var path = context.Input.Path;
        var kindName = context.Kind.Name();
        var batchId = CatalogStore.NewId("ingest");
        var ingestedAt = DateTimeOffset.UtcNow;
        using var stream = Open(path, size, context);
        var splitter = new RecordSplitter(stream, format == InputFormat.Csv);
        var first = splitter.Peek();
        if (first.IsEmpty)
        {
            return IngestFileResult.Skipped(path, context.Kind, EmptyFileMessage);
        }

        if (first.Contains((byte)0))
        {
            throw new CartwheelException(ErrorCodes.InputBinary,
                $"{path}: binary content (NUL bytes in the first {first.Length} bytes); expected UTF-8 JSON lines or CSV text.");
        }

        using var writer = new BronzeBatchWriter(dataDirectory, kindName, batchId, path, hash, ingestedAt);
        using var quarantine = new QuarantineWriter(dataDirectory, kindName, batchId, path);
        try
        {
            var pipeline = new FilePipeline(splitter, format, KindSpec.For(context.Kind), quarantine, writer, path);
            var (received, accepted) = pipeline.Run(cancellationToken);
            if (hash is null)
            {
                hash = hashTask.GetAwaiter().GetResult();
                if (Earlier(hash) is { } skipped)
                {
                    writer.Abort();
                    quarantine.Abort();
                    return IngestFileResult.Skipped(path, context.Kind, skipped);
                }
            }

            var bronzeFiles = writer.Publish(hash, cancellationToken);
            var quarantinePath = quarantine.Publish();
            cancellationToken.ThrowIfCancellationRequested();
            catalog.CommitIngest(
                new IngestedFile(hash, path, kindName, format.ToString().ToLowerInvariant(), size, received, accepted, quarantine.Total, batchId, context.RunId, ingestedAt),
                bronzeFiles,
                [new BatchAccounting(batchId, "ingest", kindName, string.Empty, path, context.RunId, received, accepted, quarantine.Total, 0)],
                quarantine.Counts.Select(c => new QuarantineCount(batchId, "ingest", kindName, string.Empty, c.Key, c.Value, quarantinePath!)).ToList());
            return new IngestFileResult(path, context.Kind, IngestFileStatus.Ingested, received, accepted, quarantine.Total,
                new Dictionary<string, long>(quarantine.Counts, StringComparer.Ordinal), batchId, null, null);
        }
        catch
        {
            writer.Abort();
            quarantine.Abort();
            throw;
        }
    }

    private string? Earlier(string hash) => catalog.FindIngestedFile(hash) is { } earlier
        ? $"skipped (already ingested from {earlier.Path} in batch {earlier.BatchId})"
        : null;

    /// <summary>Opens the file for reading, transparently gunzipping it when it starts with the gzip magic bytes.</summary>
    private static Stream Open(string path, long size, FileContext context)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        Span<byte> magic = stackalloc byte[2];
        var gzip = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        file.Position = 0;
        var counted = new ProgressStream(file, read =>
            context.Progress?.Report(new IngestProgress(path, context.Index, context.Count, read, size)));
        return gzip ? new GZipStream(counted, CompressionMode.Decompress) : counted;
    }

    private static string HashFile(string path, CancellationToken cancellationToken)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = file.Read(buffer)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            hash.AppendData(buffer.AsSpan(0, read));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
