using Microsoft.Data.Sqlite;

namespace Cartwheel.Log;

/// <summary>The writer's view of <c>event_log_partitions</c>: next and start offset and kept bytes per partition.</summary>
internal sealed class PartitionState
{
    private int _roundRobin;

    private PartitionState(int partitions)
    {
        Next = new long[partitions];
        Start = new long[partitions];
        Bytes = new long[partitions];
    }

    public long[] Next { get; }

    public long[] Start { get; }

    public long[] Bytes { get; }

    /// <summary>Un-truncated records over all partitions (offsets are dense).</summary>
    public long Retained
    {
        get
        {
            long sum = 0;
            for (var p = 0; p < Next.Length; p++)
            {
                sum += Next[p] - Start[p];
            }

            return sum;
        }
    }

    public static PartitionState Load(SqliteConnection connection, int partitions)
    {
        var state = new PartitionState(partitions);
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT partition_no, next_offset, start_offset, retained_bytes FROM event_log_partitions ORDER BY partition_no";
        var rows = 0;
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var p = reader.GetInt32(0);
                if (p >= partitions)
                {
                    throw PartitionsChanged(partitions);
                }

                (state.Next[p], state.Start[p], state.Bytes[p]) = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
                rows++;
            }
        }

        if (rows != 0 && rows != partitions)
        {
            throw PartitionsChanged(partitions);
        }

        state.Save(connection, transaction);
        transaction.Commit();
        return state;
    }

    public int NextRoundRobin() => _roundRobin = (_roundRobin + 1) % Next.Length;

    public PartitionState Copy()
    {
        var copy = new PartitionState(Next.Length) { _roundRobin = _roundRobin };
        copy.Restore(this);
        return copy;
    }

    public void Restore(PartitionState other)
    {
        Array.Copy(other.Next, Next, Next.Length);
        Array.Copy(other.Start, Start, Start.Length);
        Array.Copy(other.Bytes, Bytes, Bytes.Length);
    }

    public void Save(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO event_log_partitions (partition_no, next_offset, start_offset, retained_bytes) VALUES ($p, $n, $s, $b)
            ON CONFLICT (partition_no) DO UPDATE SET next_offset = $n, start_offset = $s, retained_bytes = $b
            """;
        var parameters = new[] { "$p", "$n", "$s", "$b" }.Select(n => command.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
        for (var p = 0; p < Next.Length; p++)
        {
            (parameters[0].Value, parameters[1].Value, parameters[2].Value, parameters[3].Value) = (p, Next[p], Start[p], Bytes[p]);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>Deletes a partition's records below <paramref name="beforeOffset"/> (clamped to what exists).</summary>
    public void Truncate(SqliteConnection connection, SqliteTransaction transaction, int partition, long beforeOffset)
    {
        var before = Math.Clamp(beforeOffset, Start[partition], Next[partition]);
        if (before == Start[partition])
        {
            return;
        }

        // Legacy rows (one per record) and the chunks whose records are all below the new start; a chunk that
        // straddles it stays (readers skip its truncated records) and its bytes count until it goes.
        Bytes[partition] -= Convert.ToInt64(Run(connection, transaction, "SELECT COALESCE(SUM(length(payload)), 0) FROM event_log WHERE partition_no = $p AND log_offset < $o", partition, before, scalar: true), System.Globalization.CultureInfo.InvariantCulture);
        Run(connection, transaction, "DELETE FROM event_log WHERE partition_no = $p AND log_offset < $o", partition, before, scalar: false);
        Bytes[partition] -= Convert.ToInt64(Run(connection, transaction, "SELECT COALESCE(SUM(payload_bytes), 0) FROM event_log_chunks WHERE partition_no = $p AND first_offset + record_count <= $o", partition, before, scalar: true), System.Globalization.CultureInfo.InvariantCulture);
        Run(connection, transaction, "DELETE FROM event_log_chunks WHERE partition_no = $p AND first_offset + record_count <= $o", partition, before, scalar: false);
        Start[partition] = before;
    }

    private static object? Run(SqliteConnection connection, SqliteTransaction transaction, string sql, int partition, long offset, bool scalar)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$p", partition);
        command.Parameters.AddWithValue("$o", offset);
        return scalar ? command.ExecuteScalar() : command.ExecuteNonQuery();
    }

    private static CartwheelException PartitionsChanged(int partitions) =>
        new(ErrorCodes.InvalidArgument, $"The event log was created with another number of partitions than {partitions}; keys would move. Keep Log:Partitions as it was.");
}
