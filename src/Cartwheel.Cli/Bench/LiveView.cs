using System.Globalization;
using Spectre.Console;

namespace Cartwheel.Cli.Bench;

/// <summary>
/// What <c>bench stream</c> shows while it runs: on a terminal a live table of the last second (events/s, latencies,
/// log lag, memory, CPU); otherwise one plain line every few seconds.
/// </summary>
internal sealed class LiveView(IAnsiConsole console, StreamBenchOptions options)
{
    private const int PlainEvery = 5;

    public async Task RunAsync(Func<Action<BenchSecond>, Task> follow)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            await follow(second =>
            {
                if (second.Second % PlainEvery == 0)
                {
                    console.WriteLine(Line(second));
                }
            });
            return;
        }

        var table = Table(null);
        await console.Live(table).StartAsync(async context =>
            await follow(second =>
            {
                context.UpdateTarget(Table(second));
                context.Refresh();
            }));
    }

    private Table Table(BenchSecond? s)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title(string.Create(CultureInfo.InvariantCulture, $"[bold]bench stream[/] — {options.Duration.TotalSeconds:0} s, {options.Connections} connections × {options.BatchSize} events, rate {(options.Rate == 0 ? "max" : options.Rate.ToString("N0", CultureInfo.InvariantCulture))}"));
        table.AddColumn("second").AddColumn("phase").AddColumn(new TableColumn("events/s").RightAligned()).AddColumn(new TableColumn("ack p50/p99 ms").RightAligned())
            .AddColumn(new TableColumn("visible p50/p99 ms").RightAligned()).AddColumn(new TableColumn("log lag").RightAligned())
            .AddColumn(new TableColumn("server RSS / CPU").RightAligned()).AddColumn(new TableColumn("generator RSS / CPU").RightAligned());
        if (s is not null)
        {
            table.AddRow(Cells(s));
        }

        return table;
    }

    private static string[] Cells(BenchSecond s) =>
    [
        s.Second.ToString(CultureInfo.InvariantCulture), s.Phase, s.EventsPerSecond.ToString("N0", CultureInfo.InvariantCulture),
        string.Create(CultureInfo.InvariantCulture, $"{s.AckP50Ms:0.#} / {s.AckP99Ms:0.#}"),
        string.Create(CultureInfo.InvariantCulture, $"{s.VisibleP50Ms:0} / {s.VisibleP99Ms:0}"),
        s.LogLag.ToString("N0", CultureInfo.InvariantCulture),
        string.Create(CultureInfo.InvariantCulture, $"{s.ServerRssMib:0} MiB / {s.ServerCpuPercent:0}%"),
        string.Create(CultureInfo.InvariantCulture, $"{s.GeneratorRssMib:0} MiB / {s.GeneratorCpuPercent:0}%"),
    ];

    private static string Line(BenchSecond s) => string.Join("  ", Cells(s));
}
