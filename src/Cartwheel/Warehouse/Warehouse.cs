using System.Data.Common;
using DuckDB.NET.Data;

namespace Cartwheel.Warehouse;

/// <summary>
/// The single owner of a data directory's DuckDB warehouse file. Every write goes through it; DuckDB
/// is synchronous, so its methods are too. One process may hold the file at a time.
/// </summary>
public sealed partial class Warehouse : IDisposable
{
    private readonly DuckDBConnection _connection;

    private Warehouse(DataDirectory dataDirectory, DuckDBConnection connection)
    {
        DataDirectory = dataDirectory;
        _connection = connection;
    }

    public DataDirectory DataDirectory { get; }

    /// <summary>The connection of the owner. Use from one thread at a time.</summary>
    internal DuckDBConnection Connection => _connection;

    /// <summary>Opens (creating when missing) the warehouse of a data directory, read-write or read-only.</summary>
    public static Warehouse Open(DataDirectory dataDirectory, bool readOnly = false)
    {
        dataDirectory.EnsureCreated();
        var connectionString = $"Data Source={dataDirectory.WarehousePath}" + (readOnly ? ";ACCESS_MODE=READ_ONLY" : string.Empty);
        if (readOnly && !File.Exists(dataDirectory.WarehousePath))
        {
            // A read-only open of a missing file fails; create it empty first.
            using var create = new DuckDBConnection($"Data Source={dataDirectory.WarehousePath}");
            create.Open();
        }

        var connection = new DuckDBConnection(connectionString);
        try
        {
            connection.Open();
        }
        catch (DuckDBException ex) when (ex.Message.Contains("lock", StringComparison.OrdinalIgnoreCase))
        {
            connection.Dispose();
            throw new CartwheelException(ErrorCodes.WarehouseLocked,
                $"The warehouse {dataDirectory.WarehousePath} is held by another Cartwheel process (is `cartwheel serve` running on this data directory?).", ex);
        }

        var warehouse = new Warehouse(dataDirectory, connection);
        // Every date in the pipeline is a UTC date: TIMESTAMPTZ → DATE must not depend on the machine's zone.
        warehouse.Execute("SET TimeZone = 'UTC'");
        warehouse.Execute(DuckDbLimits.Statements());
        if (!readOnly)
        {
            warehouse.Execute("CREATE SCHEMA IF NOT EXISTS bronze; CREATE SCHEMA IF NOT EXISTS silver; CREATE SCHEMA IF NOT EXISTS gold; " +
                "CREATE SCHEMA IF NOT EXISTS gold_build; CREATE SCHEMA IF NOT EXISTS gold_v;");
        }

        return warehouse;
    }

    /// <summary>The body each view was last (re)created with by <see cref="CreateView"/> on this connection.</summary>
    private readonly Dictionary<string, string> _views = new(StringComparer.Ordinal);

    /// <summary>
    /// (Re)creates a view unless this connection last created it with the same body: binding a <c>read_parquet</c> over
    /// hundreds of files reads their metadata, and the bronze and silver file lists of most kinds do not change in an hour
    /// (their files are immutable and named once).
    /// </summary>
    internal void CreateView(string name, string body)
    {
        if (_views.TryGetValue(name, out var current) && current == body)
        {
            return;
        }

        Execute($"CREATE OR REPLACE VIEW {name} AS {body}");
        _views[name] = body;
    }

    /// <summary>Runs one or more statements.</summary>
    public void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Runs a query and returns its first column of the first row.</summary>
    public T? Scalar<T>(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a query and returns its first column as text, one item per row.</summary>
    internal List<string> Strings(string sql)
    {
        using var reader = Reader(sql);
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetValue(0).ToString() ?? string.Empty);
        }

        return values;
    }

    /// <summary>A second connection to the same database (a reader with its own transactions and snapshot).</summary>
    internal DuckDBConnection OpenReaderConnection()
    {
        // In one process, connections to the same file share DuckDB's database instance (and its MVCC).
        var connection = new DuckDBConnection(_connection.ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Runs a query and opens a reader over its rows.</summary>
    internal DbDataReader Reader(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteReader();
    }

    /// <summary>Quotes a string as a SQL literal.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public void Dispose() => _connection.Dispose();
}
