using System.Text.Json;
using Cartwheel.Contracts;
using Cartwheel.Ingest.Segment;
using Cartwheel.Log;
using Cartwheel.Server.Errors;
using Cartwheel.Server.Options;
using Microsoft.Extensions.Options;

namespace Cartwheel.Server.Collector;

/// <summary>
/// <c>POST /api/v1/events/{kind}</c>: contract records of one kind as a JSON array or NDJSON (gzip allowed),
/// authenticated with a write key; acknowledged after they are durable in the log.
/// </summary>
internal static class NativeEndpoints
{
    public static void MapNativeCollector(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/events/{kind}", HandleAsync).RequireRateLimiting(CollectorRateLimits.Policy);

    private static async Task<IResult> HandleAsync(string kind, HttpContext context, CancellationToken cancellationToken)
    {
        var services = context.RequestServices;
        services.GetRequiredService<WriteKeyAuth>().Check(context.Request, null);
        if (!EntityKinds.TryParse(kind, out var entityKind) || entityKind == EntityKind.Transactions)
        {
            throw new HttpProblemException(StatusCodes.Status404NotFound, ErrorCodes.UnknownKind, $"'{kind}' is not a kind the collector takes (events, orders, users, products, inventory).");
        }

        var options = services.GetRequiredService<IOptions<CollectorOptions>>().Value;
        var receivedAt = services.GetRequiredService<TimeProvider>().GetUtcNow();
        using var body = await RequestBody.ReadAsync(context.Request, options.MaxBatchBytes, cancellationToken);
        var slices = JsonSlices.Records(body.Memory);
        var records = new List<CollectedRecord>(slices.Count);
        for (var i = 0; i < slices.Count; i++)
        {
            if (slices[i].Length > options.MaxEventBytes)
            {
                throw HttpProblemException.BadEvent(i, "collector.event_too_large", $"{slices[i].Length} bytes, over the {options.MaxEventBytes}-byte limit of one record.");
            }

            try
            {
                records.Add(NativeRecords.Parse(entityKind, slices[i], receivedAt));
            }
            catch (JsonException ex)
            {
                throw HttpProblemException.BadEvent(i, "collector.invalid_json", "invalid JSON or field type: " + ex.Message, ex);
            }
            catch (InvalidOperationException ex)
            {
                throw SegmentEndpoints.InvalidUtf16(i, ex);
            }
            catch (SegmentMessageException ex)
            {
                throw HttpProblemException.BadEvent(i, ex.Code, ex.Message, ex);
            }
        }

        await services.GetRequiredService<StreamLagGate>().WaitAsync(cancellationToken);
        await services.GetRequiredService<IEventLog>().AppendCollectedAsync(records, cancellationToken);
        return Results.Text($$"""{"success":true,"accepted":{{records.Count}}}""", "application/json");
    }
}
