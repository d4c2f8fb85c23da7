using System.Globalization;
using Cartwheel.Catalog;
using Cartwheel.Ingest;
using Cartwheel.Internal;
using Cartwheel.Warehouse;
using Cartwheel.Warehouse.NativeGold;

namespace Cartwheel.Bench;

/// <summary>
/// <c>sessions-probe --events N [--workdir DIR] [--rounds R] [--explain] [--sql FILE]…</c>: where the CPU of gold.fact_sessions goes.
/// The simulated day without its last hour is ingested and built once into <c>DIR/sessions-probe-N/</c> (kept and
/// reused); then, over the built dates, the fact_sessions step (its C# sessions path, its SQL path and each <c>--sql</c> variant) is run again in a
/// transaction that is rolled back, R rounds (default 2) alternating between the variants, timed (CPU-s and CPU-µs per silver event; the least of the rounds), and its rows compared with the
/// table's (EXCEPT ALL both ways). <c>--explain</c> writes DuckDB's JSON profile of the INSERT to <c>DIR/sessions-profile.json</c>.
/// </summary>
internal static class SessionsProbe
{
    public static int Run(string[] args)
    {
        var explain = args.Contains("--explain");
        var variants = new List<string>();
        var rest = new List<string>();
        var rounds = 2;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--sql" && i + 1 < args.Length)
            {
                variants.Add(Path.GetFullPath(args[++i]));
            }
            else if (args[i] == "--rounds" && i + 1 < args.Length)
            {
                rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else if (args[i] != "--explain")
            {
                rest.Add(args[i]);
            }
        }

        var input = BenchInput.Parse([.. rest]);
        var data = new DataDirectory(Path.Combine(input.WorkDir, $"sessions-probe-{input.Events}"));
        var built = File.Exists(Path.Combine(data.Root, "built"));
        var catalog = CatalogStore.Open(data);
        using var warehouse = Cartwheel.Warehouse.Warehouse.Open(data);
        if (!built)
        {
            var folder = Path.GetDirectoryName(input.EnsureGenerated())!;
            var (main, _) = HourSplit.EnsureSplit(folder, new DateTimeOffset(2024, 3, 1, 23, 0, 0, TimeSpan.Zero));
            new BronzeIngestor(data, catalog).Ingest([main]);
            new PipelineRunner(data, catalog, warehouse).RunPending();
            File.WriteAllText(Path.Combine(data.Root, "built"), "");
        }

        var from = warehouse.Scalar<string>("SELECT CAST(min(session_date) AS VARCHAR) FROM gold_build.fact_sessions")!;
        var to = warehouse.Scalar<string>("SELECT CAST(max(session_date) AS VARCHAR) FROM gold_build.fact_sessions")!;
        var events = warehouse.Scalar<long>($"SELECT count(*) FROM silver.events WHERE dt BETWEEN DATE '{from}' - 1 AND DATE '{to}' + 1");
        var sessions = warehouse.Scalar<long>("SELECT count(*) FROM gold_build.fact_sessions");
        Console.WriteLine($"fact_sessions probe: {from}..{to}, {events:N0} silver events, {sessions:N0} sessions; load {CpuClock.LoadAverage()}");
        warehouse.Execute(string.Create(CultureInfo.InvariantCulture,
            $"SET VARIABLE cw_data_version = {Cartwheel.Warehouse.Warehouse.Literal(PipelineRunner.LogicVersion)}; SET VARIABLE cw_from = DATE '{from}'; " +
            $"SET VARIABLE cw_to = DATE '{to}'; SET VARIABLE cw_merge_sessions = false;"));
        // The rows' own version: each round deletes and inserts them as that version's build (nothing ended).
        warehouse.Execute("SET VARIABLE cw_version = (SELECT max(cw_from) FROM gold_build.fact_sessions);");
        warehouse.Execute(SqlResources.Get("gold/_macros.sql"));
        warehouse.Execute("CREATE OR REPLACE TEMP TABLE cw_probe_truth AS SELECT * FROM gold_build.fact_sessions");
        // Rounds alternate between the variants (the load of the shared machine drifts); the least CPU of each is its figure.
        // The build's two paths (Warehouse/NativeGold: the sessions aggregated in C#, or by the SQL reference), then each
        // --sql FILE, a whole replacement of the three steps.
        var day = (DateOnly.Parse(from, CultureInfo.InvariantCulture), DateOnly.Parse(to, CultureInfo.InvariantCulture));
        var scripts = new List<(string Name, Action<Action<string>?> Run)>
        {
            ("C# sessions", phase => FactSessionsBuild.Run(warehouse, catalog, day.Item1, day.Item2, native: true, phase)),
            ("SQL sessions", phase => FactSessionsBuild.Run(warehouse, catalog, day.Item1, day.Item2, native: false, phase)),
        };
        scripts.AddRange(variants.Select(v => (Path.GetFileName(v), (Action<Action<string>?>)(_ => warehouse.Execute(File.ReadAllText(v))))));
        var cpus = scripts.Select(_ => new List<double>()).ToList();
        for (var round = 0; round < rounds; round++)
        {
            for (var v = 0; v < scripts.Count; v++)
            {
                warehouse.Execute("BEGIN TRANSACTION");
                var clock = CpuClock.Start();
                var step = CpuClock.Start();
                var phases = new List<string>();
                scripts[v].Run(phase =>
                {
                    phases.Add($"{phase} {step.Elapsed().CpuSeconds:F2}");
                    step = CpuClock.Start();
                });
                var (wall, cpu) = clock.Elapsed();
                var differ = warehouse.Scalar<long>("SELECT (SELECT count(*) FROM (SELECT * FROM gold_build.fact_sessions EXCEPT ALL SELECT * FROM cw_probe_truth)) + " +
                    "(SELECT count(*) FROM (SELECT * FROM cw_probe_truth EXCEPT ALL SELECT * FROM gold_build.fact_sessions))");
                warehouse.Execute("ROLLBACK");
                cpus[v].Add(cpu);
                Console.WriteLine($"  {scripts[v].Name,-32} wall {wall,7:F2} s  cpu {cpu,7:F2} s = {cpu * 1e6 / events,6:F2} cpu-µs/event; rows differing {differ:N0}; cpu-s by step: {string.Join(", ", phases)}");
            }
        }

        for (var v = 0; v < scripts.Count; v++)
        {
            var sorted = cpus[v].Order().ToList();
            Console.WriteLine($"  {scripts[v].Name,-32} least cpu {sorted[0],7:F2} s, median {sorted[sorted.Count / 2],7:F2} s = {sorted[0] * 1e6 / events,6:F2} cpu-µs/event (least)");
        }

        if (explain)
        {
            var profile = Path.Combine(input.WorkDir, "sessions-profile.json");
            warehouse.Execute("BEGIN TRANSACTION");
            FactSessionsBuild.Run(warehouse, catalog, day.Item1, day.Item2, native: true, phase =>
            {
                if (phase is "append" or "sessions SQL")
                {
                    warehouse.Execute($"PRAGMA enable_profiling = 'json'; PRAGMA profiling_output = '{profile}';");
                }
                else if (phase == "insert")
                {
                    warehouse.Execute("PRAGMA disable_profiling;");
                }
            });
            Console.WriteLine($"  profile of the INSERT: {profile}");
            warehouse.Execute("ROLLBACK");
        }

        return 0;
    }
}
