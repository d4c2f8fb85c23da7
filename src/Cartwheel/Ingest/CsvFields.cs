using System.Text;

namespace Cartwheel.Ingest;

/// <summary>Splits one CSV record (RFC 4180: ',' separated, '"' quoted with '""' escapes) into fields.</summary>
internal static class CsvFields
{
    /// <summary>False with an error message when the quoting is broken.</summary>
    public static bool TrySplit(ReadOnlySpan<char> record, List<string> fields, StringBuilder scratch, out string? error)
    {
        fields.Clear();
        var i = 0;
        while (true)
        {
            if (i < record.Length && record[i] == '"')
            {
                scratch.Clear();
                i++;
                while (true)
                {
                    var close = record[i..].IndexOf('"');
                    if (close < 0)
                    {
                        error = $"field {fields.Count + 1}: unterminated quoted field";
                        return false;
                    }

                    scratch.Append(record.Slice(i, close));
                    i += close + 1;
                    if (i < record.Length && record[i] == '"')
                    {
                        scratch.Append('"');
                        i++;
                        continue;
                    }

                    break;
                }

                fields.Add(scratch.ToString());
                if (i < record.Length && record[i] != ',')
                {
                    error = $"field {fields.Count}: text after the closing quote";
                    return false;
                }
            }
            else
            {
                var rest = record[i..];
                var comma = rest.IndexOf(',');
                var field = comma < 0 ? rest : rest[..comma];
                if (field.Contains('"'))
                {
                    error = $"field {fields.Count + 1}: a quote inside an unquoted field";
                    return false;
                }

                fields.Add(field.ToString());
                i += field.Length;
            }

            if (i >= record.Length)
            {
                error = null;
                return true;
            }

            i++; // the comma
        }
    }
}
