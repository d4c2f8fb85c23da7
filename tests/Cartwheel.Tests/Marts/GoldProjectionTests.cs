using Cartwheel.Tests.Warehouse;
using Cartwheel.Warehouse;

namespace Cartwheel.Tests.Marts;

/// <summary>
/// user_session_analysis as a projection of fact_sessions (<see cref="GoldBuilder.Projections"/>): no copy of its rows
/// in the builder or the published versions, and every kept version still equals a full copy of the projection of the
/// fact_sessions build it was published with, through retention and rollback.
/// </summary>
public sealed class GoldProjectionTests : IDisposable
{
    private const string Columns =
        "session_id, session_date, user_id, session_start, session_end, session_duration_seconds, total_events, event_types, first_event_type, " +
        "last_event_type, transaction_id, transaction_amount, transaction_count, transaction_currency, transaction_timestamp, has_transaction, " +
        "time_to_purchase_seconds, processing_timestamp, data_version";

    private readonly ScenarioFixtures _fixtures = new();

    [Fact]
    public void Publish_WritesViewsOfFactSessionsVersions_EqualToTheProjectionOfEachBuild()
    {
        var f = _fixtures.New();
        var versions = new List<long>
        {
            Build(f, () => f.Runner().RunRange(ShopScenario.Days[0], ShopScenario.Days[1], cancellationToken: TestContext.Current.CancellationToken)),
            Build(f, () => f.Runner().RunRange(ShopScenario.Days[2], ShopScenario.Days[3], cancellationToken: TestContext.Current.CancellationToken)),
        };
        f.Json("events", ShopScenario.Days[1], SilverBuildTests.Event("late-1", "late-s", "page_view", "2024-01-31T23:10:00Z"));
        versions.Add(Build(f, () => f.Runner().RunPending(1, cancellationToken: TestContext.Current.CancellationToken)));
        // Nothing new: the projection shares its snapshot like its source.
        versions.Add(Build(f, () => f.Runner().RunRange(ShopScenario.Days[2], ShopScenario.Days[3], cancellationToken: TestContext.Current.CancellationToken)));

        f.Warehouse.Scalar<long>("SELECT count(*) FROM duckdb_tables() WHERE (schema_name = 'gold_build' AND table_name = 'user_session_analysis') " +
            "OR (schema_name = 'gold_v' AND starts_with(table_name, 'user_session_analysis__'))").ShouldBe(0);
        IncrementalTests.Snapshot(f, "user_session_analysis", versions[3]).ShouldBe(versions[2]);
        foreach (var version in versions)
        {
            var snapshot = IncrementalTests.Snapshot(f, "user_session_analysis", version);
            Differences(f, $"gold_v.{GoldVersions.Physical("user_session_analysis", snapshot)}", Copy(version)).ShouldBe(0, $"v{version}");
            f.Catalog.ListGoldVersions("user_session_analysis").Single(v => v.Version == version).RowCount
                .ShouldBe(f.Warehouse.Scalar<long>($"SELECT count(*) FROM {Copy(version)}"));
        }

        var gold = new GoldVersions(f.Warehouse, f.Catalog, new GoldOptions());
        gold.Rollback("user_session_analysis", versions[0]);
        Differences(f, "gold.user_session_analysis", Copy(versions[0])).ShouldBe(0);
        Differences(f, "gold.fact_sessions", "(SELECT * EXCLUDE (cw_from) FROM gold_build.fact_sessions)").ShouldBe(0);
    }

    [Fact]
    public void Prune_KeepsTheFactSessionsSnapshotAKeptProjectionReads_ThenDropsIt()
    {
        var f = _fixtures.New();
        var runner = new PipelineRunner(f.DataDirectory, f.Catalog, f.Warehouse, new GoldOptions { KeepVersions = 2 });
        var versions = ShopScenario.Days.Select(d => Build(f, () => runner.RunRange(d, d, cancellationToken: TestContext.Current.CancellationToken))).ToList();
        var (previous, last) = (versions[^2], versions[^1]);
        var gold = new GoldVersions(f.Warehouse, f.Catalog, new GoldOptions { KeepVersions = 1 });
        gold.Rollback("user_session_analysis", previous);

        // Keeping one version expires fact_sessions' previous one, which the rolled-back (current) projection still reads.
        gold.Prune();
        f.Catalog.ListGoldVersions("fact_sessions").Select(v => v.Version).ShouldBe([last]);
        f.Catalog.ListGoldVersions("user_session_analysis").Select(v => v.Version).ShouldBe([last, previous]);
        Differences(f, "gold.user_session_analysis", Copy(previous)).ShouldBe(0);
        Differences(f, "gold.fact_sessions", Copy(last, "fact_sessions")).ShouldBe(0);

        // Once the projection moves on, pruning drops the old snapshots and their rows.
        gold.Rollback("user_session_analysis", last);
        gold.Prune();
        gold.Prune();
        f.Warehouse.Scalar<long>("SELECT count(*) FROM duckdb_views() WHERE schema_name = 'gold_v' AND view_name IN " +
            $"('{GoldVersions.Physical("fact_sessions", previous)}', '{GoldVersions.Physical("user_session_analysis", previous)}')").ShouldBe(0);
        f.Warehouse.Scalar<long>($"SELECT count(*) FROM gold_v.cw_projections WHERE snapshot = {previous}").ShouldBe(0);
        f.Warehouse.Scalar<long>($"SELECT count(*) FROM gold_v.{GoldSessionsStore.Ended} WHERE cw_to <= {last}").ShouldBe(0);
        Differences(f, "gold.user_session_analysis", Copy(last)).ShouldBe(0);
    }

    [Fact]
    public void Publish_AfterACopiedTableAndRowStore_EndsTheOldStore_AndPruningDropsIt()
    {
        var f = _fixtures.New();
        var runner = new PipelineRunner(f.DataDirectory, f.Catalog, f.Warehouse, new GoldOptions { KeepVersions = 2 });
        var first = runner.RunRange(ShopScenario.Days[0], ShopScenario.Days[1], cancellationToken: TestContext.Current.CancellationToken).GoldVersion!.Value;
        // The layout before projections: a builder table and a row store whose view is the version's snapshot.
        f.Warehouse.Execute("BEGIN TRANSACTION; CREATE TABLE main.legacy AS SELECT * FROM gold_build.user_session_analysis; " +
            "DROP VIEW gold_build.user_session_analysis; CREATE TABLE gold_build.user_session_analysis AS SELECT * FROM main.legacy; " +
            $"DELETE FROM gold_v.cw_projections; DROP VIEW gold_v.{GoldVersions.Physical("user_session_analysis", first)}");
        new GoldRowStore(f.Warehouse).TryPublish("user_session_analysis", first, null, out _).ShouldBeTrue();
        f.Warehouse.Execute("COMMIT");
        Differences(f, "gold.user_session_analysis", "main.legacy").ShouldBe(0);

        var versions = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            f.Json("events", ShopScenario.Days[1], SilverBuildTests.Event($"late-{i}", $"late-s{i}", "page_view", "2024-01-31T23:10:00Z"));
            versions.Add(Build(f, () => runner.RunRange(ShopScenario.Days[0], ShopScenario.Days[1], cancellationToken: TestContext.Current.CancellationToken)));
            Differences(f, "gold.user_session_analysis", Copy(versions[^1])).ShouldBe(0);
            if (i == 0)
            {
                Differences(f, $"gold_v.{GoldVersions.Physical("user_session_analysis", first)}", "main.legacy").ShouldBe(0);
            }
        }

        f.Warehouse.Scalar<long>("SELECT count(*) FROM duckdb_views() WHERE schema_name = 'gold_build' AND view_name = 'user_session_analysis'").ShouldBe(1);
        f.Warehouse.Scalar<long>("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'user_session_analysis%'").ShouldBe(0);
    }

    /// <summary>Runs a build and keeps a full copy of the projection of its fact_sessions (and of fact_sessions) in schema <c>main</c>.</summary>
    private static long Build(BronzeFixture f, Func<RunReport> run)
    {
        var version = run().GoldVersion!.Value;
        f.Warehouse.Execute($"CREATE TABLE {Copy(version)} AS SELECT {Columns} FROM gold_build.fact_sessions; " +
            $"CREATE TABLE {Copy(version, "fact_sessions")} AS SELECT * EXCLUDE (cw_from) FROM gold_build.fact_sessions");
        return version;
    }

    private static string Copy(long version, string table = "user_session_analysis") => $"main.copy_{table}_{version}";

    /// <summary>Rows in one relation and not the other (as multisets, both ways).</summary>
    private static long Differences(BronzeFixture f, string left, string right) => f.Warehouse.Scalar<long>(
        $"SELECT (SELECT count(*) FROM (SELECT * FROM {left} EXCEPT ALL SELECT * FROM {right})) + (SELECT count(*) FROM (SELECT * FROM {right} EXCEPT ALL SELECT * FROM {left}))");

    public void Dispose() => _fixtures.Dispose();
}
