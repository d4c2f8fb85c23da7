using System.Globalization;
using Cartwheel.Internal;
using Microsoft.Data.Sqlite;

namespace Cartwheel.Catalog;

/// <summary>
/// The SQLite catalog of a data directory: ingested files, committed bronze files, record accounting,
/// quarantine counts, silver partitions and runs. WAL mode with <c>synchronous=FULL</c>: a committed
/// catalog transaction survives a crash. Safe to use from several threads and processes.
/// </summary>
public sealed partial class CatalogStore
{
    private readonly string _connectionString;

    private CatalogStore(string path)
    {
        _connectionString = ConnectionString(path);
    }

    private static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>
    /// Closes the idle pooled connections of this catalog's file, and only of it (its file handles, e.g. before its
    /// directory is deleted). Never <see cref="SqliteConnection.ClearAllPools"/>: that clears every pool of the process,
    /// and a clear that meets another catalog's connection between its checkout and its activation disposes that
    /// connection's native handle under it (<c>ObjectDisposedException: SQLitePCL.sqlite3</c> in a parallel user).
    /// </summary>
    public void ReleaseConnections()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary><see cref="ReleaseConnections()"/> for the catalog of a data directory, without opening it.</summary>
    public static void ReleaseConnections(DataDirectory dataDirectory) => new CatalogStore(dataDirectory.CatalogPath).ReleaseConnections();

    /// <summary>Opens (and creates or upgrades) the catalog of a data directory.</summary>
    public static CatalogStore Open(DataDirectory dataDirectory)
    {
        dataDirectory.EnsureCreated();
        var store = new CatalogStore(dataDirectory.CatalogPath);
        store.Migrate();
        return store;
    }

    internal SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// Applies every embedded <c>sql/catalog/NNN_*.sql</c> not yet recorded in <c>schema_version</c>, in order,
    /// in one transaction, recording each (applied at most once). The version this build understands is the highest file number.
    /// </summary>
    private void Migrate()
    {
        var migrations = SqlResources.List("catalog")
            .Select(file => (Number: int.Parse(Path.GetFileName(file)[..3], CultureInfo.InvariantCulture), File: file))
            .OrderBy(m => m.Number)
            .ToList();
        var understood = migrations.Count == 0 ? 0 : migrations[^1].Number;
        using var connection = OpenConnection();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
        var applied = Query(connection, transaction, "SELECT version FROM schema_version", r => r.GetInt32(0)).ToHashSet();
        if (applied.Count > 0 && applied.Max() > understood)
        {
            throw new CartwheelException(ErrorCodes.CatalogCorrupt,
                $"The catalog has schema version {applied.Max()}, newer than this Cartwheel understands ({understood}).");
        }

        // Each migration is applied once and recorded as its own row, so files merged out of order still apply.
        foreach (var (number, file) in migrations.Where(m => !applied.Contains(m.Number)))
        {
            Execute(connection, transaction, SqlResources.Get(file));
            Execute(connection, transaction, "INSERT INTO schema_version (version, applied_at) VALUES ($v, $t)", ("$v", number), ("$t", Now()));
        }

        transaction.Commit();
    }

    internal static string Now() => Format(DateTimeOffset.UtcNow);

    internal static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    internal static string Format(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static DateTimeOffset ParseTime(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    internal static DateOnly ParseDate(string value) => DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command.ExecuteNonQuery();
    }

    internal static List<T> Query<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters) =>
        Query(connection, null, sql, map, parameters);

    internal static List<T> Query<T>(SqliteConnection connection, SqliteTransaction? transaction, string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
