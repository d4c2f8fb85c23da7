namespace Cartwheel.Catalog;

public sealed partial class CatalogStore
{
    private const string GoldVersionColumns = "table_name, version, created_at, run_id, row_count, is_current";

    /// <summary>Records a published gold build: its versions become the current ones of their tables.</summary>
    public void AddGoldVersions(IReadOnlyList<GoldVersion> versions)
    {
        using var connection = OpenConnection();
        using var transaction = connection.BeginTransaction();
        foreach (var v in versions)
        {
            Execute(connection, transaction, "UPDATE gold_versions SET is_current = 0 WHERE table_name = $t", ("$t", v.Table));
            Execute(connection, transaction,
                $"INSERT OR REPLACE INTO gold_versions ({GoldVersionColumns}) VALUES ($t, $v, $c, $r, $n, $cur)",
                ("$t", v.Table), ("$v", v.Version), ("$c", Format(v.CreatedAt)), ("$r", v.RunId), ("$n", v.RowCount), ("$cur", v.IsCurrent ? 1 : 0));
        }

        transaction.Commit();
    }

    /// <summary>The kept versions of one gold table or of all, newest first.</summary>
    public IReadOnlyList<GoldVersion> ListGoldVersions(string? table = null)
    {
        using var connection = OpenConnection();
        return Query(connection,
            $"SELECT {GoldVersionColumns} FROM gold_versions WHERE ($t IS NULL OR table_name = $t) ORDER BY table_name, version DESC",
            r => new GoldVersion(r.GetString(0), r.GetInt64(1), ParseTime(r.GetString(2)), r.IsDBNull(3) ? null : r.GetString(3),
                r.GetInt64(4), r.GetInt64(5) == 1),
            ("$t", table));
    }

    /// <summary>Makes <paramref name="version"/> the current version of <paramref name="table"/> (a rollback).</summary>
    public void SetCurrentGoldVersion(string table, long version)
    {
        using var connection = OpenConnection();
        Execute(connection, null, "UPDATE gold_versions SET is_current = CASE WHEN version = $v THEN 1 ELSE 0 END WHERE table_name = $t",
            ("$t", table), ("$v", version));
    }

    /// <summary>Forgets versions of a table (their warehouse tables were dropped).</summary>
    public void DeleteGoldVersions(string table, IEnumerable<long> versions)
    {
        using var connection = OpenConnection();
        using var transaction = connection.BeginTransaction();
        foreach (var v in versions)
        {
            Execute(connection, transaction, "DELETE FROM gold_versions WHERE table_name = $t AND version = $v", ("$t", table), ("$v", v));
        }

        transaction.Commit();
    }

    /// <summary>The position of the newest committed bronze file (0 when none): runs without dates start after it.</summary>
    public long BronzePosition()
    {
        using var connection = OpenConnection();
        return Query(connection, "SELECT coalesce(max(rowid), 0) FROM bronze_files", r => r.GetInt64(0)).Single();
    }

    /// <summary>Records the bronze position a run brought gold up to (recorded with the run; counts once it succeeded).</summary>
    public void RecordRunPosition(string runId, long position)
    {
        using var connection = OpenConnection();
        Execute(connection, null, "INSERT OR REPLACE INTO run_positions (run_id, bronze_position) VALUES ($r, $p)", ("$r", runId), ("$p", position));
    }

    /// <summary>The bronze position of the last successful run that recorded one; 0 when none did.</summary>
    public long LastRunPosition()
    {
        using var connection = OpenConnection();
        return Query(connection,
            "SELECT coalesce(max(p.bronze_position), 0) FROM run_positions p JOIN runs r USING (run_id) WHERE r.status = 'succeeded'",
            r => r.GetInt64(0)).Single();
    }

    /// <summary>The distinct dates of the bronze files committed after <paramref name="position"/>, ascending.</summary>
    public IReadOnlyList<DateOnly> ListBronzeDatesAfter(long position)
    {
        using var connection = OpenConnection();
        return Query(connection, "SELECT DISTINCT dt FROM bronze_files WHERE rowid > $p ORDER BY dt", r => ParseDate(r.GetString(0)), ("$p", position));
    }
}
