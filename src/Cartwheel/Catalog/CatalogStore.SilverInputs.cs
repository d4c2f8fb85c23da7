using Microsoft.Data.Sqlite;

namespace Cartwheel.Catalog;

public sealed partial class CatalogStore
{
    /// <summary>
    /// The input fingerprint recorded with the current build of a silver partition, or null when the
    /// partition was never built (or was built without one).
    /// </summary>
    public string? FindSilverFingerprint(string kind, DateOnly date)
    {
        using var connection = OpenConnection();
        return Query(connection, "SELECT fingerprint FROM silver_inputs WHERE kind = $k AND dt = $d",
            r => r.GetString(0), ("$k", kind), ("$d", Format(date))).FirstOrDefault();
    }

    /// <summary>The input fingerprints of every current silver partition of a kind, by date.</summary>
    public IReadOnlyDictionary<DateOnly, string> ListSilverFingerprints(string kind)
    {
        using var connection = OpenConnection();
        return Query(connection, "SELECT dt, fingerprint FROM silver_inputs WHERE kind = $k",
            r => (ParseDate(r.GetString(0)), r.GetString(1)), ("$k", kind)).ToDictionary(x => x.Item1, x => x.Item2);
    }

    private static void SetSilverFingerprint(SqliteConnection connection, SqliteTransaction transaction, string kind, string dt, string? fingerprint)
    {
        Execute(connection, transaction, "DELETE FROM silver_inputs WHERE kind = $k AND dt = $d", ("$k", kind), ("$d", dt));
        if (fingerprint is not null)
        {
            Execute(connection, transaction, "INSERT INTO silver_inputs (kind, dt, fingerprint) VALUES ($k, $d, $f)",
                ("$k", kind), ("$d", dt), ("$f", fingerprint));
        }
    }
}
