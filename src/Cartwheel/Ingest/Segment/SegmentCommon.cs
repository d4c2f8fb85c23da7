using System.Text.Json;
using Cartwheel.Contracts;

namespace Cartwheel.Ingest.Segment;

/// <summary>The fields every Segment message shares, read once: ids, corrected event time, device and campaign.</summary>
internal sealed record SegmentCommon(
    string MessageId,
    string? UserId,
    string AnonymousId,
    string SessionId,
    DateTimeOffset EventTime,
    DateTimeOffset ReceivedAt,
    DeviceType Device,
    string? Os,
    string? Country,
    string? State,
    string? Ip,
    string? ClientMessageId)
{
    public string Key => UserId ?? AnonymousId;

    public static SegmentCommon Read(JsonElement message, SegmentReceipt receipt)
    {
        var userId = SegmentJson.String(message, "userId");
        var anonymousId = SegmentJson.String(message, "anonymousId");
        if (userId is null && anonymousId is null)
        {
            throw new SegmentMessageException("The message has neither userId nor anonymousId.");
        }

        var received = SegmentJson.Milliseconds(receipt.ReceivedAt);
        var messageId = SegmentJson.String(message, "messageId");
        return new SegmentCommon(
            messageId ?? Guid.CreateVersion7().ToString(),
            userId,
            anonymousId ?? userId!,
            SegmentJson.String(message, "context", "sessionId") ?? SegmentJson.String(message, "context", "session_id")
                ?? SegmentJson.String(message, "properties", "session_id") ?? anonymousId ?? userId!,
            CorrectedTime(message, receipt, received),
            received,
            DeviceOf(message),
            SegmentJson.String(message, "context", "os", "name"),
            SegmentJson.String(message, "context", "location", "country"),
            SegmentJson.String(message, "context", "location", "region"),
            SegmentJson.String(message, "context", "ip") ?? receipt.RemoteIp,
            messageId);
    }

    /// <summary>
    /// Segment's clock-skew correction: the client's clock is trusted for intervals, not for the instant, so
    /// event time = receivedAt − (sentAt − timestamp). Without sentAt the timestamp; without both the receive time.
    /// </summary>
    private static DateTimeOffset CorrectedTime(JsonElement message, SegmentReceipt receipt, DateTimeOffset received)
    {
        var timestamp = SegmentJson.Time(message, "timestamp") ?? SegmentJson.Time(message, "originalTimestamp");
        return Corrected(timestamp, SegmentJson.Time(message, "sentAt") ?? receipt.BatchSentAt, received);
    }

    /// <summary>
    /// The corrected time from the message's (millisecond) timestamp and sentAt and the receive time. A skew that puts
    /// the corrected time outside what a <see cref="DateTimeOffset"/> can hold (e.g. timestamp 9999-12-31 with sentAt
    /// 0001-01-01) says the client's clock cannot be trusted even for the interval: the receive time is used, as when
    /// neither is sent, instead of failing the request.
    /// </summary>
    internal static DateTimeOffset Corrected(DateTimeOffset? timestamp, DateTimeOffset? sentAt, DateTimeOffset received)
    {
        switch (timestamp, sentAt)
        {
            case ({ } t, { } s):
                var skew = SegmentJson.Milliseconds(s) - t;
                var min = DateTimeOffset.MinValue.UtcDateTime - received.UtcDateTime;
                var max = DateTimeOffset.MaxValue.UtcDateTime - received.UtcDateTime;
                return -skew < min || -skew > max ? received : SegmentJson.Milliseconds(received - skew);
            case ({ } t, null):
                return t;
            default:
                return received;
        }
    }

    private static DeviceType DeviceOf(JsonElement message) =>
        DeviceOf(SegmentJson.String(message, "context", "device", "type"), SegmentJson.String(message, "context", "userAgent"));

    /// <summary>The device from <c>context.device.type</c>, else guessed from <c>context.userAgent</c>.</summary>
    internal static DeviceType DeviceOf(string? deviceType, string? userAgent)
    {
        var type = deviceType?.ToLowerInvariant();
        var agent = userAgent ?? "";
        return type switch
        {
            "tablet" or "ipad" => DeviceType.Tablet,
            "mobile" or "phone" or "ios" or "android" => DeviceType.Mobile,
            _ when agent.Contains("iPad", StringComparison.Ordinal) || agent.Contains("Tablet", StringComparison.Ordinal) => DeviceType.Tablet,
            _ when agent.Contains("Mobi", StringComparison.Ordinal) || agent.Contains("iPhone", StringComparison.Ordinal) => DeviceType.Mobile,
            _ => DeviceType.Desktop,
        };
    }
}
