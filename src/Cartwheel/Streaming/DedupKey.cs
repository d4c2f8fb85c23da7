using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cartwheel.Contracts;
using Cartwheel.Ingest;

namespace Cartwheel.Streaming;

/// <summary>
/// The identity of a record for duplicate detection, as a 128-bit hash (XXH128 with a seed drawn per instance:
/// collisions are negligible, docs/decisions.md 49, and 16 bytes a key keep the index small). Keys are never stored:
/// the index is rebuilt from bronze by the same instance after a restart. Events, inventory updates and transactions are
/// identified by their id alone; orders, users and products have versions, so a version is its id plus its
/// <c>updated_at</c> (or, without one, the payload bytes): a retried version is a duplicate, a new status is not.
/// Records without an id cannot be recognised and are never duplicates (silver quarantines them).
/// </summary>
internal sealed class DedupKey
{
    /// <summary>
    /// The seed of this instance's hash, random so that nobody can prepare ids whose keys collide with another
    /// record's (XXH128 is fast, not cryptographic); thread-safe, the hash keeps no state.
    /// </summary>
    public long Seed { get; } = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));

    // Built up front so that keys can be computed on several threads at once (the parsers keep no state).
    private readonly Dictionary<EntityKind, JsonRecordParser> _versionParsers = new[] { EntityKind.Orders, EntityKind.Users, EntityKind.Products }
        .ToDictionary(k => k, k => new JsonRecordParser(KindSpec.For(k) with { TimeFields = ["updated_at"] }));

    public UInt128? For(EntityKind kind, string? recordId, ReadOnlySpan<byte> payload) =>
        recordId is null ? null : For(kind, Encoding.UTF8.GetBytes(recordId), payload);

    /// <summary>The key of a record whose id is <paramref name="recordIdUtf8"/> (its UTF-8 bytes, unescaped).</summary>
    public UInt128 For(EntityKind kind, ReadOnlySpan<byte> recordIdUtf8, ReadOnlySpan<byte> payload)
    {
        // XXH128 of "kind\0id\0version" in UTF-8.
        var version = kind is EntityKind.Orders or EntityKind.Users or EntityKind.Products ? Version(kind, payload) : string.Empty;
        var name = KindNames[(int)kind];
        var length = name.Length + 1 + recordIdUtf8.Length + 1 + Encoding.UTF8.GetByteCount(version);
        var rented = length <= 512 ? null : System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        var text = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
        name.CopyTo(text);
        text[name.Length] = 0;
        recordIdUtf8.CopyTo(text[(name.Length + 1)..]);
        text[name.Length + 1 + recordIdUtf8.Length] = 0;
        Encoding.UTF8.GetBytes(version, text[(name.Length + 2 + recordIdUtf8.Length)..]);
        var hash = XxHash128.HashToUInt128(text, Seed);
        if (rented is not null)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }

        return hash;
    }

    private static readonly byte[][] KindNames = Enum.GetValues<EntityKind>().OrderBy(k => (int)k).Select(k => Encoding.UTF8.GetBytes(k.Name())).ToArray();

    private string Version(EntityKind kind, ReadOnlySpan<byte> payload)
    {
        // A version mapped from a Segment message is that message: its retry is a duplicate whatever its updated_at.
        if (SourceMessageId(payload) is { } messageId)
        {
            return "m\0" + messageId;
        }

        var outcome = _versionParsers[kind].Parse(payload);
        return outcome.Accepted ? outcome.EventTime.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture) : "#" + Convert.ToHexString(XxHash128.Hash(payload, Seed));
    }

    /// <summary>The top-level <c>source_message_id</c> string of a version's JSON, or null (absent, null or not JSON).</summary>
    internal static string? SourceMessageId(ReadOnlySpan<byte> payload)
    {
        if (payload.IndexOf("\"source_message_id\""u8) < 0)
        {
            return null;
        }

        var reader = new Utf8JsonReader(payload);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("source_message_id"u8))
                {
                    reader.Read();
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= 1)
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: validation quarantines it; it has no message id.
        }

        return null;
    }
}
