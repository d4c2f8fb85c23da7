using System.Text.Json;
using Cartwheel.Ingest;

namespace Cartwheel.Streaming;

internal sealed partial class RealtimeAggregator
{
    /// <summary>
    /// The top-level string fields of a click event the windows use, read like <c>JsonElement.TryGetProperty</c>
    /// (the last of duplicate names wins; a value that is not a string is null), while the record is validated
    /// (<see cref="JsonRecordParser"/>, one pass over the bytes).
    /// </summary>
    internal record struct EventFields(string? EventType, string? ProductId, string? SessionId, string? Device, string? Country) : ITopLevelFields
    {
        public bool TryRead(ref Utf8JsonReader reader)
        {
            var field = reader.ValueTextEquals("event_type"u8) ? 0
                : reader.ValueTextEquals("product_id"u8) ? 1
                : reader.ValueTextEquals("session_id"u8) ? 2
                : reader.ValueTextEquals("device"u8) ? 3
                : reader.ValueTextEquals("country"u8) ? 4
                : -1;
            if (field < 0)
            {
                return false;
            }

            reader.Read();
            var value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            switch (field)
            {
                case 0: EventType = value; break;
                case 1: ProductId = value; break;
                case 2: SessionId = value; break;
                case 3: Device = value; break;
                default: Country = value; break;
            }

            return true;
        }
    }
}
