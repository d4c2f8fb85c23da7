using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Spectre.Console;

namespace Cartwheel.Cli.Bench;

/// <summary>
/// <c>cartwheel bench stream</c>: starts <c>cartwheel serve</c> on a data directory (a fresh temp one by default) and
/// the load generator (<c>cartwheel bench stream-load</c>) as two child processes on this machine, follows the
/// generator's per-second lines and both processes' memory and CPU from /proc, waits until the server has consumed
/// its log, stops it gracefully, checks what reached bronze against what was acknowledged, and writes
/// <c>result.json</c>, <c>plot.svg</c> and the server's log to the output directory.
/// </summary>
internal sealed partial class StreamBench(StreamBenchOptions options, IAnsiConsole console)
{
    public const double TargetEventsPerSecond = 150_000;
    public const double TargetVisibleP99Ms = 1_000;
    public const double TargetMemoryMib = 1_024;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private readonly List<BenchSecond> _seconds = [];
    private ProcessSample _serverLast = ProcessSample.None;
    private ProcessSample _generatorLast = ProcessSample.None;
    private ProcessSample _serverAtStart = ProcessSample.None;
    private ProcessSample _generatorAtStart = ProcessSample.None;
    private long _serverPeak;
    private long _generatorPeak;

    /// <summary>
    /// The runtime settings <c>./cartwheel serve</c> runs with (the script sets them): tiered compilation and the
    /// framework's ReadyToRun code off, and no spinning of idle thread-pool workers unless the environment says
    /// otherwise, so the bench measures the server as users run it.
    /// </summary>
    private static Dictionary<string, string> ServeEnvironment => new(StringComparer.Ordinal)
    {
        ["DOTNET_TieredCompilation"] = Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") ?? "0",
        ["DOTNET_ReadyToRun"] = Environment.GetEnvironmentVariable("DOTNET_ReadyToRun") ?? "0",
        ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = Environment.GetEnvironmentVariable("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit") ?? "0",
    };

    public async Task<StreamBenchResult> RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        var started = DateTimeOffset.UtcNow;
        var loadStart = LoadAverage();
        var writeKey = "bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        using var server = ChildProcess.Start(["serve", "--data-dir", options.DataDirectory.Root, "--urls", "http://127.0.0.1:0", "--write-key", writeKey], ServeEnvironment);
        var serverLog = CopyOutputAsync(server, Path.Combine(options.OutputDirectory, "server.log"));
        var url = await WaitForServerAsync(server, cancellationToken);
        console.MarkupLine($"server [blue]{Markup.Escape(url.ToString())}[/] (pid {server.Id}), data directory [blue]{Markup.Escape(options.DataDirectory.Root)}[/]");
        _serverAtStart = ProcessSample.Read(server.Id) ?? ProcessSample.None;

        using var generator = ChildProcess.Start(LoadArguments(url, writeKey));
        var generatorErrors = generator.Process.StandardError.ReadToEndAsync(cancellationToken);
        _generatorAtStart = ProcessSample.Read(generator.Id) ?? ProcessSample.None;
        var totals = await FollowAsync(server, generator, cancellationToken);
        await generator.Process.WaitForExitAsync(cancellationToken);
        if (totals is null || generator.Process.ExitCode != 0)
        {
            throw new CartwheelException(ErrorCodes.Internal, $"The load generator failed (exit {generator.Process.ExitCode}): {await generatorErrors}");
        }

        using var http = new HttpClient { BaseAddress = url };
        await WaitForDrainAsync(http, cancellationToken);
        var serverLatency = await ServerLatencyAsync(http, cancellationToken);
        Sample(server, generator);
        await server.StopAsync(TimeSpan.FromSeconds(60));
        await serverLog;
        if (server.Process.ExitCode != 0)
        {
            throw new CartwheelException(ErrorCodes.Internal, $"The server exited with {server.Process.ExitCode}; see {Path.Combine(options.OutputDirectory, "server.log")}.");
        }

        var consistency = await CheckConsistencyAsync(totals, cancellationToken);
        var result = Result(started, loadStart, totals, serverLatency, consistency);
        await File.WriteAllTextAsync(Path.Combine(options.OutputDirectory, "result.json"), JsonSerializer.Serialize(result, BenchJsonContext.Default.StreamBenchResult), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(options.OutputDirectory, "plot.svg"), Plot(result), cancellationToken);
        return result;
    }

    /// <summary>The SVG of a run (<see cref="StreamBenchPlot"/>).</summary>
    public static string Plot(StreamBenchResult result) => StreamBenchPlot.Render(PlotTitle(result), result.Seconds, TargetEventsPerSecond, TargetVisibleP99Ms);

    private IEnumerable<string> LoadArguments(Uri url, string writeKey) =>
    [
        "bench", "stream-load", "--url", url.ToString(), "--write-key", writeKey,
        "--duration", options.Duration.TotalSeconds.ToString(CultureInfo.InvariantCulture) + "s",
        "--rate", options.Rate.ToString(CultureInfo.InvariantCulture),
        "--connections", options.Connections.ToString(CultureInfo.InvariantCulture),
        "--batch-size", options.BatchSize.ToString(CultureInfo.InvariantCulture),
        "--event-bytes", options.EventBytes.ToString(CultureInfo.InvariantCulture),
        "--seed", options.Seed.ToString(CultureInfo.InvariantCulture),
        "--fresh-sessions", options.FreshSessions ? "true" : "false",
    ];

    /// <summary>Reads the generator's JSON lines until its totals; samples both processes once per line (once a second).</summary>
    private async Task<LoadTotals?> FollowAsync(ChildProcess server, ChildProcess generator, CancellationToken cancellationToken)
    {
        var live = new LiveView(console, options);
        LoadTotals? totals = null;
        await live.RunAsync(async update =>
        {
            while (await generator.Process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith("{\"second\"", StringComparison.Ordinal))
                {
                    var second = JsonSerializer.Deserialize(line, BenchJsonContext.Default.LoadSecond)!;
                    var (serverCpu, generatorCpu) = Sample(server, generator);
                    var sample = new BenchSecond(second.Second, second.Phase, second.AckedMessages, second.RejectedRequests, second.AckP50Ms, second.AckP99Ms,
                        second.VisibleP50Ms, second.VisibleP99Ms, second.DashboardP99Ms, second.LogLag,
                        Mib(_serverLast.RssBytes), serverCpu, Mib(_generatorLast.RssBytes), generatorCpu);
                    _seconds.Add(sample);
                    update(sample);
                }
                else if (line.StartsWith('{'))
                {
                    totals = JsonSerializer.Deserialize(line, BenchJsonContext.Default.LoadTotals);
                }
            }
        });
        return totals;
    }

    /// <summary>Reads both processes' /proc; returns their CPU use (% of one core) since the previous sample.</summary>
    private (double Server, double Generator) Sample(ChildProcess server, ChildProcess generator)
    {
        var s = ProcessSample.Read(server.Id) ?? _serverLast;
        var g = ProcessSample.Read(generator.Id) ?? _generatorLast;
        var serverCpu = _seconds.Count == 0 ? 0 : (s.CpuSeconds - _serverLast.CpuSeconds) * 100;
        var generatorCpu = _seconds.Count == 0 ? 0 : (g.CpuSeconds - _generatorLast.CpuSeconds) * 100;
        (_serverLast, _generatorLast) = (s, g);
        _serverPeak = Math.Max(_serverPeak, s.PeakRssBytes);
        _generatorPeak = Math.Max(_generatorPeak, g.PeakRssBytes);
        return (Math.Round(serverCpu, 1), Math.Round(generatorCpu, 1));
    }

    private async Task<Uri> WaitForServerAsync(ChildProcess server, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (DateTime.UtcNow < deadline)
        {
            if (server.Process.HasExited)
            {
                throw new CartwheelException(ErrorCodes.Internal, $"The server exited with {server.Process.ExitCode} before listening; see {Path.Combine(options.OutputDirectory, "server.log")}.");
            }

            if (ServerAdvertisement.TryRead(options.DataDirectory) is { } advertised && advertised.ProcessId == server.Id)
            {
                try
                {
                    var url = new Uri(advertised.Url);
                    using var ready = await http.GetAsync(new Uri(url, "/health/ready"), cancellationToken);
                    if (ready.IsSuccessStatusCode)
                    {
                        return url;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The readiness probe's 5 s timeout: a starting server on a busy machine; ask again until the deadline.
                }
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new CartwheelException(ErrorCodes.Internal, $"The server did not get ready within {StartTimeout.TotalSeconds:F0} s.");
    }

    /// <summary>Waits until the stream processor has consumed every record in the log (log lag 0), at most a minute.</summary>
    private static async Task WaitForDrainAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            using var summary = JsonDocument.Parse(await http.GetStringAsync("/api/v1/realtime/summary", cancellationToken));
            if (summary.RootElement.GetProperty("log_lag").GetInt64() == 0)
            {
                return;
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static async Task CopyOutputAsync(ChildProcess child, string path)
    {
        await using var file = new StreamWriter(path);
        var stdout = child.Process.StandardOutput.ReadToEndAsync();
        var stderr = child.Process.StandardError.ReadToEndAsync();
        await file.WriteAsync(await stdout);
        await file.WriteAsync(await stderr);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "n/a";

    private static double Mib(long bytes) => Math.Round(bytes / (1024.0 * 1024.0), 1);
}
