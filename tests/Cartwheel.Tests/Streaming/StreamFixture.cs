using System.Text;
using Cartwheel.Catalog;
using Cartwheel.Log;
using Cartwheel.Streaming;
using DuckDB.NET.Data;

namespace Cartwheel.Tests.Streaming;

/// <summary>A temp data directory, catalog and in-memory log per test, with helpers to append records and read bronze back.</summary>
public abstract class StreamFixture : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cw-stream-" + Guid.NewGuid().ToString("N"));
    private readonly List<StreamProcessor> _processors = [];

    protected StreamFixture()
    {
        Data = new DataDirectory(_root);
        Catalog = CatalogStore.Open(Data);
        Log = new InMemoryEventLog(3);
    }

    protected DataDirectory Data { get; }

    protected CatalogStore Catalog { get; }

    internal InMemoryEventLog Log { get; }

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    internal StreamProcessor NewProcessor(StreamOptions? options = null, IRealtimeStore? store = null, TimeProvider? clock = null)
    {
        var processor = new StreamProcessor(Data, Catalog, Log, store ?? new MemoryRealtimeStore(), options, clock);
        _processors.Add(processor);
        return processor;
    }

    protected async Task AppendAsync(params (string Kind, string? Key, string Json)[] records) =>
        await Log.AppendAsync(records.Select(r => new LogAppend(r.Kind, r.Key, Encoding.UTF8.GetBytes(r.Json))).ToList(), Token);

    /// <summary>Processes micro-batches until the log has nothing left; returns the non-empty batches.</summary>
    internal static async Task<List<MicroBatchResult>> DrainAsync(StreamProcessor processor)
    {
        var batches = new List<MicroBatchResult>();
        while (true)
        {
            var batch = await processor.ProcessBatchAsync(Token);
            if (batch.BatchId is null)
            {
                return batches;
            }

            batches.Add(batch);
        }
    }

    /// <summary>A memory store with <paramref name="items"/> applied in their order, 5,000 a batch, and its queries.</summary>
    internal static (MemoryRealtimeStore Store, RealtimeQueries Queries) Aggregate(IEnumerable<StreamItem> items, StreamOptions options)
    {
        var store = new MemoryRealtimeStore();
        var aggregator = new RealtimeAggregator(store, options);
        foreach (var batch in items.Chunk(5_000))
        {
            aggregator.Apply(batch);
        }

        return (store, new RealtimeQueries(store, options));
    }

    /// <summary>The whole content of a real-time store as sorted lines (type, key, member and value), for exact comparisons.</summary>
    internal static List<string> StoreState(IRealtimeStore store)
    {
        var snapshot = store.Export();
        return snapshot.Hashes.SelectMany(h => h.Value.Select(f => $"h {h.Key} {f.Key}={f.Value}"))
            .Concat(snapshot.SortedSets.SelectMany(z => z.Value.Select(m => $"z {z.Key} {m.Key}={m.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}")))
            .Concat(snapshot.Sets.SelectMany(s => s.Value.Select(m => $"s {s.Key} {m}")))
            .Concat(snapshot.Sketches.Select(k => $"k {k.Key} {Convert.ToHexString(k.Value)}"))
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Committed bronze rows of a kind: (record_id, source_file, line_number), sorted.</summary>
    protected List<(string? RecordId, string Source, long Line)> ReadBronze(string kind)
    {
        var files = Catalog.ListBronzeFiles(kind).Select(f => "'" + Data.Absolute(f.Path) + "'").ToList();
        var rows = new List<(string?, string, long)>();
        if (files.Count == 0)
        {
            return rows;
        }

        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT record_id, source_file, line_number FROM read_parquet([{string.Join(", ", files)}]) ORDER BY source_file, line_number";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add((reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return rows;
    }

    /// <summary>Every parquet file under lake/bronze, relative, sorted.</summary>
    protected List<string> BronzeFilesOnDisk()
    {
        var bronze = Path.Combine(Data.Lake, "bronze");
        return Directory.Exists(bronze)
            ? Directory.EnumerateFiles(bronze, "*.parquet", SearchOption.AllDirectories).Select(Data.Relative).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    public void Dispose()
    {
        foreach (var processor in _processors)
        {
            processor.Dispose();
        }

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
