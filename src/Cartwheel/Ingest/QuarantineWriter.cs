using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Cartwheel.Lake;

namespace Cartwheel.Ingest;

/// <summary>
/// Collects the rejected records of one batch as JSON lines in staging and, on <see cref="Publish"/>, moves
/// them to <c>quarantine/&lt;kind&gt;/&lt;batch&gt;.jsonl</c>. Nothing is created when no record is rejected.
/// </summary>
internal sealed class QuarantineWriter : IDisposable
{
    private readonly DataDirectory _dataDirectory;
    private readonly string _kind;
    private readonly string _batchId;
    private readonly string _sourceFile;
    private readonly string _stagingPath;
    private readonly string _stage;
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private FileStream? _stream;
    private Utf8JsonWriter? _json;
    private string? _published;

    public QuarantineWriter(DataDirectory dataDirectory, string kind, string batchId, string sourceFile, string stage = "ingest")
    {
        _stage = stage;
        _dataDirectory = dataDirectory;
        _kind = kind;
        _batchId = batchId;
        _sourceFile = sourceFile;
        Directory.CreateDirectory(dataDirectory.IngestStaging);
        _stagingPath = Path.Combine(dataDirectory.IngestStaging, batchId + ".quarantine.jsonl");
    }

    public IReadOnlyDictionary<string, long> Counts => _counts;

    public long Total { get; private set; }

    /// <summary>Writes one rejected record; <paramref name="raw"/> is decoded leniently (invalid bytes become U+FFFD).</summary>
    public void Write(long lineNumber, string reason, string detail, ReadOnlySpan<byte> raw) =>
        Write(_sourceFile, lineNumber, reason, detail, raw);

    /// <summary>As <see cref="Write(long, string, string, ReadOnlySpan{byte})"/> for a record of another source (the stream's <c>log:&lt;partition&gt;</c>).</summary>
    public void Write(string sourceFile, long lineNumber, string reason, string detail, ReadOnlySpan<byte> raw)
    {
        if (_json is null)
        {
            _stream = new FileStream(_stagingPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            _json = new Utf8JsonWriter(_stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }

        _json.Reset();
        _json.WriteStartObject();
        _json.WriteString("stage", _stage);
        _json.WriteString("kind", _kind);
        _json.WriteString("source_file", sourceFile);
        _json.WriteNumber("line_number", lineNumber);
        _json.WriteString("reason", reason);
        _json.WriteString("detail", detail);
        _json.WriteString("raw", Encoding.UTF8.GetString(raw));
        _json.WriteEndObject();
        _json.Flush();
        _stream!.WriteByte((byte)'\n');
        _counts[reason] = _counts.GetValueOrDefault(reason) + 1;
        Total++;
    }

    /// <summary>Moves the file into the quarantine folder (fsynced) and returns its catalog-relative path, or null when empty.</summary>
    public string? Publish()
    {
        if (_stream is null)
        {
            return null;
        }

        _json!.Dispose();
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        _stream = null;
        var folder = Path.Combine(_dataDirectory.Quarantine, _kind);
        Directory.CreateDirectory(folder);
        var final = Path.Combine(folder, _batchId + ".jsonl");
        File.Move(_stagingPath, final);
        FileSync.Directory(folder);
        _published = final;
        return _dataDirectory.Relative(final);
    }

    /// <summary>Removes what this batch wrote (staged or published but uncommitted).</summary>
    public void Abort()
    {
        Dispose();
        File.Delete(_stagingPath);
        if (_published is not null)
        {
            File.Delete(_published);
            _published = null;
        }
    }

    public void Dispose()
    {
        _json?.Dispose();
        _stream?.Dispose();
        _json = null;
        _stream = null;
    }
}
