using System.Text;

namespace Cartwheel.Streaming;

/// <summary>
/// The binary encoding of a part of the real-time checkpoint log (<c>stream_state_log</c>, docs/streaming.md): a
/// version byte, then per key its type byte, name and whole value (hash: count, field/value strings; sorted set:
/// count, member/score; set: count, members; sketch: length, its bytes; deleted: nothing). Applying a part replaces each
/// key it names, so the state = a full part (every key) followed by the deltas (the keys each batch changed), in order.
/// A restored state from before decision 66 has its funnel sets turned into sketches (<see cref="FunnelSketches.Upgrade"/>),
/// one from before decision 69 its sessions set (<see cref="SessionSketches.Upgrade"/>).
/// </summary>
internal static class StateLogPart
{
    private const byte Version = 1;

    /// <summary>Every key of <paramref name="snapshot"/>.</summary>
    public static byte[] Full(RealtimeStoreSnapshot snapshot)
    {
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer, Encoding.UTF8);
        writer.Write(Version);
        foreach (var (key, hash) in snapshot.Hashes)
        {
            WriteHash(writer, key, hash);
        }

        foreach (var (key, members) in snapshot.SortedSets)
        {
            WriteSortedSet(writer, key, members);
        }

        foreach (var (key, members) in snapshot.Sets)
        {
            WriteSet(writer, key, members);
        }

        foreach (var (key, value) in snapshot.Sketches)
        {
            WriteSketch(writer, key, value);
        }

        writer.Flush();
        return buffer.ToArray();
    }

    /// <summary>The current value in <paramref name="store"/> of each changed key (an empty one as deleted).</summary>
    public static byte[] Delta(IRealtimeStore store, IReadOnlyDictionary<string, StateKeyType> changed)
    {
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer, Encoding.UTF8);
        writer.Write(Version);
        foreach (var (key, type) in changed)
        {
            switch (type)
            {
                case StateKeyType.Hash when store.HashGetAll(key) is { Count: > 0 } hash:
                    WriteHash(writer, key, hash);
                    break;
                case StateKeyType.SortedSet when store.SortedSetRangeByScore(key, double.NegativeInfinity, double.PositiveInfinity) is { Count: > 0 } members:
                    WriteSortedSet(writer, key, members);
                    break;
                case StateKeyType.Set when store.SetMembers(key) is { Count: > 0 } members:
                    WriteSet(writer, key, members);
                    break;
                case StateKeyType.Sketch when store.SketchGet(key) is { } value:
                    WriteSketch(writer, key, value);
                    break;
                default:
                    writer.Write((byte)StateKeyType.Deleted);
                    writer.Write(key);
                    break;
            }
        }

        writer.Flush();
        return buffer.ToArray();
    }

    /// <summary>The state after applying <paramref name="parts"/> in order to <paramref name="start"/> (which is not changed).</summary>
    public static RealtimeStoreSnapshot Restore(RealtimeStoreSnapshot start, IEnumerable<byte[]> parts)
    {
        var hashes = start.Hashes.ToDictionary(p => p.Key, p => new Dictionary<string, string>(p.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        var sortedSets = start.SortedSets.ToDictionary(p => p.Key, p => new Dictionary<string, double>(p.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        var sets = start.Sets.ToDictionary(p => p.Key, p => new HashSet<string>(p.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        var sketches = new Dictionary<string, byte[]>(start.Sketches, StringComparer.Ordinal);
        foreach (var part in parts)
        {
            using var reader = new BinaryReader(new MemoryStream(part), Encoding.UTF8);
            if (reader.ReadByte() != Version)
            {
                throw new CartwheelException(ErrorCodes.CatalogCorrupt, "A real-time checkpoint part has an unknown version.");
            }

            while (reader.BaseStream.Position < reader.BaseStream.Length)
            {
                var type = (StateKeyType)reader.ReadByte();
                var key = reader.ReadString();
                hashes.Remove(key);
                sortedSets.Remove(key);
                sets.Remove(key);
                sketches.Remove(key);
                var count = type == StateKeyType.Deleted ? 0 : reader.ReadInt32();
                switch (type)
                {
                    case StateKeyType.Hash:
                        var hash = hashes[key] = new Dictionary<string, string>(count, StringComparer.Ordinal);
                        for (var i = 0; i < count; i++)
                        {
                            hash[reader.ReadString()] = reader.ReadString();
                        }

                        break;
                    case StateKeyType.SortedSet:
                        var members = sortedSets[key] = new Dictionary<string, double>(count, StringComparer.Ordinal);
                        for (var i = 0; i < count; i++)
                        {
                            members[reader.ReadString()] = reader.ReadDouble();
                        }

                        break;
                    case StateKeyType.Set:
                        var set = sets[key] = new HashSet<string>(count, StringComparer.Ordinal);
                        for (var i = 0; i < count; i++)
                        {
                            set.Add(reader.ReadString());
                        }

                        break;
                    case StateKeyType.Sketch:
                        sketches[key] = reader.ReadBytes(count);
                        break;
                    case StateKeyType.Deleted:
                        break;
                    default:
                        throw new CartwheelException(ErrorCodes.CatalogCorrupt, $"A real-time checkpoint part has an unknown key type {(byte)type}.");
                }
            }
        }

        return SessionSketches.Upgrade(FunnelSketches.Upgrade(new RealtimeStoreSnapshot(hashes, sortedSets, sets) { Sketches = sketches }));
    }

    private static void WriteHash(BinaryWriter writer, string key, IReadOnlyCollection<KeyValuePair<string, string>> fields)
    {
        Header(writer, StateKeyType.Hash, key, fields.Count);
        foreach (var (field, value) in fields)
        {
            writer.Write(field);
            writer.Write(value);
        }
    }

    private static void WriteSortedSet(BinaryWriter writer, string key, IReadOnlyCollection<KeyValuePair<string, double>> members)
    {
        Header(writer, StateKeyType.SortedSet, key, members.Count);
        foreach (var (member, score) in members)
        {
            writer.Write(member);
            writer.Write(score);
        }
    }

    private static void WriteSet(BinaryWriter writer, string key, IReadOnlyCollection<string> members)
    {
        Header(writer, StateKeyType.Set, key, members.Count);
        foreach (var member in members)
        {
            writer.Write(member);
        }
    }

    private static void WriteSketch(BinaryWriter writer, string key, byte[] value)
    {
        Header(writer, StateKeyType.Sketch, key, value.Length);
        writer.Write(value);
    }

    private static void Header(BinaryWriter writer, StateKeyType type, string key, int count)
    {
        writer.Write((byte)type);
        writer.Write(key);
        writer.Write(count);
    }
}
