using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Cartwheel.Ingest;

/// <summary>
/// Parses CSV data rows of one accepted layout: checks the field count and quoting, builds the payload
/// (a JSON object header → string value) and extracts the business key and placing time.
/// </summary>
internal sealed class CsvRecordParser
{
    private readonly CsvLayout _layout;
    private readonly int _idIndex;
    private readonly int _timeIndex;
    private readonly JsonEncodedText[] _names;
    private readonly List<string> _fields = [];
    private readonly StringBuilder _scratch = new();
    private readonly ArrayBufferWriter<byte> _payload = new(1024);
    private readonly Utf8JsonWriter _json;

    public CsvRecordParser(KindSpec spec, CsvLayout layout)
    {
        _layout = layout;
        _idIndex = IndexOf(layout, spec.IdField);
        _timeIndex = IndexOf(layout, layout.TimeColumn);
        _names = layout.Columns.Select(c => JsonEncodedText.Encode(c)).ToArray();
        // Payload text keeps non-ASCII characters as they are (the default encoder would escape them).
        _json = new Utf8JsonWriter(_payload, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>Parses a header record into its trimmed column names, or null when its quoting is broken.</summary>
    public static IReadOnlyList<string>? ParseHeader(string record)
    {
        var fields = new List<string>();
        return CsvFields.TrySplit(record, fields, new StringBuilder(), out _) ? fields.Select(f => f.Trim()).ToList() : null;
    }

    public RecordOutcome Parse(string record, out string? payload)
    {
        payload = null;
        if (!CsvFields.TrySplit(record, _fields, _scratch, out var error))
        {
            return RecordOutcome.Reject(QuarantineReasons.InvalidCsv, error!);
        }

        if (_fields.Count != _layout.Columns.Count)
        {
            return RecordOutcome.Reject(QuarantineReasons.InvalidCsv, $"expected {_layout.Columns.Count} fields ({_layout.Header}), got {_fields.Count}");
        }

        var timeText = _fields[_timeIndex];
        if (timeText.Length == 0)
        {
            return RecordOutcome.Reject(QuarantineReasons.MissingEventTime, $"{_layout.TimeColumn} is empty");
        }

        if (!EventTime.TryParse(timeText.AsSpan().Trim(), out var time))
        {
            var shown = timeText.Length > 64 ? timeText[..64] + "…" : timeText;
            return RecordOutcome.Reject(QuarantineReasons.InvalidEventTime, $"{_layout.TimeColumn} '{shown}' is not an ISO 8601 timestamp or YYYY-MM-DD date");
        }

        _payload.ResetWrittenCount();
        _json.Reset(_payload);
        _json.WriteStartObject();
        for (var i = 0; i < _names.Length; i++)
        {
            _json.WriteString(_names[i], _fields[i]);
        }

        _json.WriteEndObject();
        _json.Flush();

        payload = Encoding.UTF8.GetString(_payload.WrittenSpan);
        var id = _idIndex < 0 || _fields[_idIndex].Length == 0 ? null : _fields[_idIndex];
        return RecordOutcome.Accept(id, time);
    }

    private static int IndexOf(CsvLayout layout, string column)
    {
        for (var i = 0; i < layout.Columns.Count; i++)
        {
            if (layout.Columns[i] == column)
            {
                return i;
            }
        }

        return -1;
    }
}
