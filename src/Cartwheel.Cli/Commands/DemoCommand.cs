using System.CommandLine;
using System.Globalization;
using Cartwheel.Catalog;
using Cartwheel.Ingest;
using Cartwheel.Quality;
using Cartwheel.Server;
using Cartwheel.Simulation;
using Cartwheel.Warehouse;
using Spectre.Console;

namespace Cartwheel.Cli.Commands;

/// <summary>
/// <c>cartwheel demo</c>: simulates a small shop, ingests its files, runs every date through silver and gold
/// and shows what came out. Deterministic for a seed and start date, and idempotent: running it again
/// finds the same files already ingested and the partitions unchanged. Then (unless <c>--no-serve</c>) it stays up:
/// the server with its dashboard, fed by live simulated traffic over HTTP, until Ctrl+C.
/// </summary>
internal static partial class DemoCommand
{
    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "Simulator seed.", DefaultValueFactory = _ => 42 };
        var users = new Option<int>("--users") { Description = "Customers to simulate.", DefaultValueFactory = _ => 2_000 };
        var products = new Option<int>("--products") { Description = "Catalog products to simulate.", DefaultValueFactory = _ => 300 };
        var days = new Option<int>("--days") { Description = "Days of shop activity.", DefaultValueFactory = _ => 7 };
        var start = new Option<DateOnly?>("--start") { Description = "First simulated day (default: --days days before today, UTC)." };
        var noServe = new Option<bool>("--no-serve") { Description = "End after the batch part instead of serving the live dashboard." };
        var urls = new Option<string>("--urls") { Description = "Where the live demo listens.", DefaultValueFactory = _ => CartwheelServer.DefaultUrl };
        var rate = new Option<int>("--events-per-second") { Description = "Live traffic: Segment messages per second.", DefaultValueFactory = _ => 200 };
        rate.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 100_000)
            {
                result.AddError("--events-per-second must be between 1 and 100000.");
            }
        });
        var command = new Command("demo", "Simulate a shop, ingest it, build silver and gold for every date, print the numbers, then serve the live dashboard fed by simulated traffic.")
        {
            seed, users, products, days, start, noServe, urls, rate,
        };
        command.SetGuardedAction(async (parseResult, cancellationToken) =>
        {
            var dataDirectory = CommonOptions.ResolveDataDirectory(parseResult);
            var dayCount = parseResult.GetValue(days);
            var options = new SimulationOptions
            {
                Seed = parseResult.GetValue(seed),
                Users = parseResult.GetValue(users),
                Products = parseResult.GetValue(products),
                Days = dayCount,
                Start = parseResult.GetValue(start) ?? DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-dayCount),

                // The demo's window ends today: refunds, restocks and the like planned for later have not happened.
                // Cut at the start of today (a nightly export), not at this instant, so a second demo on the same day
                // writes the same files and its ingest is a no-op.
                NotAfter = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero),
            };
            var code = Run(dataDirectory, options, parseResult.GetValue(CommonOptions.Format), cancellationToken);
            if (code != CommandRunner.Ok || parseResult.GetValue(noServe))
            {
                return code;
            }

            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            await ServeLiveAsync(dataDirectory, options, parseResult.GetValue(urls)!, parseResult.GetValue(rate), console, cancellationToken);
            return CommandRunner.Ok;
        });
        return command;
    }

    private static int Run(DataDirectory dataDirectory, SimulationOptions options, Output.OutputFormat format, CancellationToken cancellationToken)
    {
        var simulator = new ShopSimulator(options);
        var catalog = CatalogStore.Open(dataDirectory);
        var inbox = Path.Combine(dataDirectory.Root, "inbox",
            string.Create(CultureInfo.InvariantCulture, $"demo-seed{options.Seed}-{options.Start:yyyyMMdd}-{options.Days}d-{options.Users}u-{options.Products}p"));
        var runId = catalog.StartRun("demo", string.Create(CultureInfo.InvariantCulture,
            $"--seed {options.Seed} --users {options.Users} --products {options.Products} --days {options.Days} --start {options.Start:yyyy-MM-dd}"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.MarkupLine($"[bold]Cartwheel demo[/] — data directory [blue]{Markup.Escape(dataDirectory.Root)}[/]");
        try
        {
            IngestReport? ingest = null;
            RunReport? run = null;
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .Start(context =>
                {
                    var generate = context.AddTask("simulate the shop", maxValue: 1);
                    var ingestTask = context.AddTask("ingest into bronze", autoStart: false, maxValue: 1);
                    var runTask = context.AddTask("build silver and gold", autoStart: false, maxValue: 1);
                    if (!File.Exists(Path.Combine(inbox, ShopSimulator.ManifestFileName)))
                    {
                        simulator.WriteTo(inbox, new InlineProgress<SimulationProgress>(p =>
                        {
                            generate.MaxValue = Math.Max(1, p.SessionsTotal);
                            generate.Value = p.SessionsDone;
                        }), cancellationToken);
                    }

                    generate.Value = generate.MaxValue;
                    generate.StopTask();

                    ingestTask.StartTask();
                    ingest = new BronzeIngestor(dataDirectory, catalog).Ingest([inbox], null, runId, new InlineProgress<IngestProgress>(p =>
                    {
                        ingestTask.Description = "ingest " + Path.GetFileName(p.Path);
                        ingestTask.MaxValue = Math.Max(1, p.FileCount);
                        ingestTask.Value = p.FileIndex + (p.FileBytes == 0 ? 0 : (double)p.BytesRead / p.FileBytes);
                    }), cancellationToken);
                    ingestTask.Description = "ingest into bronze";
                    ingestTask.Value = ingestTask.MaxValue;
                    ingestTask.StopTask();

                    runTask.StartTask();
                    using var warehouse = Cartwheel.Warehouse.Warehouse.Open(dataDirectory);
                    // The demo publishes gold the way `run` does: through the quality gate, with its alerts.
                    using var orchestration = OrchestrationHost.Create(dataDirectory);
                    // Every date with facts: the simulated days and the days after them that still get records
                    // (sessions past midnight, refunds, returns, restocks).
                    var factDates = new[] { "events", "orders", "inventory", "transactions" }.SelectMany(catalog.ListBronzeDates).ToList();
                    run = new PipelineRunner(dataDirectory, catalog, warehouse)
                    {
                        Gate = QualityGate.Create(warehouse, catalog, orchestration.Alerts),
                    }.RunRange(factDates.Min(), factDates.Max(), runId,
                        new InlineProgress<RunProgress>(p =>
                        {
                            runTask.MaxValue = Math.Max(1, p.Total);
                            runTask.Value = p.Completed;
                        }), cancellationToken);
                    runTask.Value = runTask.MaxValue;
                    runTask.StopTask();
                });

            if (!ingest!.Succeeded)
            {
                throw new CartwheelException(ErrorCodes.InputUnreadable, "Some demo files were rejected: " +
                    string.Join("; ", ingest.Files.Where(f => f.Status == IngestFileStatus.Rejected).Select(f => $"{f.Path}: {f.Message}")));
            }

            using (var warehouse = Cartwheel.Warehouse.Warehouse.Open(dataDirectory))
            {
                WriteSummary(catalog, warehouse, run!, format);
            }

            catalog.FinishRun(runId, null);
            return CommandRunner.Ok;
        }
        catch (Exception ex)
        {
            catalog.FinishRun(runId, ex.Message);
            throw;
        }
    }
}
