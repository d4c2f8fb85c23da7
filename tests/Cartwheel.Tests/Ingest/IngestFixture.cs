using System.Data.Common;
using System.IO.Compression;
using System.Text;
using Cartwheel.Catalog;
using Cartwheel.Ingest;
using DuckDB.NET.Data;

namespace Cartwheel.Tests.Ingest;

/// <summary>A temp data directory and input folder per test class instance, with helpers to read bronze back.</summary>
public abstract class IngestFixture : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cw-ingest-" + Guid.NewGuid().ToString("N"));

    protected IngestFixture()
    {
        Data = new DataDirectory(Path.Combine(_root, "data"));
        Input = Path.Combine(_root, "input");
        Directory.CreateDirectory(Input);
        Catalog = CatalogStore.Open(Data);
    }

    protected DataDirectory Data { get; }

    protected string Input { get; }

    protected CatalogStore Catalog { get; }

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    protected IngestReport Ingest(params string[] paths) =>
        new BronzeIngestor(Data, Catalog).Ingest(paths, cancellationToken: Token);

    protected string WriteInput(string name, string text) => WriteInput(name, Encoding.UTF8.GetBytes(text));

    protected string WriteInput(string name, byte[] bytes)
    {
        var path = Path.Combine(Input, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var file = File.Create(path);
            using var gzip = new GZipStream(file, CompressionLevel.Fastest);
            gzip.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }

        return path;
    }

    /// <summary>Every parquet file under lake/bronze, relative to the data directory, sorted.</summary>
    protected List<string> BronzeFilesOnDisk()
    {
        var bronze = Path.Combine(Data.Lake, "bronze");
        return Directory.Exists(bronze)
            ? Directory.EnumerateFiles(bronze, "*.parquet", SearchOption.AllDirectories).Select(Data.Relative).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    /// <summary>Bronze rows of a kind read with DuckDB: (record_id, event_time ISO, payload, raw, line_number, dt), by line.</summary>
    protected List<(string? RecordId, string EventTime, string Payload, string? Raw, long Line, string Dt, string Source)> ReadBronze(string kind)
    {
        var files = Catalog.ListBronzeFiles(kind).Select(f => "'" + Data.Absolute(f.Path) + "'").ToList();
        var rows = new List<(string?, string, string, string?, long, string, string)>();
        if (files.Count == 0)
        {
            return rows;
        }

        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SET TimeZone = 'UTC'; SELECT record_id, strftime(event_time, '%Y-%m-%dT%H:%M:%S.%gZ'), payload, raw, line_number, CAST(dt AS VARCHAR), source_file " +
            $"FROM read_parquet([{string.Join(", ", files)}], hive_partitioning = true) ORDER BY line_number";
        using DbDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add((reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt64(4), reader.GetString(5), reader.GetString(6)));
        }

        return rows;
    }

    /// <summary>The lines of the quarantine files of a kind.</summary>
    protected List<string> QuarantineLines(string kind)
    {
        var folder = Path.Combine(Data.Quarantine, kind);
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.jsonl").Order(StringComparer.Ordinal).SelectMany(File.ReadAllLines).ToList()
            : [];
    }

    public void Dispose()
    {
        CatalogStore.ReleaseConnections(Data);
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }

        GC.SuppressFinalize(this);
    }
}
