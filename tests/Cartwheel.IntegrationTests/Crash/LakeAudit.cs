using System.Globalization;
using DuckDB.NET.Data;
using Microsoft.Data.Sqlite;

namespace Cartwheel.IntegrationTests.Crash;

/// <summary>
/// Reads a stopped server's data directory independently of Cartwheel's code: bronze Parquet through DuckDB
/// (hive partitioning), the catalog through plain SQLite, the lake's folders through the file system.
/// <see cref="Problems"/> lists every inconsistency between them.
/// </summary>
internal sealed class LakeAudit
{
    private readonly string _root;
    private readonly List<string> _problems = [];

    private LakeAudit(string root) => _root = root;

    /// <summary>How many bronze rows each record id has.</summary>
    public Dictionary<string, int> IdCounts { get; } = new(StringComparer.Ordinal);

    public long BronzeRows { get; private set; }

    public long StreamBatches { get; private set; }

    public long Received { get; private set; }

    public long Duplicates { get; private set; }

    /// <summary>Accepted records added to the real-time windows, over all committed batches.</summary>
    public long OnTime { get; private set; }

    /// <summary>Accepted records behind the watermark (counted, not added), over all committed batches.</summary>
    public long Late { get; private set; }

    /// <summary>Inconsistencies found (empty when the lake, the catalog and the log agree).</summary>
    public IReadOnlyList<string> Problems => _problems;

    public static LakeAudit Run(string dataDirectory)
    {
        var audit = new LakeAudit(dataDirectory);
        using var catalog = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "catalog.db")};Mode=ReadOnly;Pooling=False");
        catalog.Open();
        var files = audit.CheckFiles(catalog);
        audit.CheckBronze(files);
        audit.CheckAccounting(catalog);
        return audit;
    }

    /// <summary>
    /// Right after a kill, before any recovery: the bronze folders hold only complete Parquet files (committed or
    /// orphans of an uncommitted batch), never a temp or partly written file — files arrive by rename after fsync.
    /// </summary>
    public static IReadOnlyList<string> CheckAfterKill(string dataDirectory)
    {
        var bronze = Path.Combine(dataDirectory, "lake", "bronze");
        if (!Directory.Exists(bronze))
        {
            return [];
        }

        var problems = new List<string>();
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        foreach (var file in Directory.EnumerateFiles(bronze, "*", SearchOption.AllDirectories))
        {
            if (!file.EndsWith(".parquet", StringComparison.Ordinal))
            {
                problems.Add($"not a Parquet file in bronze after a kill: {file}");
                continue;
            }

            try
            {
                using var command = duck.CreateCommand();
                command.CommandText = $"SELECT count(*) FROM read_parquet('{file.Replace("'", "''", StringComparison.Ordinal)}')";
                command.ExecuteScalar();
            }
            catch (DuckDBException ex)
            {
                problems.Add($"unreadable Parquet file in bronze after a kill: {file}: {ex.Message}");
            }
        }

        return problems;
    }

    /// <summary>The lake holds exactly the committed files: no orphan, no temp file, nothing committed missing, staging empty.</summary>
    private Dictionary<string, long> CheckFiles(SqliteConnection catalog)
    {
        var committed = Rows(catalog, "SELECT path, row_count FROM bronze_files WHERE batch_id LIKE 'stream-%'")
            .ToDictionary(r => (string)r[0], r => (long)r[1], StringComparer.Ordinal);
        var all = Rows(catalog, "SELECT path FROM bronze_files").Select(r => (string)r[0]).ToHashSet(StringComparer.Ordinal);
        var bronze = Path.Combine(_root, "lake", "bronze");
        var onDisk = Directory.Exists(bronze)
            ? Directory.EnumerateFiles(bronze, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_root, f).Replace('\\', '/')).ToHashSet(StringComparer.Ordinal)
            : [];
        _problems.AddRange(onDisk.Where(f => !all.Contains(f)).Select(f => $"orphan file in bronze: {f}"));
        _problems.AddRange(all.Where(f => !onDisk.Contains(f)).Select(f => $"committed bronze file missing: {f}"));
        _problems.AddRange(onDisk.Where(f => !f.StartsWith("lake/bronze/events/dt=", StringComparison.Ordinal)).Select(f => $"unexpected bronze file: {f}"));
        var staging = Path.Combine(_root, "lake", "_staging", "stream");
        if (Directory.Exists(staging))
        {
            _problems.AddRange(Directory.EnumerateFileSystemEntries(staging, "*", SearchOption.AllDirectories).Select(e => $"left in staging after a graceful stop: {e}"));
        }

        var quarantine = Path.Combine(_root, "quarantine");
        if (Directory.Exists(quarantine))
        {
            _problems.AddRange(Directory.EnumerateFiles(quarantine, "*", SearchOption.AllDirectories).Select(f => $"quarantine file for valid input: {f}"));
        }

        return committed;
    }

    /// <summary>Bronze rows: per file as many as the catalog says, one row per log offset, offsets below the committed positions.</summary>
    private void CheckBronze(Dictionary<string, long> files)
    {
        using var duck = new DuckDBConnection("Data Source=:memory:");
        duck.Open();
        using var command = duck.CreateCommand();
        var glob = Path.Combine(_root, "lake", "bronze", "events", "*", "*.parquet").Replace("'", "''", StringComparison.Ordinal);
        command.CommandText = $"SELECT record_id, source_file, line_number, filename FROM read_parquet('{glob}', hive_partitioning = true, filename = true)";
        var perFile = new Dictionary<string, long>(StringComparer.Ordinal);
        var offsets = new HashSet<(string, long)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                BronzeRows++;
                var id = reader.GetString(0);
                IdCounts[id] = IdCounts.GetValueOrDefault(id) + 1;
                if (!offsets.Add((reader.GetString(1), reader.GetInt64(2))))
                {
                    _problems.Add($"log record {reader.GetString(1)} offset {reader.GetInt64(2)} is in bronze twice");
                }

                var file = Path.GetRelativePath(_root, reader.GetString(3)).Replace('\\', '/');
                perFile[file] = perFile.GetValueOrDefault(file) + 1;
            }
        }

        foreach (var (path, rows) in files)
        {
            if (perFile.GetValueOrDefault(path) != rows)
            {
                _problems.Add($"{path}: {perFile.GetValueOrDefault(path)} rows in Parquet, {rows} in the catalog");
            }
        }
    }

    /// <summary>
    /// Record accounting: every batch balances (and equals its per-kind rows); over all batches, received = every record
    /// the log ever held (each log offset consumed exactly once) and accepted = the bronze rows.
    /// </summary>
    private void CheckAccounting(SqliteConnection catalog)
    {
        var batches = Rows(catalog, "SELECT batch_id, received, accepted, quarantined, duplicates, on_time, late FROM stream_batches WHERE source = 'log'");
        var perKind = Rows(catalog, """
            SELECT batch_id, SUM(received), SUM(accepted), SUM(quarantined), SUM(duplicates) FROM batches WHERE stage = 'stream' GROUP BY batch_id
            """).ToDictionary(r => (string)r[0], StringComparer.Ordinal);
        // A micro-batch writes one bronze batch per kind, named <batch>-<kind>.
        var filesPerBatch = Rows(catalog, """
            SELECT s.batch_id, COALESCE(SUM(f.row_count), 0) FROM stream_batches s LEFT JOIN bronze_files f ON f.batch_id LIKE s.batch_id || '-%' GROUP BY s.batch_id
            """).ToDictionary(r => (string)r[0], r => (long)r[1], StringComparer.Ordinal);
        long accepted = 0;
        foreach (var b in batches)
        {
            var (id, received, ok, quarantined, duplicates, onTime, late) = ((string)b[0], (long)b[1], (long)b[2], (long)b[3], (long)b[4], (long)b[5], (long)b[6]);
            StreamBatches++;
            Received += received;
            Duplicates += duplicates;
            OnTime += onTime;
            Late += late;
            accepted += ok;
            if (received != ok + quarantined + duplicates || ok != onTime + late)
            {
                _problems.Add($"batch {id} does not balance: {received} = {ok} + {quarantined} + {duplicates}, {ok} = {onTime} + {late}");
            }

            if (!perKind.TryGetValue(id, out var kinds) || (long)kinds[1] != received || (long)kinds[2] != ok || (long)kinds[3] != quarantined || (long)kinds[4] != duplicates)
            {
                _problems.Add($"batch {id}: per-kind accounting differs from the batch's");
            }

            if (filesPerBatch.GetValueOrDefault(id) != ok)
            {
                _problems.Add($"batch {id}: {ok} accepted, {filesPerBatch.GetValueOrDefault(id)} rows in its bronze files");
            }

            if (quarantined != 0)
            {
                _problems.Add($"batch {id}: {quarantined} quarantined records of valid input");
            }
        }

        if (perKind.Keys.Except(batches.Select(b => (string)b[0]), StringComparer.Ordinal).FirstOrDefault() is { } stray)
        {
            _problems.Add($"per-kind accounting of a batch that is not committed: {stray}");
        }

        if (accepted != BronzeRows)
        {
            _problems.Add($"{accepted} records accepted over all batches, {BronzeRows} rows in bronze");
        }

        var logEnd = Rows(catalog, "SELECT partition_no, next_offset FROM event_log_partitions").ToDictionary(r => (long)r[0], r => (long)r[1]);
        var positions = Rows(catalog, "SELECT partition, next_offset FROM source_positions WHERE source = 'log'").ToDictionary(r => (long)r[0], r => (long)r[1]);
        foreach (var (partition, end) in logEnd)
        {
            if (positions.GetValueOrDefault(partition) != end)
            {
                _problems.Add($"partition {partition}: the log ends at {end}, the stream committed {positions.GetValueOrDefault(partition)} (not drained)");
            }
        }

        if (Received != logEnd.Values.Sum())
        {
            _problems.Add($"{Received} records received over all batches, but the log held {logEnd.Values.Sum()}: some offset was consumed twice or never");
        }
    }

    private static List<object[]> Rows(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object[]>();
        while (reader.Read())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{StreamBatches} stream batches, {Received} records received, {Duplicates} duplicates dropped, {BronzeRows} bronze rows");
}
