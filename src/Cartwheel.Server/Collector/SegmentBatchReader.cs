using System.Text.Json;
using Cartwheel.Ingest.Segment;
using Cartwheel.Server.Errors;
using Cartwheel.Streaming;

namespace Cartwheel.Server.Collector;

/// <summary>
/// Reads a <c>/v1/batch</c> body in one forward pass of one <see cref="Utf8JsonReader"/>: each simple message of the
/// batch is written as its click event's contract JSON (with the form the stream need not check again,
/// <see cref="CollectedCheck"/>) into one pooled buffer as the reader goes; other messages are kept as slices of the
/// body for the contract mapping. The outcome equals splitting the batch first and mapping each message after:
/// invalid JSON anywhere is a 400 before anything else (at the message's index); the first message that is too large
/// or holds a string no text can hold is remembered (<see cref="FirstError"/>) and only checked for syntax after it;
/// and since a Segment body sends its sentAt after the batch, the event times that depend on it are rewritten in
/// place once the body is read (<see cref="FixEventTimes"/>).
/// </summary>
internal sealed class SegmentBatchReader(SegmentMapper mapper, int maxEventBytes, int bodyBytes) : IDisposable
{
    private readonly PooledBufferWriter _output = new(Math.Max(4096, bodyBytes * 2));
    private Utf8JsonWriter? _writer;
    private DateTimeOffset? _sentAtWhenWritten;

    /// <summary>The contract JSON and checked forms of <see cref="Written"/>.</summary>
    public ReadOnlyMemory<byte> Output => _output.WrittenMemory;

    /// <summary>The messages written as click events, in index order: the JSON at Start, Length bytes, then its checked form.</summary>
    // Sized for the batch (messages are ~600 bytes) instead of grown by doubling per request.
    public List<WrittenEvent> Written { get; } = new(Math.Clamp(bodyBytes / 512, 4, 4096));

    /// <summary>The other messages (index, start, length in the body), in index order, for the contract mapping.</summary>
    public List<(int Index, int Start, int Length)> Deferred { get; } = [];

    public string? WriteKey { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>The error of the first message that fails by itself (too large, a string no text holds); no message after it was mapped.</summary>
    public HttpProblemException? FirstError { get; private set; }

    public int FirstErrorIndex { get; private set; } = int.MaxValue;

    public void Read(ReadOnlyMemory<byte> body, DateTimeOffset receivedAt, string? remoteIp)
    {
        var span = body.Span;
        var reader = new Utf8JsonReader(span, isFinalBlock: true, state: default);
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
                        ReadMessages(ref reader, span, new SegmentReceipt(receivedAt, SentAt, remoteIp));
                        break;
                    case "writeKey" when reader.TokenType == JsonTokenType.String:
                        WriteKey = reader.GetString();
                        break;
                    case "sentAt" when reader.TokenType == JsonTokenType.String:
                        SentAt = reader.TryGetDateTimeOffset(out var sentAt) ? sentAt : null;
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
            throw new HttpProblemException(StatusCodes.Status400BadRequest, "collector.invalid_json", SegmentEndpoints.InvalidUtf16Detail + ex.Message, null, ex);
        }
    }

    /// <summary>Rewrites the event times written before the batch's sentAt was known, when it is another than the one used.</summary>
    public void FixEventTimes(DateTimeOffset receivedAt)
    {
        if (SentAt == _sentAtWhenWritten)
        {
            return;
        }

        var output = _output.WrittenSpan;
        foreach (var written in Written)
        {
            if (written.TimestampBeforeSentAt is { } timestamp)
            {
                SegmentMapper.RewriteEventTime(output.Slice(written.Start + written.TimeAt, SegmentMapper.QuotedTimeLength), timestamp, SentAt, receivedAt);
            }
        }
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _output.Dispose();
    }

    private void ReadMessages(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, SegmentReceipt receipt)
    {
        // A second "batch" replaces the first, as the last of duplicate names wins everywhere else.
        Written.Clear();
        Deferred.Clear();
        _output.Clear();
        _writer?.Reset();
        FirstError = null;
        FirstErrorIndex = int.MaxValue;
        _sentAtWhenWritten = receipt.BatchSentAt;
        for (var index = 0; ; index++)
        {
            try
            {
                if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
                {
                    return;
                }

                var start = (int)reader.TokenStartIndex;
                if (FirstError is null && reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadMessage(ref reader, body, index, start, receipt);
                    continue;
                }

                reader.Skip();
                if (FirstError is null && !TooLarge(index, (int)reader.BytesConsumed - start))
                {
                    Deferred.Add((index, start, (int)reader.BytesConsumed - start));
                }
            }
            catch (JsonException ex)
            {
                throw HttpProblemException.BadEvent(index, "collector.invalid_json", "invalid JSON: " + ex.Message, ex);
            }
        }
    }

    private void ReadMessage(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, int index, int start, SegmentReceipt receipt)
    {
        var depth = reader.CurrentDepth;
        var writer = _writer ??= new Utf8JsonWriter(_output);
        var outputStart = _output.WrittenCount;
        bool wrote;
        ClickEventWritten written;
        try
        {
            wrote = mapper.TryWriteClickEvent(ref reader, body, receipt, writer, out written);
        }
        catch (InvalidOperationException ex)
        {
            // A string of the message is an escape that is no valid UTF-16 ("\ud800" alone): well-formed JSON text that
            // cannot be read as text. The request fails whole (after the syntax of the rest is checked).
            while (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != depth)
            {
                reader.Read();
            }

            if (!TooLarge(index, (int)reader.BytesConsumed - start))
            {
                Fail(index, SegmentEndpoints.InvalidUtf16(index, ex));
            }

            return;
        }

        var length = (int)reader.BytesConsumed - start;
        if (TooLarge(index, length))
        {
            return;
        }

        if (!wrote)
        {
            Deferred.Add((index, start, length));
            return;
        }

        writer.Flush();
        writer.Reset();
        var json = _output.WrittenCount - outputStart;
        // The space for the form first: GetSpan may move the written bytes to a larger array and return the old one to
        // the shared pool, so the event's JSON is sliced only after it.
        var destination = _output.GetSpan(CollectedCheck.Size);
        var form = CollectedCheck.TryWrite(_output.WrittenMemory.Span.Slice(outputStart, json), written.Layout, destination);
        _output.Advance(form);
        Written.Add(new WrittenEvent(index, written.Key, outputStart, json, form, written.Layout[Ingest.Segment.ClickEventLayout.EventTime].Start.Value,
            written.TimestampBeforeSentAt));
    }

    private bool TooLarge(int index, int length)
    {
        if (length <= maxEventBytes)
        {
            return false;
        }

        Fail(index, HttpProblemException.BadEvent(index, "collector.event_too_large", $"{length} bytes, over the {maxEventBytes}-byte limit of one event."));
        return true;
    }

    private void Fail(int index, HttpProblemException error)
    {
        FirstError = error;
        FirstErrorIndex = index;
    }

    /// <summary>A message written as a click event: its index, key, JSON (Start, Length) and checked form (the FormLength bytes after it), where its event time's quoted value starts in the JSON, and the timestamp it depends on with the batch's sentAt.</summary>
    internal readonly record struct WrittenEvent(int Index, string? Key, int Start, int Length, int FormLength, int TimeAt, DateTimeOffset? TimestampBeforeSentAt);
}
