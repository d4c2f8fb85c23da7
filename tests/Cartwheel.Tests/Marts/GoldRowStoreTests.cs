using Cartwheel.Internal;
using Cartwheel.Tests.Warehouse;
using Cartwheel.Warehouse;

namespace Cartwheel.Tests.Marts;

/// <summary>
/// The row store (<see cref="GoldRowStore"/>) and fact_sessions' versions (<see cref="GoldSessionsStore"/>) against what
/// the copy-on-change versions held: after every build, a full copy of each such table's build is kept beside it (schema
/// <c>main</c>), and each kept version's view must hold exactly that copy's rows.
/// </summary>
public sealed class GoldRowStoreTests : IDisposable
{
    /// <summary>The tables whose versions are views of stored rows instead of copies.</summary>
    private static readonly string[] Stored = [GoldSessionsStore.Table, .. GoldRowStore.Tables];

    private readonly ScenarioFixtures _fixtures = new();

    [Fact]
    public void Publish_SeveralVersions_EachViewEqualsAFullCopyOfItsBuild_AndRollbackRestoresIt()
    {
        var f = _fixtures.New();
        var versions = new List<long>();
        versions.Add(Build(f, () => f.Runner().RunRange(ShopScenario.Days[0], ShopScenario.Days[1], cancellationToken: TestContext.Current.CancellationToken)));
        versions.Add(Build(f, () => f.Runner().RunRange(ShopScenario.Days[2], ShopScenario.Days[3], cancellationToken: TestContext.Current.CancellationToken)));
        f.Json("events", ShopScenario.Days[1],
            SilverBuildTests.Event("late-1", "late-s", "page_view", "2024-01-31T23:10:00Z"),
            SilverBuildTests.Event("late-2", "s0131-03", "add_to_cart", "2024-01-31T23:50:00Z"));
        f.Json("inventory", ShopScenario.Days[1],
            """{"update_id":"i-late","product_id":"p1","warehouse_id":"w1","on_hand":0,"delta":-2,"reason":"sale","event_time":"2024-01-31T23:30:00Z"}""");
        versions.Add(Build(f, () => f.Runner().RunPending(1, cancellationToken: TestContext.Current.CancellationToken)));

        foreach (var table in Stored)
        {
            foreach (var version in versions)
            {
                Differences(f, $"gold_v.{GoldVersions.Physical(table, version)}", Copy(table, version)).ShouldBe(0, $"{table} v{version}");
                f.Catalog.ListGoldVersions(table).Single(v => v.Version == version).RowCount
                    .ShouldBe(f.Warehouse.Scalar<long>($"SELECT count(*) FROM {Copy(table, version)}"));
            }
        }

        foreach (var table in GoldRowStore.Tables)
        {
            // A publish writes the rows that changed, not the table: the late hour adds exactly the rows its copy does not share.
            f.Warehouse.Scalar<long>($"SELECT count(*) FROM gold_v.{GoldRowStore.RowsTable(table)} WHERE cw_from = {versions[2]}")
                .ShouldBe(f.Warehouse.Scalar<long>($"SELECT count(*) FROM (SELECT * FROM {Copy(table, versions[2])} EXCEPT ALL SELECT * FROM {Copy(table, versions[1])})"));
        }

        // fact_sessions' late hour wrote its recomputed sessions once, into the builder, and ended the rows they replaced.
        var written = f.Warehouse.Scalar<long>($"SELECT count(*) FROM gold_build.fact_sessions WHERE cw_from = {versions[2]}");
        written.ShouldBeGreaterThan(0);
        (f.Warehouse.Scalar<long>($"SELECT count(*) FROM gold_v.{GoldSessionsStore.Ended} WHERE cw_to = {versions[2]}")
            + f.Warehouse.Scalar<long>($"SELECT count(*) FROM gold_build.fact_sessions WHERE cw_from < {versions[2]}"))
            .ShouldBe(f.Warehouse.Scalar<long>($"SELECT count(*) FROM {Copy("fact_sessions", versions[1])}"));
        f.Warehouse.Scalar<long>("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'gold_v' AND table_name LIKE 'fact_sessions__v%'").ShouldBe(0);

        var gold = new GoldVersions(f.Warehouse, f.Catalog, new GoldOptions());
        foreach (var table in Stored)
        {
            gold.Rollback(table, versions[0]);
            Differences(f, $"gold.{table}", Copy(table, versions[0])).ShouldBe(0);
        }

        // The next build publishes from the builder again, whatever the readers were pointed at.
        var next = Build(f, () => f.Runner().RunRange(ShopScenario.Days[0], ShopScenario.Days[3], cancellationToken: TestContext.Current.CancellationToken));
        foreach (var table in Stored)
        {
            Differences(f, $"gold.{table}", Copy(table, next)).ShouldBe(0);
        }
    }

    [Fact]
    public void Prune_KeepsOnlyTheRowsAKeptVersionSees_AndDropsTheViewsOfExpiredOnes()
    {
        var f = _fixtures.New();
        var runner = new PipelineRunner(f.DataDirectory, f.Catalog, f.Warehouse, new GoldOptions { KeepVersions = 2 });
        var versions = ShopScenario.Days.Select(d => Build(f, () => runner.RunRange(d, d, cancellationToken: TestContext.Current.CancellationToken))).ToList();

        foreach (var table in Stored)
        {
            var kept = f.Catalog.ListGoldVersions(table).Select(v => IncrementalTests.Snapshot(f, table, v.Version)).ToList();
            kept.ShouldBe([versions[3], versions[2]]);
            f.Warehouse.Strings($"SELECT view_name FROM duckdb_views() WHERE schema_name = 'gold_v' AND view_name LIKE '{table}__v%' ORDER BY view_name")
                .ShouldBe(kept.Order().Select(v => GoldVersions.Physical(table, v)).ToList());
            // Every stored row is seen by a kept version, and the kept versions still equal their copies.
            if (table == GoldSessionsStore.Table)
            {
                f.Warehouse.Scalar<long>($"SELECT count(*) FROM gold_v.{GoldSessionsStore.Ended} WHERE cw_to <= {kept.Min()}").ShouldBe(0);
            }
            else
            {
                f.Warehouse.Scalar<long>($"SELECT count(*) FROM gold_v.{GoldRowStore.RowsTable(table)} WHERE cw_to IS NOT NULL AND cw_to <= {kept.Min()}").ShouldBe(0);
                f.Warehouse.Scalar<long>($"SELECT count(*) FROM gold_v.{GoldRowStore.RowsTable(table)}").ShouldBe(f.Warehouse.Scalar<long>(
                    $"SELECT count(*) FROM (SELECT * FROM {Copy(table, versions[2])} UNION SELECT * FROM {Copy(table, versions[3])})"));
            }

            foreach (var version in kept)
            {
                Differences(f, $"gold_v.{GoldVersions.Physical(table, version)}", Copy(table, version)).ShouldBe(0);
            }

            Should.Throw<CartwheelException>(() => new GoldVersions(f.Warehouse, f.Catalog, new GoldOptions { KeepVersions = 2 }).Rollback(table, versions[1]))
                .Code.ShouldBe(ErrorCodes.InvalidArgument);
        }
    }

    [Fact]
    public void Rebuild_KeepsTheEarlierVersionsOfFactSessions_AndTheirRollback()
    {
        var f = _fixtures.New();
        var runner = f.Runner();
        var versions = TwoBuilds(f, runner);
        f.Json("events", ShopScenario.Days[1], SilverBuildTests.Event("late-1", "late-s", "page_view", "2024-01-31T23:10:00Z"));
        versions.Add(Build(f, () => runner.Rebuild(cancellationToken: TestContext.Current.CancellationToken)));
        f.Json("events", ShopScenario.Days[1], SilverBuildTests.Event("late-2", "s0131-03", "add_to_cart", "2024-01-31T23:50:00Z"));
        versions.Add(Build(f, () => runner.RunPending(1, cancellationToken: TestContext.Current.CancellationToken)));

        foreach (var version in versions)
        {
            Differences(f, $"gold_v.{GoldVersions.Physical("fact_sessions", IncrementalTests.Snapshot(f, "fact_sessions", version))}", Copy("fact_sessions", version))
                .ShouldBe(0, $"v{version}");
        }

        // The versions before the rebuild read only the ended rows: the builder's table was dropped under them.
        f.Warehouse.Scalar<long>($"SELECT min(cw_from) FROM gold_build.fact_sessions").ShouldBe(versions[2]);
        new GoldVersions(f.Warehouse, f.Catalog, new GoldOptions()).Rollback("fact_sessions", versions[1]);
        Differences(f, "gold.fact_sessions", Copy("fact_sessions", versions[1])).ShouldBe(0);
    }

    [Fact]
    public void Rebuild_WhoseTableHasOtherColumns_CopiesTheEarlierVersions_AndStartsTheEndedRowsAgain()
    {
        var f = _fixtures.New();
        var runner = f.Runner();
        var versions = TwoBuilds(f, runner);
        // A rebuild drops the builder's table; the ended rows' extra column stands for a new table without it.
        GoldBuilder.Drop(f.Warehouse);
        f.Warehouse.Execute($"ALTER TABLE gold_v.{GoldSessionsStore.Ended} ADD COLUMN legacy INTEGER");
        versions.Add(Build(f, () => runner.RunRange(ShopScenario.Days[0], ShopScenario.Days[3], cancellationToken: TestContext.Current.CancellationToken)));

        foreach (var version in versions)
        {
            Differences(f, $"gold_v.fact_sessions__v{version}", Copy("fact_sessions", version)).ShouldBe(0, $"v{version}");
        }

        f.Warehouse.Strings("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'gold_v' AND table_name LIKE 'fact_sessions__v%' ORDER BY ALL")
            .ShouldBe(versions.Take(2).Select(v => $"fact_sessions__v{v}").Order().ToList());
        f.Warehouse.Scalar<long>($"SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'gold_v' AND table_name = '{GoldSessionsStore.Ended}' AND column_name = 'legacy'")
            .ShouldBe(0);
    }

    [Fact]
    public void Reader_DuringARowStorePublish_SeesOneVersion()
    {
        var f = _fixtures.New();
        f.Runner().RunRange(ShopScenario.Days[0], ShopScenario.Days[1], cancellationToken: TestContext.Current.CancellationToken);
        using var reader = f.Warehouse.OpenReaderConnection();
        Execute(reader, "BEGIN TRANSACTION");
        var before = Contents(reader);

        f.Runner().RunRange(ShopScenario.Days[1], ShopScenario.Days[3], cancellationToken: TestContext.Current.CancellationToken);

        Contents(reader).ShouldBe(before);
        Execute(reader, "COMMIT");
        var after = Contents(reader);
        after.ShouldNotBe(before);
        after.ShouldBe(Contents(f.Warehouse.Connection));
    }

    [Fact]
    public void Publish_EndedStoreWithOtherColumns_CopiesTheVersionsReadingIt_AndStartsAgain()
    {
        var f = _fixtures.New();
        var runner = new PipelineRunner(f.DataDirectory, f.Catalog, f.Warehouse, new GoldOptions { KeepVersions = 2 });
        var first = Build(f, () => runner.RunRange(ShopScenario.Days[0], ShopScenario.Days[1], cancellationToken: TestContext.Current.CancellationToken));
        f.Warehouse.Execute($"ALTER TABLE gold_v.{GoldSessionsStore.Ended} ADD COLUMN legacy INTEGER");

        var versions = new List<long> { first };
        for (var i = 0; i < 3; i++)
        {
            f.Json("events", ShopScenario.Days[1], SilverBuildTests.Event($"late-{i}", $"late-s{i}", "page_view", "2024-01-31T23:10:00Z"));
            versions.Add(Build(f, () => runner.RunRange(ShopScenario.Days[0], ShopScenario.Days[1], cancellationToken: TestContext.Current.CancellationToken)));
            Differences(f, "gold.fact_sessions", Copy("fact_sessions", versions[^1])).ShouldBe(0);
            f.Warehouse.Scalar<long>($"SELECT count(*) FROM duckdb_views() WHERE schema_name = 'gold_v' AND view_name = 'fact_sessions__v{versions[^1]}'")
                .ShouldBe(1, $"build {i}");
            if (i == 0)
            {
                // The version that read the old store became a copy of its rows.
                f.Warehouse.Scalar<long>($"SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'gold_v' AND table_name = 'fact_sessions__v{first}'").ShouldBe(1);
                Differences(f, $"gold_v.fact_sessions__v{first}", Copy("fact_sessions", first)).ShouldBe(0);
            }
        }

        // The store was made again with the builder's columns; pruning dropped the copy.
        f.Warehouse.Scalar<long>($"SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'gold_v' AND table_name = '{GoldSessionsStore.Ended}' AND column_name = 'legacy'")
            .ShouldBe(0);
        f.Warehouse.Scalar<long>($"SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'gold_v' AND table_name LIKE 'fact_sessions__v%'").ShouldBe(0);
        Differences(f, $"gold_v.fact_sessions__v{versions[^2]}", Copy("fact_sessions", versions[^2])).ShouldBe(0);
    }

    [Fact]
    public void Publish_AfterTheRowStoreLayout_EndsTheOldStore_AndPruningDropsIt()
    {
        var f = _fixtures.New();
        var runner = new PipelineRunner(f.DataDirectory, f.Catalog, f.Warehouse, new GoldOptions { KeepVersions = 2 });
        var first = Build(f, () => runner.RunRange(ShopScenario.Days[0], ShopScenario.Days[1], cancellationToken: TestContext.Current.CancellationToken));
        // The layout before GoldSessionsStore: a builder table without cw_from and a row store whose view is the version's snapshot.
        f.Warehouse.Execute($"BEGIN TRANSACTION; DROP VIEW gold_v.fact_sessions__v{first}; DROP TABLE gold_v.{GoldSessionsStore.Ended}; " +
            "ALTER TABLE gold_build.fact_sessions DROP COLUMN cw_from");
        new GoldRowStore(f.Warehouse).TryPublish("fact_sessions", first, null, out _).ShouldBeTrue();
        f.Warehouse.Execute("COMMIT");
        Differences(f, "gold.fact_sessions", Copy("fact_sessions", first)).ShouldBe(0);

        var versions = new List<long> { first };
        for (var i = 0; i < 3; i++)
        {
            f.Json("events", ShopScenario.Days[1], SilverBuildTests.Event($"late-{i}", $"late-s{i}", "page_view", "2024-01-31T23:10:00Z"));
            versions.Add(Build(f, () => runner.RunRange(ShopScenario.Days[0], ShopScenario.Days[1], cancellationToken: TestContext.Current.CancellationToken)));
            foreach (var version in versions.TakeLast(2))
            {
                Differences(f, $"gold_v.fact_sessions__v{version}", Copy("fact_sessions", version)).ShouldBe(0, $"build {i} v{version}");
            }
        }

        f.Warehouse.Scalar<long>("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'gold_v' AND table_name = 'fact_sessions__rows'").ShouldBe(0);
    }

    [Fact]
    public void Publish_ChangesOnly_ClosesAndInsertsTheChangedRows_AndFallsBackWhenARowIsDeletedAlone()
    {
        var f = _fixtures.New();
        var first = Build(f, () => f.Runner().RunRange(ShopScenario.Days[0], ShopScenario.Days[3], cancellationToken: TestContext.Current.CancellationToken));
        const string Key = "CAST(date AS VARCHAR) || '|' || product_id || '|' || warehouse_id";
        var store = new GoldRowStore(f.Warehouse);
        // More rows than the scenario has, so that three new ones are few enough for the change-only publish.
        Publish(f, store, first + 1, "INSERT INTO gold_build.fact_inventory_daily SELECT c.* REPLACE ('filler-' || r.range AS warehouse_id) " +
            $"FROM copy_fact_inventory_daily_{first} AS c, range(3) AS r");
        f.Warehouse.Scalar<long>("SELECT count(*) FROM gold_build.fact_inventory_daily").ShouldBeGreaterThan(24);
        var copy = Copy("fact_inventory_daily", first);
        var rows = f.Warehouse.Strings($"SELECT {Key} FROM {copy} ORDER BY ALL");
        string Row(int i) => $"{Key} = '{rows[i]}'";
        first++;

        // One row changed (deleted and inserted again, as the fact SQL does), one inserted again unchanged, one new.
        var changes = Publish(f, store, first + 1,
            $"DELETE FROM gold_build.fact_inventory_daily WHERE {Row(0)} OR {Row(1)}; " +
            $"INSERT INTO gold_build.fact_inventory_daily SELECT * REPLACE (updates + 1 AS updates) FROM {copy} WHERE {Row(0)}; " +
            $"INSERT INTO gold_build.fact_inventory_daily SELECT * FROM {copy} WHERE {Row(1)}; " +
            $"INSERT INTO gold_build.fact_inventory_daily SELECT * REPLACE ('new-warehouse' AS warehouse_id) FROM {copy} WHERE {Row(2)}");
        changes.ShouldBe((2L, 1L));
        store.ChangesOnly.ShouldBeTrue();

        // A row deleted alone: the new rows do not show it, the counts do, and the full diff closes it.
        changes = Publish(f, store, first + 2, $"DELETE FROM gold_build.fact_inventory_daily WHERE {Row(3)}");
        changes.ShouldBe((0L, 1L));
        store.ChangesOnly.ShouldBeFalse();
        f.Warehouse.Scalar<long>($"SELECT count(*) FROM gold_v.fact_inventory_daily__rows WHERE {Row(3)} AND cw_to IS NULL").ShouldBe(0);
    }

    [Fact]
    public void RowStoreTables_AreChangedByDeleteAndInsertOnly_AndDuckDbNumbersInsertedRowsAboveTheWatermark()
    {
        // The change-only publish sees a build's changes as the rows above the watermark: an UPDATE in place would be missed.
        var update = new System.Text.RegularExpressions.Regex(@"UPDATE\s+gold_build\.(\w+)", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        foreach (var path in SqlResources.List("gold").Concat(SqlResources.List("marts")))
        {
            update.Matches(SqlResources.Get(path)).Select(m => m.Groups[1].Value).Where(Stored.Contains).ShouldBeEmpty(path);
        }

        var f = _fixtures.New();
        f.Warehouse.Execute("CREATE TABLE gold_build.fact_inventory_daily AS SELECT range AS n FROM range(300000)");
        f.Warehouse.Execute("DELETE FROM gold_build.fact_inventory_daily WHERE n % 3 = 0");
        f.Warehouse.Execute("BEGIN TRANSACTION");
        var watermark = GoldRowStore.Watermarks(f.Warehouse)["fact_inventory_daily"];
        // More rows than a row group: DuckDB writes them to the file before the commit (optimistic writes).
        f.Warehouse.Execute("DELETE FROM gold_build.fact_inventory_daily WHERE n < 1000; INSERT INTO gold_build.fact_inventory_daily SELECT range + 1000000 FROM range(250000)");
        f.Warehouse.Scalar<long>($"SELECT count(*) FROM gold_build.fact_inventory_daily WHERE rowid > {watermark}").ShouldBe(250_000);
        f.Warehouse.Scalar<long>($"SELECT min(n) FROM gold_build.fact_inventory_daily WHERE rowid > {watermark}").ShouldBe(1_000_000);
        f.Warehouse.Execute("COMMIT");
    }

    /// <summary>
    /// Changes the builder's fact_inventory_daily by <paramref name="sql"/> and publishes it as <paramref name="version"/> in one
    /// transaction, as a build does; asserts the version's view equals the build; returns the rows it inserted and closed.
    /// </summary>
    private static (long Inserted, long Closed) Publish(BronzeFixture f, GoldRowStore store, long version, string sql)
    {
        f.Warehouse.Execute("BEGIN TRANSACTION");
        var watermark = GoldRowStore.Watermarks(f.Warehouse)["fact_inventory_daily"];
        f.Warehouse.Execute(sql);
        store.TryPublish("fact_inventory_daily", version, watermark, out var rows).ShouldBeTrue();
        f.Warehouse.Execute("COMMIT");
        rows.ShouldBe(f.Warehouse.Scalar<long>("SELECT count(*) FROM gold_build.fact_inventory_daily"));
        Differences(f, $"gold_v.{GoldVersions.Physical("fact_inventory_daily", version)}", "gold_build.fact_inventory_daily").ShouldBe(0);
        return (f.Warehouse.Scalar<long>($"SELECT count(*) FROM gold_v.fact_inventory_daily__rows WHERE cw_from = {version}"),
            f.Warehouse.Scalar<long>($"SELECT count(*) FROM gold_v.fact_inventory_daily__rows WHERE cw_to = {version}"));
    }

    /// <summary>Runs a build, keeps a full copy of each row-store table's build as <c>main.copy_&lt;table&gt;_&lt;version&gt;</c>, returns the version.</summary>
    private static long Build(BronzeFixture f, Func<RunReport> run)
    {
        var version = run().GoldVersion!.Value;
        foreach (var table in Stored)
        {
            f.Warehouse.Execute($"CREATE TABLE {Copy(table, version)} AS SELECT * {(table == GoldSessionsStore.Table ? "EXCLUDE (cw_from) " : "")}FROM gold_build.{table}");
        }

        return version;
    }

    /// <summary>The first two days, then the last two, each built and copied (<see cref="Build"/>); returns their versions.</summary>
    private static List<long> TwoBuilds(BronzeFixture f, PipelineRunner runner) =>
    [
        Build(f, () => runner.RunRange(ShopScenario.Days[0], ShopScenario.Days[1], cancellationToken: TestContext.Current.CancellationToken)),
        Build(f, () => runner.RunRange(ShopScenario.Days[2], ShopScenario.Days[3], cancellationToken: TestContext.Current.CancellationToken)),
    ];

    private static string Copy(string table, long version) => $"main.copy_{table}_{version}";

    /// <summary>Rows in one relation and not the other (as multisets, both ways).</summary>
    private static long Differences(BronzeFixture f, string left, string right) => f.Warehouse.Scalar<long>(
        $"SELECT (SELECT count(*) FROM (SELECT * FROM {left} EXCEPT ALL SELECT * FROM {right})) + (SELECT count(*) FROM (SELECT * FROM {right} EXCEPT ALL SELECT * FROM {left}))");

    private static string Contents(DuckDB.NET.Data.DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        // The projections too: views of the row stores' versions.
        command.CommandText = string.Join(" || '|' || ", Stored.Concat(GoldBuilder.Projections.Keys).Select(t => $"(SELECT count(*) || ':' || coalesce(sum(hash(x)), 0) FROM gold.{t} AS x)"));
        command.CommandText = "SELECT " + command.CommandText;
        return (string)command.ExecuteScalar()!;
    }

    private static void Execute(DuckDB.NET.Data.DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _fixtures.Dispose();
}
