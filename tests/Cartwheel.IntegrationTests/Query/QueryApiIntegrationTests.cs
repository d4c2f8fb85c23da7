using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace Cartwheel.IntegrationTests.Query;

/// <summary><c>POST /api/v1/query</c> over real HTTP on loopback: each format equals DuckDB's own answer; keys, refusals, limits.</summary>
public sealed class QueryApiIntegrationTests : IAsyncLifetime
{
    private const string AllRows = "SELECT * FROM gold.q_types ORDER BY id";

    private static readonly (string Name, string Type)[] Columns =
    [
        ("id", "BIGINT"), ("amount", "DECIMAL(18,2)"), ("big_amount", "DECIMAL(38,6)"), ("ratio", "DOUBLE"), ("label", "VARCHAR"),
        ("even", "BOOLEAN"), ("ts", "TIMESTAMP WITH TIME ZONE"), ("day", "DATE"), ("small", "INTEGER"),
    ];

    private QueryServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await QueryServer.StartAsync();

    [Fact]
    public async Task Json_AllRows_EqualDuckDbsOwnAnswerValueByValue()
    {
        using var response = await _server.PostAsync(new { sql = AllRows, max_rows = 3000 });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        response.Headers.Contains("X-Cartwheel-Truncated").ShouldBeFalse();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var root = json.RootElement;
        root.GetProperty("columns").EnumerateArray().Select(c => (c.GetProperty("name").GetString()!, c.GetProperty("type").GetString()!)).ShouldBe(Columns);
        root.GetProperty("row_count").GetInt32().ShouldBe(QueryServer.TableRows);
        root.GetProperty("truncated").GetBoolean().ShouldBeFalse();
        root.GetProperty("elapsed_ms").GetInt64().ShouldBeGreaterThanOrEqualTo(0);
        var expected = _server.Direct(AllRows);
        var rows = root.GetProperty("rows").EnumerateArray().ToList();
        rows.Count.ShouldBe(expected.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r].EnumerateArray().ToList();
            var want = expected[r];
            row[0].GetInt64().ShouldBe((long)want[0]!);
            // Decimals are JSON numbers with every digit of their scale: no double on the way.
            row[1].GetRawText().ShouldBe(((decimal)want[1]!).ToString("F2", CultureInfo.InvariantCulture));
            row[2].GetRawText().ShouldBe(((decimal)want[2]!).ToString("F6", CultureInfo.InvariantCulture));
            row[3].GetDouble().ShouldBe((double)want[3]!);
            (row[4].ValueKind == JsonValueKind.Null ? null : row[4].GetString()).ShouldBe((string?)want[4]);
            row[5].GetBoolean().ShouldBe((bool)want[5]!);
            row[6].GetString().ShouldBe(IsoUtc((DateTime)want[6]!));
            row[7].GetString().ShouldBe(((DateOnly)want[7]!).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            row[8].GetInt32().ShouldBe((int)want[8]!);
        }

        rows.Sum(r => r[1].GetDecimal()).ShouldBe((decimal)_server.Direct("SELECT sum(amount) FROM gold.q_types")[0][0]!);
    }

    [Fact]
    public async Task Csv_FromAcceptHeader_ParsesBackToDuckDbsRows()
    {
        using var response = await _server.PostAsync(new { sql = AllRows, max_rows = 3000 }, accept: "text/csv");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var records = ParseCsv(await response.Content.ReadAsStringAsync(Ct));
        records[0].ShouldBe(Columns.Select(c => c.Name).ToList());
        var expected = _server.Direct(AllRows);
        records.Count.ShouldBe(expected.Count + 1);
        for (var r = 0; r < expected.Count; r++)
        {
            var want = expected[r];
            records[r + 1].ShouldBe([
                ((long)want[0]!).ToString(CultureInfo.InvariantCulture),
                ((decimal)want[1]!).ToString("F2", CultureInfo.InvariantCulture),
                ((decimal)want[2]!).ToString("F6", CultureInfo.InvariantCulture),
                ((double)want[3]!).ToString("R", CultureInfo.InvariantCulture),
                (string?)want[4] ?? string.Empty,
                (bool)want[5]! ? "true" : "false",
                IsoUtc((DateTime)want[6]!),
                ((DateOnly)want[7]!).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ((int)want[8]!).ToString(CultureInfo.InvariantCulture),
            ]);
        }
    }

    [Fact]
    public async Task Arrow_ReadWithArrowStreamReader_TypesAndValuesEqualDuckDb()
    {
        using var response = await _server.PostAsync(new { sql = AllRows, max_rows = 3000 }, accept: "application/vnd.apache.arrow.stream");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.apache.arrow.stream");
        using var reader = new ArrowStreamReader(await response.Content.ReadAsStreamAsync(Ct));
        var batches = new List<RecordBatch>();
        while (await reader.ReadNextRecordBatchAsync(Ct) is { } batch)
        {
            batches.Add(batch);
        }

        var schema = reader.Schema;
        schema.FieldsList.Select(f => f.Name).ShouldBe(Columns.Select(c => c.Name));
        schema.FieldsList[0].DataType.ShouldBeOfType<Int64Type>();
        var amount = schema.FieldsList[1].DataType.ShouldBeOfType<Decimal128Type>();
        (amount.Precision, amount.Scale).ShouldBe((18, 2));
        var big = schema.FieldsList[2].DataType.ShouldBeOfType<Decimal128Type>();
        (big.Precision, big.Scale).ShouldBe((38, 6));
        schema.FieldsList[3].DataType.ShouldBeOfType<DoubleType>();
        schema.FieldsList[4].DataType.ShouldBeOfType<StringType>();
        schema.FieldsList[5].DataType.ShouldBeOfType<BooleanType>();
        var ts = schema.FieldsList[6].DataType.ShouldBeOfType<TimestampType>();
        (ts.Unit, ts.Timezone).ShouldBe((TimeUnit.Microsecond, "UTC"));
        schema.FieldsList[7].DataType.ShouldBeOfType<Date32Type>();
        schema.FieldsList[8].DataType.ShouldBeOfType<Int32Type>();

        var expected = _server.Direct(AllRows);
        batches.Sum(b => b.Length).ShouldBe(expected.Count);
        var r = 0;
        foreach (var batch in batches)
        {
            for (var i = 0; i < batch.Length; i++, r++)
            {
                var want = expected[r];
                ((Int64Array)batch.Column(0)).GetValue(i).ShouldBe((long)want[0]!);
                ((Decimal128Array)batch.Column(1)).GetValue(i).ShouldBe((decimal)want[1]!);
                ((Decimal128Array)batch.Column(2)).GetValue(i).ShouldBe((decimal)want[2]!);
                ((DoubleArray)batch.Column(3)).GetValue(i).ShouldBe((double)want[3]!);
                ((StringArray)batch.Column(4)).GetString(i).ShouldBe((string?)want[4]);
                ((BooleanArray)batch.Column(5)).GetValue(i).ShouldBe((bool)want[5]!);
                ((TimestampArray)batch.Column(6)).GetTimestamp(i).ShouldBe(new DateTimeOffset(DateTime.SpecifyKind((DateTime)want[6]!, DateTimeKind.Utc)));
                ((Date32Array)batch.Column(7)).GetDateOnly(i).ShouldBe((DateOnly)want[7]!);
                ((Int32Array)batch.Column(8)).GetValue(i).ShouldBe((int)want[8]!);
            }

            batch.Dispose();
        }
    }

    [Fact]
    public async Task Arrow_EmptyResult_SchemaAndNoRows()
    {
        using var response = await _server.PostAsync(new { sql = "SELECT * FROM gold.q_types WHERE id < 0", format = "arrow" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var reader = new ArrowStreamReader(await response.Content.ReadAsStreamAsync(Ct));
        var rows = 0;
        while (await reader.ReadNextRecordBatchAsync(Ct) is { } batch)
        {
            rows += batch.Length;
        }

        rows.ShouldBe(0);
        reader.Schema.FieldsList.Count.ShouldBe(Columns.Length);
    }

    [Fact]
    public async Task Auth_NoKeyOrWrongKey_401EvenOnLoopback_LocalTokenAccepted()
    {
        using var none = await _server.PostAsync(new { sql = "SELECT 1" }, key: null);
        using var wrong = await _server.PostAsync(new { sql = "SELECT 1" }, key: "not-the-key");
        var token = ServerAdvertisement.TryRead(_server.DataDirectory)!.Token;
        using var local = await _server.PostAsync(new { sql = "SELECT 42 AS answer" }, key: token);

        none.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await CodeAsync(none)).ShouldBe("api.unauthorized");
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await CodeAsync(wrong)).ShouldBe("api.unauthorized");
        local.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await local.Content.ReadAsStringAsync(Ct));
        json.RootElement.GetProperty("rows")[0][0].GetInt32().ShouldBe(42);
    }

    [Theory]
    [InlineData("INSERT INTO gold.q_types SELECT * FROM gold.q_types")]
    [InlineData("DROP TABLE gold.q_types")]
    [InlineData("COPY gold.q_types TO '/tmp/x.csv'")]
    [InlineData("SELECT 1; DELETE FROM gold.q_types")]
    [InlineData("ATTACH '/tmp/other.duckdb' AS other")]
    public async Task Write_Refused400NotReadOnly_TableUnchanged(string sql)
    {
        using var response = await _server.PostAsync(new { sql });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await CodeAsync(response)).ShouldBe("query.not_read_only");
        _server.Direct("SELECT count(*) FROM gold.q_types")[0][0].ShouldBe((long)QueryServer.TableRows);
    }

    [Fact]
    public async Task SyntaxErrorAndUnknownTable_400QueryFailed()
    {
        using var syntax = await _server.PostAsync(new { sql = "SELEC 1" });
        using var unknown = await _server.PostAsync(new { sql = "SELECT * FROM gold.nope" });

        syntax.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await CodeAsync(syntax)).ShouldBe("query.failed");
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await CodeAsync(unknown)).ShouldBe("query.failed");
    }

    [Fact]
    public async Task SlowQuery_TimeoutOneSecond_504QueryTimeout()
    {
        using var response = await _server.PostAsync(new { sql = "SELECT count(*) FROM range(100000000) a, range(100000000) b", timeout_seconds = 1 });

        response.StatusCode.ShouldBe(HttpStatusCode.GatewayTimeout);
        (await CodeAsync(response)).ShouldBe("query.timeout");
    }

    [Fact]
    public async Task RowLimit_RequestedDefaultAndCapped_TruncatedSaidInBodyAndHeader()
    {
        using var requested = await _server.PostAsync(new { sql = AllRows, max_rows = 100 });
        using var byDefault = await _server.PostAsync(new { sql = AllRows });
        using var capped = await _server.PostAsync(new { sql = "SELECT * FROM range(4000)", max_rows = 5000 });
        using var csv = await _server.PostAsync(new { sql = AllRows, max_rows = 100, format = "csv" });
        using var exact = await _server.PostAsync(new { sql = "SELECT * FROM range(100)", max_rows = 100, format = "csv" });

        await ShouldBeCutAsync(requested, 100);
        await ShouldBeCutAsync(byDefault, 1000);
        await ShouldBeCutAsync(capped, 3000);
        csv.Headers.GetValues("X-Cartwheel-Truncated").ShouldBe(["true"]);
        ParseCsv(await csv.Content.ReadAsStringAsync(Ct)).Count.ShouldBe(101);
        exact.Headers.Contains("X-Cartwheel-Truncated").ShouldBeFalse();
        ParseCsv(await exact.Content.ReadAsStringAsync(Ct)).Count.ShouldBe(101);
    }

    [Fact]
    public async Task RequestOverLimit_413QueryTooLarge_AndBadBodies400()
    {
        using var large = await _server.PostAsync(new { sql = "SELECT 1 -- " + new string('x', 70 * 1024) });
        using var notJson = await _server.PostAsync("SELECT 1");
        using var noSql = await _server.PostAsync(new { query = "SELECT 1" });
        using var badFormat = await _server.PostAsync(new { sql = "SELECT 1", format = "xml" });

        large.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await CodeAsync(large)).ShouldBe("query.too_large");
        foreach (var bad in new[] { notJson, noSql, badFormat })
        {
            bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await CodeAsync(bad)).ShouldBe("argument.invalid");
        }
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static string IsoUtc(DateTime value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + "Z";

    private static async Task ShouldBeCutAsync(HttpResponseMessage response, int rows)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("X-Cartwheel-Truncated").ShouldBe(["true"]);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        json.RootElement.GetProperty("truncated").GetBoolean().ShouldBeTrue();
        json.RootElement.GetProperty("row_count").GetInt32().ShouldBe(rows);
        json.RootElement.GetProperty("rows").GetArrayLength().ShouldBe(rows);
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return json.RootElement.GetProperty("code").GetString();
    }

    /// <summary>An RFC 4180 reader: CRLF records, quoted fields with doubled quotes and embedded line breaks.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        text.ShouldEndWith("\r\n");
        return records;
    }
}
