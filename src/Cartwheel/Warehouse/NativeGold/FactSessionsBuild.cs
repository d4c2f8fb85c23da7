using System.Collections.Concurrent;
using Cartwheel.Catalog;
using Cartwheel.Internal;
using Cartwheel.Lake.Parquet;
using Cartwheel.Warehouse.NativeEvents;

namespace Cartwheel.Warehouse.NativeGold;

/// <summary>
/// Builds gold.fact_sessions for one range of dates in three steps: <c>sql/gold/_fact_sessions_changes.sql</c> (the
/// table, transactions per session, the sessions a merge recomputes), the sessions to write as temp view
/// <c>cw_sessions</c>, then <c>sql/gold/fact_sessions.sql</c> (DELETE, INSERT with the channel and transaction joins). The
/// sessions are aggregated in C# (<see cref="SessionFold"/>) when every silver events file of the events window (the
/// day before the range to the day after) was written by <see cref="SilverEventsWriter"/>, and handed over as a Parquet
/// file of our writer (<see cref="SessionsFile"/>); otherwise, or when the fold meets what it does not decide exactly (a
/// tie it cannot order, a dim_user join that would not give one row), by <c>sql/gold/_fact_sessions_events.sql</c>, the reference.
/// </summary>
internal static class FactSessionsBuild
{
    /// <summary>
    /// Runs the three steps for cw_from..cw_to (set by the caller, with cw_merge_sessions and cw_version, the version the
    /// build will publish: <see cref="GoldSessionsStore"/>); returns whether the C# path
    /// ran. <paramref name="phase"/> is called after each step ("changes"; "fold", "lookups", "append" of the C# path;
    /// "sessions SQL" when the reference path ran; "insert"): the sessions probe times them.
    /// </summary>
    public static bool Run(Warehouse warehouse, CatalogStore catalog, DateOnly from, DateOnly to, bool native, Action<string>? phase = null)
    {
        var folder = Path.Combine(warehouse.DataDirectory.Staging, "gold");
        // A build killed between writing its file and deleting it left it here; one warehouse owner builds at a time.
        if (Directory.Exists(folder))
        {
            foreach (var orphan in Directory.EnumerateFiles(folder, "sessions-*.parquet"))
            {
                File.Delete(orphan);
            }
        }

        var file = Path.Combine(folder, $"sessions-{Guid.NewGuid():N}.parquet");
        try
        {
            warehouse.Execute(SqlResources.Get("gold/_fact_sessions_changes.sql"));
            // After the builder's table exists (a rebuild creates it, maybe with other columns), before its ended rows' table.
            new GoldSessionsStore(warehouse).Prepare();
            warehouse.Execute(SqlResources.Get("gold/_fact_sessions_ended.sql"));
            phase?.Invoke("changes");
            DropSessions(warehouse);
            var done = native && TryNative(warehouse, catalog, from, to, file, phase);
            if (!done)
            {
                DropSessions(warehouse);
                warehouse.Execute(SqlResources.Get("gold/_fact_sessions_events.sql"));
                phase?.Invoke("sessions SQL");
            }

            // Which path the range took (the run bench prints it, tests check it).
            warehouse.Execute($"SET VARIABLE cw_native_sessions = {(done ? "true" : "false")};");
            warehouse.Execute(SqlResources.Get("gold/fact_sessions.sql"));
            phase?.Invoke("insert");
            return done;
        }
        finally
        {
            if (File.Exists(file))
            {
                File.Delete(file);
            }
        }
    }

    /// <summary>Drops cw_sessions, whether a view (both paths) or a table (builds before the view).</summary>
    private static void DropSessions(Warehouse warehouse)
    {
        if (warehouse.Scalar<long>("SELECT count(*) FROM duckdb_views() WHERE temporary AND view_name = 'cw_sessions'") > 0)
        {
            warehouse.Execute("DROP VIEW cw_sessions");
        }

        warehouse.Execute("DROP TABLE IF EXISTS cw_sessions");
    }

    private static bool TryNative(Warehouse warehouse, CatalogStore catalog, DateOnly from, DateOnly to, string file, Action<string>? phase)
    {
        if (from > to)
        {
            return false;
        }

        var files = catalog.ListSilverFiles("events").Where(f => f.Date >= from.AddDays(-1) && f.Date <= to.AddDays(1))
            .Select(f => warehouse.DataDirectory.Absolute(f.Path)).ToList();
        var fold = new SessionFold(from, to);
        if (warehouse.Scalar<bool>("SELECT getvariable('cw_merge_sessions')"))
        {
            fold.Only(warehouse.Strings("SELECT session_id FROM cw_touched_sessions"));
        }

        foreach (var path in files)
        {
            try
            {
                if (!ReadFile(path, fold))
                {
                    return false;
                }
            }
            catch (InvalidDataException)
            {
                // Written by DuckDB (the SQL path of silver), or a page our reader does not decode: the reference path reads it.
                return false;
            }
        }

        phase?.Invoke("fold");
        if (!SessionsFile.Write(file, warehouse, fold, phase))
        {
            return false;
        }

        warehouse.Execute(SessionsFile.ViewSql(file));
        return true;
    }

    /// <summary>
    /// Folds one file's row groups in order while the next one is decoded on another thread (decompression and
    /// decoding are about half of the fold): two readers of the file take turns, each released once its group is folded.
    /// </summary>
    private static bool ReadFile(string path, SessionFold fold)
    {
        using var zstd = new ZstdDecompressor();
        using var first = BronzeFileReader.Open(path, zstd, SilverEventsWriter.CreatedBy, SilverEventsWriter.Columns);
        using var second = BronzeFileReader.Open(path, zstd, SilverEventsWriter.CreatedBy, SilverEventsWriter.Columns);
        BronzeFileReader[] readers = [first, second];
        var decoded = new ColumnValues?[2][];
        using var free = new SemaphoreSlim(2);
        using var ready = new BlockingCollection<int>();
        var stop = false;
        var decoder = Task.Run(() =>
        {
            try
            {
                for (var group = 0; group < first.RowGroupCount; group++)
                {
                    free.Wait();
                    if (Volatile.Read(ref stop))
                    {
                        break;
                    }

                    decoded[group % 2] = SessionFold.Decode(readers[group % 2], group);
                    ready.Add(group);
                }
            }
            finally
            {
                ready.CompleteAdding();
            }
        });

        var folded = true;
        try
        {
            // Every decoded group is taken and released, also after a row the fold does not decide, so the decoder never waits forever.
            foreach (var group in ready.GetConsumingEnumerable())
            {
                folded = folded && fold.Fold(decoded[group % 2]);
                decoded[group % 2] = [];
                readers[group % 2].Release();
                Volatile.Write(ref stop, stop || !folded);
                free.Release();
            }
        }
        finally
        {
            Volatile.Write(ref stop, true);
            free.Release(2);
            // Rethrows the decoder's exception (an InvalidDataException for a page our reader does not decode).
            decoder.GetAwaiter().GetResult();
        }

        return folded;
    }
}
