using Cartwheel.Catalog;
using Cartwheel.Internal;

namespace Cartwheel.Bench;

/// <summary>
/// <c>silver-probe --events N [--workdir DIR]</c>: where the CPU of silver events goes. Over the bronze events that
/// <c>silver --events N</c> ingested (<c>DIR/silver-N/</c>; run that first), times each part of the build alone in a
/// scratch warehouse: reading the payloads, <c>json_transform</c> of the 21 fields and without the two that are
/// objects (<c>properties</c>, <c>event_details</c>, re-serialised as text), the staged table (sql/silver/events.sql),
/// its count and quarantine scans, and the Parquet COPY of the accepted rows. CPU-µs per bronze row each.
/// </summary>
internal static class SilverProbe
{
    private const string Fields = "\"event_id\":\"VARCHAR\",\"session_id\":\"VARCHAR\",\"user_id\":\"VARCHAR\",\"anonymous_id\":\"VARCHAR\"," +
        "\"event_type\":\"VARCHAR\",\"product_id\":\"VARCHAR\",\"page_url\":\"VARCHAR\",\"referrer\":\"VARCHAR\",\"utm_source\":\"VARCHAR\"," +
        "\"utm_medium\":\"VARCHAR\",\"utm_campaign\":\"VARCHAR\",\"device\":\"VARCHAR\",\"os\":\"VARCHAR\",\"country\":\"VARCHAR\",\"state\":\"VARCHAR\"," +
        "\"ip\":\"VARCHAR\",\"event_time\":\"VARCHAR\",\"event_timestamp\":\"VARCHAR\",\"ingestion_time\":\"VARCHAR\"";

    public static int Run(string[] args)
    {
        var input = BenchInput.Parse(args);
        var data = new DataDirectory(Path.Combine(input.WorkDir, $"silver-{input.Events}"));
        var catalog = CatalogStore.Open(data);
        var files = catalog.ListBronzeFiles("events").Select(f => data.Absolute(f.Path)).ToList();
        if (files.Count == 0)
        {
            Console.Error.WriteLine($"no bronze events in {data.Root}: run `silver --events {input.Events}` first");
            return 2;
        }

        var rows = catalog.ListBronzeFiles("events").Sum(f => f.RowCount);
        var scratch = new DataDirectory(Path.Combine(input.WorkDir, $"probe-{Guid.NewGuid():N}"[..14]));
        try
        {
            using var warehouse = Cartwheel.Warehouse.Warehouse.Open(scratch);
            warehouse.Execute(SqlResources.Get("silver/_macros.sql"));
            warehouse.Execute("CREATE OR REPLACE TEMP VIEW silver_input AS SELECT * FROM read_parquet("
                              + Cartwheel.Warehouse.Warehouse.FileList(files) + ", hive_partitioning = true, hive_types = {'dt': DATE})");
            Console.WriteLine($"silver events probe: {rows:N0} bronze rows; load {CpuClock.LoadAverage()}");
            void Step(string name, string sql)
            {
                var clock = CpuClock.Start();
                warehouse.Execute(sql);
                var (wall, cpu) = clock.Elapsed();
                Console.WriteLine($"  {name,-58} wall {wall,7:F2} s  cpu {cpu,7:F2} s = {cpu * 1e6 / rows,6:F2} cpu-µs/row");
            }

            Step("read payload (sum of lengths)", "CREATE OR REPLACE TEMP TABLE p AS SELECT sum(length(payload)) FROM silver_input");
            Step("json_transform, 19 text fields", $"CREATE OR REPLACE TEMP TABLE p AS SELECT count(j.event_id), max(j.ip) FROM (SELECT json_transform(payload, '{{{Fields}}}') AS j FROM silver_input)");
            Step("json_transform, 21 fields (properties, event_details as text)",
                $"CREATE OR REPLACE TEMP TABLE p AS SELECT count(j.event_id), max(j.ip), sum(length(j.properties)) FROM (SELECT json_transform(payload, '{{{Fields},\"properties\":\"VARCHAR\",\"event_details\":\"VARCHAR\"}}') AS j FROM silver_input)");
            Step("json_extract(payload, '$.properties') alone", "CREATE OR REPLACE TEMP TABLE p AS SELECT sum(length(json_extract(payload, '$.properties'))) FROM silver_input");
            var sql = SqlResources.Get("silver/events.sql");
            var window = sql.IndexOf("CASE WHEN _err IS NULL THEN row_number()", StringComparison.Ordinal);
            var windowEnd = sql.IndexOf("AS _dup_rank", window, StringComparison.Ordinal);
            var transform = $"json_transform(payload, '{{{Fields}}}')";
            Step("json_transform + 2 TRY_CAST(… AS TIMESTAMPTZ)",
                $"CREATE OR REPLACE TEMP TABLE p AS SELECT count(TRY_CAST(j.event_time AS TIMESTAMPTZ)), count(TRY_CAST(j.ingestion_time AS TIMESTAMPTZ)) FROM (SELECT {transform} AS j FROM silver_input)");
            Step("ingestion_time + INTERVAL 1 DAY (per row)",
                "CREATE OR REPLACE TEMP TABLE p AS SELECT count(*) FILTER (ingestion_time + INTERVAL 1 DAY > TIMESTAMPTZ '2000-01-01 00:00:00+00') FROM silver_input");
            Step("epoch_us(ingestion_time) + 86400e6 (per row)",
                "CREATE OR REPLACE TEMP TABLE p AS SELECT count(*) FILTER (epoch_us(ingestion_time) + 86400000000 > 0) FROM silver_input");
            var noWindow = sql[..window] + "CAST(NULL AS BIGINT) " + sql[windowEnd..];
            Step("staged rows without window, aggregated (not stored)",
                $"CREATE OR REPLACE TEMP TABLE p AS SELECT count(*), count(_reason), sum(length(properties)), count(event_time) FROM ({noWindow})");
            Step("staged table without the dedup window", "CREATE OR REPLACE TEMP TABLE p AS " + noWindow);
            Step("staged table (sql/silver/events.sql)", "CREATE OR REPLACE TEMP TABLE silver_stage AS " + sql);
            Step("count and quarantine scans", "CREATE OR REPLACE TEMP TABLE p AS SELECT dt, count(*) FILTER (_dup_rank = 1), count(*) FILTER (_dup_rank > 1), count(_reason) FROM silver_stage GROUP BY dt");
            var target = Path.Combine(scratch.Root, "out");
            Step("COPY accepted rows to Parquet (ZSTD, PARTITION_BY dt)",
                $"COPY (SELECT * EXCLUDE ({Cartwheel.Warehouse.SilverBuilder.StageOnlyColumns}) FROM silver_stage WHERE _dup_rank = 1) TO '{target}' (FORMAT PARQUET, COMPRESSION ZSTD, PARTITION_BY (dt))");
            var last = warehouse.Scalar<string>("SELECT CAST(dt AS VARCHAR) FROM silver_stage GROUP BY dt ORDER BY count(*) DESC LIMIT 1");
            var share = warehouse.Scalar<double>($"SELECT count(*) FILTER (dt = DATE '{last}') / count(*) FROM silver_stage");
            Console.WriteLine($"  (the largest date {last} holds {share:P1} of the rows)");
            Step("COPY the largest date alone (no PARTITION_BY)",
                $"COPY (SELECT * EXCLUDE ({Cartwheel.Warehouse.SilverBuilder.StageOnlyColumns}, dt) FROM silver_stage WHERE _dup_rank = 1 AND dt = DATE '{last}') TO '{target}-one.parquet' (FORMAT PARQUET, COMPRESSION ZSTD)");
            Step("COPY the largest date alone, COMPRESSION_LEVEL 1",
                $"COPY (SELECT * EXCLUDE ({Cartwheel.Warehouse.SilverBuilder.StageOnlyColumns}, dt) FROM silver_stage WHERE _dup_rank = 1 AND dt = DATE '{last}') TO '{target}-l1.parquet' (FORMAT PARQUET, COMPRESSION ZSTD, COMPRESSION_LEVEL 1)");
            Step("COPY the largest date alone, UNCOMPRESSED",
                $"COPY (SELECT * EXCLUDE ({Cartwheel.Warehouse.SilverBuilder.StageOnlyColumns}, dt) FROM silver_stage WHERE _dup_rank = 1 AND dt = DATE '{last}') TO '{target}-un.parquet' (FORMAT PARQUET, COMPRESSION UNCOMPRESSED)");
            warehouse.Execute("SET preserve_insertion_order = false");
            Step("COPY the largest date alone, preserve_insertion_order = false",
                $"COPY (SELECT * EXCLUDE ({Cartwheel.Warehouse.SilverBuilder.StageOnlyColumns}, dt) FROM silver_stage WHERE _dup_rank = 1 AND dt = DATE '{last}') TO '{target}-po.parquet' (FORMAT PARQUET, COMPRESSION ZSTD)");
            warehouse.Execute("RESET preserve_insertion_order");
            Step("COPY accepted rows without properties",
                $"COPY (SELECT * EXCLUDE ({Cartwheel.Warehouse.SilverBuilder.StageOnlyColumns}, properties) FROM silver_stage WHERE _dup_rank = 1) TO '{target}-np' (FORMAT PARQUET, COMPRESSION ZSTD, PARTITION_BY (dt))");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(scratch.Root))
            {
                Directory.Delete(scratch.Root, recursive: true);
            }
        }
    }
}
