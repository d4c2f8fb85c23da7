using Cartwheel.Lake.Parquet;

namespace Cartwheel.Warehouse.NativeEvents;

/// <summary>
/// Rows [<paramref name="Start"/>, <paramref name="End"/>) of a row group of one of a partition's bronze files: what
/// one <see cref="EventsScanWorker"/> parses at a time. Units are numbered in read order and dealt round-robin.
/// </summary>
internal readonly record struct EventsScanUnit(int File, int RowGroup, int Start, int End)
{
    /// <summary>
    /// The units of <paramref name="files"/> in read order: whole row groups for a big partition (each read once), a
    /// quarter of a worker's share when the partition is small, so that every worker gets some.
    /// </summary>
    public static List<EventsScanUnit> Split(IReadOnlyList<string> files, EventsScanOptions options, out long rows, out int workers)
    {
        var groups = new List<(int File, int RowGroup, int Rows)>();
        using (var zstd = new ZstdDecompressor())
        {
            for (var f = 0; f < files.Count; f++)
            {
                using var reader = BronzeFileReader.Open(files[f], zstd);
                for (var g = 0; g < reader.RowGroupCount; g++)
                {
                    groups.Add((f, g, checked((int)reader.RowGroupRows(g))));
                }
            }
        }

        rows = groups.Sum(g => (long)g.Rows);
        workers = options.WorkersFor(rows);
        var unitRows = (int)Math.Clamp(rows / (workers * 4L), 1, BronzePartition.RowGroupRows);
        var units = new List<EventsScanUnit>();
        foreach (var (file, rowGroup, groupRows) in groups)
        {
            for (var start = 0; start < groupRows; start += unitRows)
            {
                units.Add(new EventsScanUnit(file, rowGroup, start, Math.Min(groupRows, start + unitRows)));
            }
        }

        return units;
    }
}
