namespace Cartwheel.Ingest;

/// <summary>The stable reason codes of records quarantined at ingest (docs/data-model.md).</summary>
public static class QuarantineReasons
{
    public const string InvalidUtf8 = "invalid_utf8";
    public const string InvalidJson = "invalid_json";
    public const string NotAnObject = "not_an_object";
    public const string InvalidCsv = "invalid_csv";
    public const string LineTooLong = "line_too_long";
    public const string MissingEventTime = "missing_event_time";
    public const string InvalidEventTime = "invalid_event_time";
}
