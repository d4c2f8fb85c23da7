using System.Data.Common;

namespace Cartwheel.Warehouse;

/// <summary>
/// One column of a query result: its name and DuckDB SQL type (<c>BIGINT</c>, <c>DECIMAL(18,2)</c>,
/// <c>TIMESTAMP WITH TIME ZONE</c>, …), with the precision and scale of decimals.
/// </summary>
public sealed record QueryColumn(string Name, string Type, int? Precision = null, int? Scale = null)
{
    private static readonly Dictionary<string, string> SqlNames = new(StringComparer.Ordinal)
    {
        ["Boolean"] = "BOOLEAN", ["TinyInt"] = "TINYINT", ["SmallInt"] = "SMALLINT", ["Integer"] = "INTEGER", ["BigInt"] = "BIGINT",
        ["HugeInt"] = "HUGEINT", ["UnsignedTinyInt"] = "UTINYINT", ["UnsignedSmallInt"] = "USMALLINT", ["UnsignedInteger"] = "UINTEGER",
        ["UnsignedBigInt"] = "UBIGINT", ["UnsignedHugeInt"] = "UHUGEINT", ["Float"] = "FLOAT", ["Double"] = "DOUBLE", ["Varchar"] = "VARCHAR",
        ["Date"] = "DATE", ["Time"] = "TIME", ["TimeTz"] = "TIME WITH TIME ZONE", ["Timestamp"] = "TIMESTAMP", ["TimestampTz"] = "TIMESTAMP WITH TIME ZONE",
        ["TimestampS"] = "TIMESTAMP_S", ["TimestampMs"] = "TIMESTAMP_MS", ["TimestampNs"] = "TIMESTAMP_NS", ["Interval"] = "INTERVAL",
        ["Uuid"] = "UUID", ["Blob"] = "BLOB", ["List"] = "LIST", ["Array"] = "ARRAY", ["Struct"] = "STRUCT", ["Map"] = "MAP", ["Enum"] = "ENUM",
        ["Union"] = "UNION", ["Bit"] = "BIT",
    };

    /// <summary>The columns of an open DuckDB reader.</summary>
    public static IReadOnlyList<QueryColumn> Describe(DbDataReader reader)
    {
        var columns = new QueryColumn[reader.FieldCount];
        System.Data.DataTable? schema = null;
        for (var i = 0; i < columns.Length; i++)
        {
            var name = reader.GetDataTypeName(i);
            if (name == "Decimal")
            {
                schema ??= reader.GetSchemaTable();
                var row = schema!.Rows[i];
                var precision = Convert.ToInt32(row["NumericPrecision"], System.Globalization.CultureInfo.InvariantCulture);
                var scale = Convert.ToInt32(row["NumericScale"], System.Globalization.CultureInfo.InvariantCulture);
                columns[i] = new QueryColumn(reader.GetName(i), $"DECIMAL({precision},{scale})", precision, scale);
                continue;
            }

            columns[i] = new QueryColumn(reader.GetName(i), SqlNames.GetValueOrDefault(name, name.ToUpperInvariant()));
        }

        return columns;
    }
}
