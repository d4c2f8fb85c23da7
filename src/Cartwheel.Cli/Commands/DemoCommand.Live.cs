using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cartwheel.Contracts;
using Cartwheel.Server;
using Cartwheel.Simulation;
using Cartwheel.Simulation.Live;
using Spectre.Console;

namespace Cartwheel.Cli.Commands;

internal static partial class DemoCommand
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private const int MaxMessagesPerRequest = 400;

    /// <summary>
    /// The live part of the demo: the server on <paramref name="urls"/> (collector, stream, dashboard) and the shop's
    /// live traffic POSTed to its collector with a generated write key, <paramref name="eventsPerSecond"/> Segment
    /// messages a second stamped with the send time, until Ctrl+C; then the server stops cleanly (the batch in flight drains).
    /// </summary>
    private static async Task ServeLiveAsync(DataDirectory dataDirectory, SimulationOptions options, string urls, int eventsPerSecond,
        IAnsiConsole console, CancellationToken cancellationToken)
    {
        var writeKey = "demo-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
        await using var app = CartwheelServer.Build(new CartwheelServerOptions
        {
            DataDirectory = dataDirectory,
            Urls = urls,
            WriteKeys = [writeKey],
            MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
        });
        await app.StartAsync(cancellationToken);
        var url = app.Urls.First();
        console.MarkupLine($"[bold green]Dashboard:[/] [link]{Markup.Escape(url)}/[/]  — live traffic at {eventsPerSecond:N0} events/s (Ctrl+C to stop)");
        using var client = new HttpClient { BaseAddress = new Uri(url) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(writeKey + ":")));
        // Ctrl+C reaches the command's token; SIGTERM reaches the host's lifetime (which keeps the process alive to stop cleanly).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
        try
        {
            await SendTrafficAsync(client, new LiveTraffic(options), eventsPerSecond, console, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C: the normal way out of the live demo.
        }

        console.MarkupLine("Stopping the server…");
        await app.StopAsync(CancellationToken.None);
    }

    private static async Task SendTrafficAsync(HttpClient client, LiveTraffic traffic, int eventsPerSecond, IAnsiConsole console, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Tick);
        var started = TimeProvider.System.GetTimestamp();
        long sent = 0, failures = 0;
        var lastWarning = DateTimeOffset.MinValue;
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var due = (long)(TimeProvider.System.GetElapsedTime(started).TotalSeconds * eventsPerSecond) - sent;
            while (due > 0)
            {
                var count = (int)Math.Min(due, MaxMessagesPerRequest);
                var now = DateTimeOffset.UtcNow;
                var batch = traffic.Next(count, now);
                var ok = await PostAsync(client, "/v1/batch", new JsonObject { ["batch"] = batch.Messages, ["sentAt"] = now.ToString("O") }.ToJsonString(), cancellationToken);
                if (ok && batch.Inventory.Count > 0)
                {
                    var inventory = string.Join('\n', batch.Inventory.Select(u => JsonSerializer.Serialize(u, ContractsJsonContext.Default.InventoryUpdate)));
                    ok = await PostAsync(client, "/api/v1/events/inventory", inventory, cancellationToken);
                }

                sent += count;
                due -= count;
                if (!ok && ++failures > 0 && DateTimeOffset.UtcNow - lastWarning > TimeSpan.FromSeconds(10))
                {
                    lastWarning = DateTimeOffset.UtcNow;
                    console.MarkupLine($"[yellow]warning:[/] the collector refused {failures:N0} request(s) so far");
                }
            }
        }
    }

    private static async Task<bool> PostAsync(HttpClient client, string path, string body, CancellationToken cancellationToken)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        try
        {
            using var response = await client.PostAsync(path, content, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
