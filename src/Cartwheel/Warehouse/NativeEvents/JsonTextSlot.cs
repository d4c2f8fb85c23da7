namespace Cartwheel.Warehouse.NativeEvents;

/// <summary>
/// Where one text value of a parsed record lies: a slice of the payload (a JSON string without escapes) or of the
/// parser's scratch buffer (unescaped or re-minified text); <see cref="Length"/> −1 is SQL NULL.
/// </summary>
internal readonly record struct JsonTextSlot(int Offset, int Length, bool Scratch)
{
    public static readonly JsonTextSlot Null = new(0, -1, false);

    public bool IsNull => Length < 0;
}
