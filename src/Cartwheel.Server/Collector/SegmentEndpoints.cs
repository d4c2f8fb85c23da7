using System.Text.Json;
using Cartwheel.Contracts;
using Cartwheel.Ingest.Segment;
using Cartwheel.Log;
using Cartwheel.Server.Errors;
using Cartwheel.Server.Options;
using Microsoft.Extensions.Options;

namespace Cartwheel.Server.Collector;

/// <summary>
/// The Segment HTTP Tracking API: <c>POST /v1/batch</c> and the single-message <c>/v1/track|identify|page|screen|group|alias</c>.
/// Answers <c>{"success":true}</c> only after every record of the request is durable in the log.
/// </summary>
internal static class SegmentEndpoints
{
    private static readonly string[] SingleTypes = ["track", "identify", "page", "screen", "group", "alias"];

    public static void MapSegmentCollector(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").RequireRateLimiting(CollectorRateLimits.Policy);
        group.MapPost("/batch", (HttpContext context, CancellationToken cancellationToken) => HandleAsync(context, null, cancellationToken));
        group.MapPost("/import", (HttpContext context, CancellationToken cancellationToken) => HandleAsync(context, null, cancellationToken));
        foreach (var type in SingleTypes)
        {
            group.MapPost("/" + type, (HttpContext context, CancellationToken cancellationToken) => HandleAsync(context, type, cancellationToken));
        }
    }

    private static async Task<IResult> HandleAsync(HttpContext context, string? singleType, CancellationToken cancellationToken)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<CollectorOptions>>().Value;
        var auth = services.GetRequiredService<WriteKeyAuth>();
        var receivedAt = services.GetRequiredService<TimeProvider>().GetUtcNow();
        using var body = await RequestBody.ReadAsync(context.Request, options.MaxBatchBytes, cancellationToken);
        if (WriteKeyAuth.FromHeader(context.Request) is not null)
        {
            auth.Check(context.Request, null);
        }

        var remoteIp = context.Connection.RemoteIpAddress?.ToString();
        var mapper = services.GetRequiredService<SegmentMapper>();
        // The appends may be slices of the batch reader's pooled buffer: it is returned after the log copied them.
        using var batch = singleType is null ? new SegmentBatchReader(mapper, options.MaxEventBytes, body.Memory.Length) : null;
        var appends = singleType is null
            ? ReadBatch(context, auth, mapper, batch!, body.Memory, receivedAt, remoteIp)
            : ReadSingle(context, auth, mapper, body.Memory, receivedAt, remoteIp, singleType, options.MaxEventBytes);
        await services.GetRequiredService<StreamLagGate>().WaitAsync(cancellationToken);
        await services.GetRequiredService<IEventLog>().AppendAsync(appends, cancellationToken);
        return Results.Text("""{"success":true}""", "application/json");
    }

    /// <summary>
    /// A batch, read in one pass (<see cref="SegmentBatchReader"/>): syntax errors first, then the write key, then the
    /// first message that fails, in index order, whichever path it took.
    /// </summary>
    private static LogAppend[] ReadBatch(HttpContext context, WriteKeyAuth auth, SegmentMapper mapper, SegmentBatchReader batch, ReadOnlyMemory<byte> body,
        DateTimeOffset receivedAt, string? remoteIp)
    {
        batch.Read(body, receivedAt, remoteIp);
        auth.Check(context.Request, batch.WriteKey);
        return BatchAppends(batch, mapper, body, receivedAt, remoteIp);
    }

    /// <summary>The log records of a batch <paramref name="batch"/> has read, once it is authenticated (or the error of its first failing message).</summary>
    internal static LogAppend[] BatchAppends(SegmentBatchReader batch, SegmentMapper mapper, ReadOnlyMemory<byte> body, DateTimeOffset receivedAt, string? remoteIp)
    {
        batch.FixEventTimes(receivedAt);
        var receipt = new SegmentReceipt(receivedAt, batch.SentAt, remoteIp);
        var mapped = new List<(int Index, CollectedRecord Record)>();
        foreach (var (index, start, length) in batch.Deferred)
        {
            if (index > batch.FirstErrorIndex)
            {
                break;
            }

            foreach (var record in MapOneChecked(mapper, body.Slice(start, length), index, receipt, null))
            {
                mapped.Add((index, record));
            }
        }

        if (batch.FirstError is { } error)
        {
            throw error;
        }

        var written = batch.Written.Select(w => (w.Index, w.Key, w.Start, w.Length, w.FormLength)).ToList();
        return LogAppends(batch.Output, written, mapped);
    }

    private static LogAppend[] ReadSingle(HttpContext context, WriteKeyAuth auth, SegmentMapper mapper, ReadOnlyMemory<byte> body,
        DateTimeOffset receivedAt, string? remoteIp, string singleType, int maxEventBytes)
    {
        var message = SingleMessage(body, out var writeKey);
        auth.Check(context.Request, writeKey);
        var receipt = new SegmentReceipt(receivedAt, null, remoteIp);
        CheckSize(message, 0, maxEventBytes);
        using var output = new PooledBufferWriter(Math.Max(4096, body.Length * 2));
        using var writer = new Utf8JsonWriter(output);
        bool fast;
        string? key;
        try
        {
            fast = mapper.TryWriteClickEvent(message.Span, receipt, singleType, writer, out key);
        }
        catch (InvalidOperationException ex)
        {
            throw InvalidUtf16(0, ex);
        }

        if (fast)
        {
            writer.Flush();
            return [new LogAppend(EventsKind, key, output.WrittenMemory.ToArray())];
        }

        return LogAppends(ReadOnlyMemory<byte>.Empty, [], [.. MapOneChecked(mapper, message, 0, receipt, singleType).Select(r => (0, r))]);
    }

    private static IReadOnlyList<CollectedRecord> MapOneChecked(SegmentMapper mapper, ReadOnlyMemory<byte> message, int index, SegmentReceipt receipt, string? impliedType)
    {
        try
        {
            return MapOne(mapper, message, index, receipt, impliedType);
        }
        catch (InvalidOperationException ex)
        {
            // A string of the message is an escape that is no valid UTF-16 ("\ud800" alone): well-formed JSON text that
            // cannot be read as text.
            throw InvalidUtf16(index, ex);
        }
    }

    /// <summary>The log records in message order (a message's records in mapping order), whichever path mapped them.</summary>
    private static LogAppend[] LogAppends(ReadOnlyMemory<byte> output, List<(int Index, string? Key, int Start, int Length, int FormLength)> written,
        List<(int Index, CollectedRecord Record)> mapped)
    {
        var appends = new LogAppend[written.Count + mapped.Count];
        int w = 0, m = 0;
        for (var a = 0; a < appends.Length; a++)
        {
            if (m == mapped.Count || (w < written.Count && written[w].Index < mapped[m].Index))
            {
                var (_, key, start, length, form) = written[w++];
                appends[a] = new LogAppend(EventsKind, key, output.Slice(start, length), output.Slice(start + length, form));
            }
            else
            {
                var record = mapped[m++].Record;
                appends[a] = new LogAppend(record.Kind.Name(), record.Key, record.ToJson());
            }
        }

        return appends;
    }

    private static readonly string EventsKind = EntityKind.Events.Name();

    private static void CheckSize(ReadOnlyMemory<byte> message, int index, int maxEventBytes)
    {
        if (message.Length > maxEventBytes)
        {
            throw HttpProblemException.BadEvent(index, "collector.event_too_large", $"{message.Length} bytes, over the {maxEventBytes}-byte limit of one event.");
        }
    }

    private static IReadOnlyList<CollectedRecord> MapOne(SegmentMapper mapper, ReadOnlyMemory<byte> message, int index, SegmentReceipt receipt, string? impliedType)
    {
        try
        {
            using var document = JsonDocument.Parse(message);
            return mapper.Map(document.RootElement, receipt, impliedType);
        }
        catch (JsonException ex)
        {
            throw HttpProblemException.BadEvent(index, "collector.invalid_json", "invalid JSON: " + ex.Message, ex);
        }
        catch (SegmentMessageException ex)
        {
            throw HttpProblemException.BadEvent(index, ex.Code, ex.Message, ex);
        }
    }

    /// <summary>The body of a single-message endpoint, checked to be JSON, and its writeKey.</summary>
    private static ReadOnlyMemory<byte> SingleMessage(ReadOnlyMemory<byte> body, out string? writeKey)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            writeKey = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("writeKey", out var key) && key.ValueKind == JsonValueKind.String ? key.GetString() : null;
            return body;
        }
        catch (JsonException ex)
        {
            throw HttpProblemException.BadEvent(0, "collector.invalid_json", "invalid JSON: " + ex.Message, ex);
        }
        catch (InvalidOperationException ex)
        {
            throw InvalidUtf16(0, ex);
        }
    }

    internal const string InvalidUtf16Detail = "invalid JSON text: ";

    /// <summary>The 400 of a message holding a string that cannot be read as text.</summary>
    internal static HttpProblemException InvalidUtf16(int index, InvalidOperationException ex) =>
        HttpProblemException.BadEvent(index, "collector.invalid_json", InvalidUtf16Detail + ex.Message, ex);
}
