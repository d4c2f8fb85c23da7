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

        var batch = singleType is null ? ReadBatch(body.Memory) : ReadSingle(body.Memory);
        auth.Check(context.Request, batch.WriteKey);
        var receipt = new SegmentReceipt(receivedAt, batch.SentAt, context.Connection.RemoteIpAddress?.ToString());
        var mapper = services.GetRequiredService<SegmentMapper>();
        // Simple messages are written as contract JSON straight into one pooled buffer (SegmentMapper.TryWriteClickEvent);
        // the others are mapped to contract objects and serialised as before. Slices are taken once the buffer stops moving.
        using var output = new PooledBufferWriter(Math.Max(4096, body.Memory.Length * 2));
        using var writer = new Utf8JsonWriter(output);
        var written = new List<(int Index, string? Key, int Start, int Length)>(batch.Messages.Count);
        var mapped = new List<(int Index, CollectedRecord Record)>();
        for (var i = 0; i < batch.Messages.Count; i++)
        {
            var message = batch.Messages[i];
            CheckSize(message, i, options.MaxEventBytes);
            var start = output.WrittenCount;
            try
            {
                if (mapper.TryWriteClickEvent(message.Span, receipt, singleType, writer, out var key))
                {
                    writer.Flush();
                    writer.Reset();
                    written.Add((i, key, start, output.WrittenCount - start));
                    continue;
                }

                foreach (var record in MapOne(mapper, message, i, receipt, singleType))
                {
                    mapped.Add((i, record));
                }
            }
            catch (InvalidOperationException ex)
            {
                // A string of the message is an escape that is no valid UTF-16 ("\ud800" alone): well-formed JSON text that
                // cannot be read as text. The request fails whole, so what the fast path wrote of it is never used.
                throw InvalidUtf16(i, ex);
            }
        }

        await services.GetRequiredService<StreamLagGate>().WaitAsync(cancellationToken);
        await services.GetRequiredService<IEventLog>().AppendAsync(LogAppends(output.WrittenMemory, written, mapped), cancellationToken);
        return Results.Text("""{"success":true}""", "application/json");
    }

    /// <summary>The log records in message order (a message's records in mapping order), whichever path mapped them.</summary>
    private static LogAppend[] LogAppends(ReadOnlyMemory<byte> output, List<(int Index, string? Key, int Start, int Length)> written, List<(int Index, CollectedRecord Record)> mapped)
    {
        var appends = new LogAppend[written.Count + mapped.Count];
        int w = 0, m = 0;
        for (var a = 0; a < appends.Length; a++)
        {
            if (m == mapped.Count || (w < written.Count && written[w].Index < mapped[m].Index))
            {
                var (_, key, start, length) = written[w++];
                appends[a] = new LogAppend(EventsKind, key, output.Slice(start, length));
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

    private static SegmentBatch ReadBatch(ReadOnlyMemory<byte> body)
    {
        var reader = new Utf8JsonReader(body.Span, isFinalBlock: true, state: default);
        var batch = new SegmentBatch();
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("the body must be a JSON object {\"batch\": [...]}");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "batch" when reader.TokenType == JsonTokenType.StartArray:
                        batch.Messages = JsonSlices.ArrayElements(body, ref reader);
                        break;
                    case "writeKey" when reader.TokenType == JsonTokenType.String:
                        batch.WriteKey = reader.GetString();
                        break;
                    case "sentAt" when reader.TokenType == JsonTokenType.String:
                        batch.SentAt = reader.TryGetDateTimeOffset(out var sentAt) ? sentAt : null;
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            throw new HttpProblemException(StatusCodes.Status400BadRequest, "collector.invalid_json", "invalid JSON: " + ex.Message, null, ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new HttpProblemException(StatusCodes.Status400BadRequest, "collector.invalid_json", InvalidUtf16Detail + ex.Message, null, ex);
        }

        return batch;
    }

    private static SegmentBatch ReadSingle(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return new SegmentBatch
            {
                Messages = [body],
                WriteKey = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("writeKey", out var key) && key.ValueKind == JsonValueKind.String ? key.GetString() : null,
            };
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

    private const string InvalidUtf16Detail = "invalid JSON text: ";

    /// <summary>The 400 of a message holding a string that cannot be read as text.</summary>
    internal static HttpProblemException InvalidUtf16(int index, InvalidOperationException ex) =>
        HttpProblemException.BadEvent(index, "collector.invalid_json", InvalidUtf16Detail + ex.Message, ex);

    private sealed class SegmentBatch
    {
        public List<ReadOnlyMemory<byte>> Messages { get; set; } = [];

        public string? WriteKey { get; set; }

        public DateTimeOffset? SentAt { get; set; }
    }
}
