using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Cartwheel.Cli.Bench;

/// <summary>
/// The load side of <c>bench stream</c>, run in its own process (<c>bench stream-load</c>): <see cref="LoadSettings.Connections"/>
/// HTTP connections each POST Segment batches to <c>/v1/batch</c> one after the other (paced to their share of the rate, or
/// back to back), retrying a 429 after its Retry-After like an SDK; a probe watches the events become visible. Writes
/// one <see cref="LoadSecond"/> JSON line a second and a <see cref="LoadTotals"/> line at the end to <c>output</c>.
/// </summary>
internal sealed class LoadGenerator(LoadSettings settings, TextWriter output)
{
    private const int TemplateCount = 20_000;
    private static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time = TimeProvider.System;
    private readonly LoadStats _stats = new(TimeProvider.System);

    public async Task<LoadTotals> RunAsync(CancellationToken cancellationToken)
    {
        var templates = MessageTemplates.Create(TemplateCount, settings.EventBytes, settings.Seed);
        var runTag = (uint)Random.Shared.Next();
        using var pollClient = Client(settings.Url, settings.WriteKey);
        using var streamClient = Client(settings.Url, settings.WriteKey);
        streamClient.Timeout = Timeout.InfiniteTimeSpan;
        var probe = new VisibilityProbe(pollClient, streamClient, _stats, _time);
        await probe.StartAsync(cancellationToken);
        using var stopProbes = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var polling = probe.PollAsync(stopProbes.Token);
        var dashboard = probe.WatchDashboardAsync(stopProbes.Token);

        var started = _time.GetTimestamp();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stopLoad.CancelAfter(settings.Duration);
        var senders = Enumerable.Range(0, settings.Connections)
            .Select(c => Task.Run(() => SendAsync(new BatchBuilder(templates, runTag, c, settings.FreshSessions), stopLoad.Token), CancellationToken.None)).ToArray();
        var second = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _time);
        var sending = Task.WhenAll(senders);
        var tick = timer.WaitForNextTickAsync(cancellationToken).AsTask();
        while (!sending.IsCompleted)
        {
            if (await Task.WhenAny(sending, tick) == tick)
            {
                await tick;
                Write(_stats.EndSecond(++second, "load", probe.LogLag));
                tick = timer.WaitForNextTickAsync(cancellationToken).AsTask();
            }
        }

        await sending;
        await tick;
        var loadSeconds = _time.GetElapsedTime(started).TotalSeconds;
        var drainUntil = _time.GetTimestamp() + (long)(settings.DrainTimeout.TotalSeconds * _time.TimestampFrequency);
        while (!(_stats.Ledger.Caught(LoadStats.SummaryReader) && _stats.Ledger.Caught(LoadStats.DashboardReader)) && _time.GetTimestamp() < drainUntil
               && !polling.IsCompleted && !dashboard.IsCompleted)
        {
            await timer.WaitForNextTickAsync(cancellationToken);
            Write(_stats.EndSecond(++second, "drain", probe.LogLag));
        }

        await stopProbes.CancelAsync();
        await Ended(polling);
        await Ended(dashboard);
        var totals = _stats.Totals(loadSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds,
            templates.Templates.Average(t => t.Bytes.Length));
        output.WriteLine(JsonSerializer.Serialize(totals, BenchJsonContext.Default.LoadTotals));
        output.Flush();
        return totals;
    }

    private async Task SendAsync(BatchBuilder builder, CancellationToken cancellationToken)
    {
        using var client = Client(settings.Url, settings.WriteKey);
        var interval = settings.Rate > 0 ? TimeSpan.FromSeconds((double)settings.BatchSize * settings.Connections / settings.Rate) : TimeSpan.Zero;
        var next = _time.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            if (interval > TimeSpan.Zero)
            {
                var wait = _time.GetElapsedTime(_time.GetTimestamp(), next);
                if (wait > TimeSpan.Zero && !await Delay(wait, cancellationToken))
                {
                    return;
                }

                next += (long)(interval.TotalSeconds * _time.TimestampFrequency);
            }

            var sentAt = _time.GetTimestamp();
            builder.Build(settings.BatchSize, DateTime.UtcNow);
            while (true)
            {
                try
                {
                    using var content = new ReadOnlyMemoryContent(builder.Body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    // Not cancelled with the load: a request in flight finishes, so its events are acknowledged or not, never unknown.
                    using var response = await client.PostAsync("/v1/batch", content, CancellationToken.None);
                    if (response.StatusCode == HttpStatusCode.TooManyRequests)
                    {
                        _stats.Rejected();
                        var retry = response.Headers.RetryAfter?.Delta ?? MaxRetryWait;
                        if (!await Delay(retry < MaxRetryWait ? retry : MaxRetryWait, cancellationToken))
                        {
                            return;
                        }

                        continue;
                    }

                    if (response.IsSuccessStatusCode)
                    {
                        _stats.Acked(sentAt, _time.GetTimestamp(), settings.BatchSize, builder.ClickEvents);
                    }
                    else
                    {
                        _stats.Failed();
                    }
                }
                catch (HttpRequestException)
                {
                    _stats.Failed();
                }

                break;
            }
        }
    }

    private static async Task<bool> Delay(TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(wait, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task Ended(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or IOException)
        {
            // The probes stop by cancellation; a connection cut at shutdown ends them too.
        }
    }

    private void Write(LoadSecond second)
    {
        output.WriteLine(JsonSerializer.Serialize(second, BenchJsonContext.Default.LoadSecond));
        output.Flush();
    }

    private static HttpClient Client(Uri url, string writeKey)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = url,
            Timeout = TimeSpan.FromMinutes(2),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(writeKey + ":")));
        return client;
    }
}
