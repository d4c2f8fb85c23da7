using System.Text;
using System.Text.Unicode;
using Cartwheel.Lake;

namespace Cartwheel.Ingest;

internal sealed partial class FilePipeline
{
    private (long Received, long Accepted) Produce(CancellationToken cancellationToken)
    {
        var json = format == InputFormat.Jsonl ? new JsonRecordParser(spec) : null;
        var csv = json is null ? ReadHeader() : null;
        long received = 0, accepted = 0;
        while (splitter.TryRead(out var record, out var lineNumber, out var tooLong))
        {
            if (IsBlank(record))
            {
                continue;
            }

            if (++received % CheckEvery == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            RecordOutcome outcome;
            if (tooLong)
            {
                outcome = RecordOutcome.Reject(QuarantineReasons.LineTooLong, $"the record is longer than {RecordSplitter.MaxRecordBytes} bytes; raw holds its first {RecordSplitter.KeptPrefixBytes} bytes");
            }
            else if (!Utf8.IsValid(record))
            {
                outcome = RecordOutcome.Reject(QuarantineReasons.InvalidUtf8, $"invalid UTF-8 at byte {InvalidUtf8Offset(record)}");
            }
            else if (json is not null)
            {
                outcome = json.Parse(record, out var idRange);
                if (outcome.Accepted)
                {
                    // The payload is the line's own bytes; the key too when it needed no unescaping.
                    var id = idRange is { } range ? record[range] : Encoding.UTF8.GetBytes(outcome.RecordId ?? string.Empty);
                    writer.Append(BronzeBatchWriter.ToMicros(outcome.EventTime), lineNumber, record, id, idRange is not null || outcome.RecordId is not null);
                    accepted++;
                    continue;
                }
            }
            else
            {
                var raw = Encoding.UTF8.GetString(record);
                outcome = csv!.Parse(raw, out var payload);
                if (outcome.Accepted)
                {
                    var id = outcome.RecordId is null ? default : Encoding.UTF8.GetBytes(outcome.RecordId);
                    writer.Append(BronzeBatchWriter.ToMicros(outcome.EventTime), lineNumber, Encoding.UTF8.GetBytes(payload!), id, outcome.RecordId is not null,
                        record, hasRaw: true);
                    accepted++;
                    continue;
                }
            }

            quarantine.Write(lineNumber, outcome.Reason!, outcome.Detail!, record);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return (received, accepted);
    }

    /// <summary>Reads the CSV header (the first non-blank record) and picks the layout it names; an unknown header rejects the file.</summary>
    private CsvRecordParser ReadHeader()
    {
        var kind = spec.Kind.ToString().ToLowerInvariant();
        var expected = spec.CsvLayouts.Count == 0
            ? $"{kind} has no CSV format; use JSON lines"
            : "expected " + string.Join(" or ", spec.CsvLayouts.Select(l => $"'{l.Header}' ({l.Name})"));
        while (splitter.TryRead(out var record, out _, out var tooLong))
        {
            if (IsBlank(record))
            {
                continue;
            }

            var text = !tooLong && Utf8.IsValid(record) ? Encoding.UTF8.GetString(record) : null;
            var header = text is null ? null : CsvRecordParser.ParseHeader(text);
            var layout = header is null ? null : spec.MatchHeader(header);
            if (layout is null)
            {
                var shown = text is null ? "(unreadable)" : text.Length > 200 ? text[..200] + "…" : text;
                throw new CartwheelException(ErrorCodes.InputBadHeader, $"{path}: unknown CSV header '{shown}' for {kind}; {expected}.");
            }

            return new CsvRecordParser(spec, layout);
        }

        // Only blank lines: no header, no records.
        return new CsvRecordParser(spec, spec.CsvLayouts.Count > 0 ? spec.CsvLayouts[0] : throw new CartwheelException(ErrorCodes.InputBadHeader, $"{path}: no CSV header; {expected}."));
    }

    private static bool IsBlank(ReadOnlySpan<byte> record) => record.IndexOfAnyExcept(" \t\r"u8) < 0;

    private static int InvalidUtf8Offset(ReadOnlySpan<byte> record)
    {
        return Utf8.ToUtf16(record, new char[record.Length], out var read, out _, replaceInvalidSequences: false) == System.Buffers.OperationStatus.InvalidData ? read : record.Length;
    }
}
