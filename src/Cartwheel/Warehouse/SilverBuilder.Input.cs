using System.Text;
using System.Text.Unicode;
using Cartwheel.Catalog;
using Cartwheel.Lake;
using Cartwheel.Lake.Parquet;
using DuckDB.NET.Data;

namespace Cartwheel.Warehouse;

/// <summary>
/// The staged input of many small partitions (decision 33). Users and products keep ~730 one-day partitions of a
/// few hundred rows each (decision 19): DuckDB's <c>read_parquet</c> costs ~1 CPU-ms per file there, more than the
/// parse of its rows. Their bronze files, when all come from Cartwheel's own writer, are read here instead and
/// appended to one temp table with the columns and values <c>read_parquet</c> gives (hive <c>dt</c> included), so
/// <c>sql/silver/&lt;kind&gt;.sql</c> sees the same <c>silver_input</c>.
/// </summary>
internal sealed partial class SilverBuilder
{
    /// <summary>The kinds whose bronze is many tiny daily files (the dimensions' history).</summary>
    private static readonly HashSet<string> ReadByOwnReader = new(StringComparer.Ordinal) { "users", "products" };

    private static readonly DateTime Epoch = DateTime.UnixEpoch;

    /// <summary>Defines <c>silver_input</c> over <paramref name="files"/>, read by our reader when it can, else by DuckDB.</summary>
    private void DefineInput(string kind, IReadOnlyList<BronzeFile> files)
    {
        warehouse.Execute("DROP TABLE IF EXISTS silver_input_rows");
        if (ReadByOwnReader.Contains(kind) && TryAppendOwnBronze(files))
        {
            warehouse.Execute("CREATE OR REPLACE TEMP VIEW silver_input AS SELECT * FROM silver_input_rows");
            return;
        }

        warehouse.Execute("CREATE OR REPLACE TEMP VIEW silver_input AS SELECT * FROM read_parquet("
            + Warehouse.FileList(files.Select(f => dataDirectory.Absolute(f.Path)))
            + ", hive_partitioning = true, hive_types = {'dt': DATE})");
    }

    /// <summary>
    /// Appends every row of <paramref name="files"/> (in order, as <c>read_parquet</c> lists them) to the temp table
    /// <c>silver_input_rows</c>; false, with the table dropped, when a file is not our writer's or holds text that is not
    /// UTF-8 (DuckDB then reads them, and fails on such text as before).
    /// </summary>
    private bool TryAppendOwnBronze(IReadOnlyList<BronzeFile> files)
    {
        warehouse.Execute($"CREATE TEMP TABLE silver_input_rows ({BronzeSchema.ColumnDefinitions}, dt DATE)");
        var complete = false;
        try
        {
            using (var zstd = new ZstdDecompressor())
            using (var appender = warehouse.Connection.CreateAppender("temp", "main", "silver_input_rows"))
            {
                foreach (var file in files)
                {
                    using var reader = BronzeFileReader.Open(dataDirectory.Absolute(file.Path), zstd);
                    for (var g = 0; g < reader.RowGroupCount; g++)
                    {
                        var columns = Enumerable.Range(0, BronzeParquetColumns.All.Count).Select(c => reader.ReadColumn(g, c)).ToArray();
                        if (!AllUtf8(columns))
                        {
                            return false;
                        }

                        for (var r = 0; r < columns[0].Count; r++)
                        {
                            var row = appender.CreateRow();
                            for (var c = 0; c < columns.Length; c++)
                            {
                                Append(row, BronzeParquetColumns.All[c].Type, columns[c], r);
                            }

                            row.AppendValue(file.Date).EndRow();
                        }

                        reader.Release();
                    }
                }
            }

            complete = true;
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
        finally
        {
            if (!complete)
            {
                warehouse.Execute("DROP TABLE IF EXISTS silver_input_rows");
            }
        }
    }

    /// <summary>Whether every text value of a row group is UTF-8 (DuckDB's reader rejects a file with other text).</summary>
    private static bool AllUtf8(ColumnValues[] columns)
    {
        for (var c = 0; c < columns.Length; c++)
        {
            if (BronzeParquetColumns.All[c].Type != ParquetColumnType.String)
            {
                continue;
            }

            for (var r = 0; r < columns[c].Count; r++)
            {
                if (!columns[c].Nulls[r] && !Utf8.IsValid(columns[c].Bytes(r)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Appends one value as DuckDB's Parquet reader gives it (timestamps are UTC microseconds).</summary>
    private static void Append(IDuckDBAppenderRow row, ParquetColumnType type, ColumnValues values, int r)
    {
        if (values.Nulls[r])
        {
            row.AppendNullValue();
            return;
        }

        _ = type switch
        {
            ParquetColumnType.String => row.AppendValue(Encoding.UTF8.GetString(values.Bytes(r))),
            ParquetColumnType.TimestampUtc => row.AppendValue(Epoch.AddTicks(values.Int64[r] * TimeSpan.TicksPerMicrosecond)),
            ParquetColumnType.Int64 => row.AppendValue(values.Int64[r]),
            _ => throw new InvalidDataException($"Unexpected bronze column type {type}."),
        };
    }
}
