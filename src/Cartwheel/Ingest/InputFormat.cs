namespace Cartwheel.Ingest;

/// <summary>The text format of an input file (after gzip is removed).</summary>
internal enum InputFormat
{
    Jsonl,
    Csv,
}
