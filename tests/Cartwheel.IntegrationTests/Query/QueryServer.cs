using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cartwheel.Server;
using DuckDB.NET.Data;
using Microsoft.AspNetCore.Builder;

namespace Cartwheel.IntegrationTests.Query;

/// <summary>
/// A real server on 127.0.0.1 (free port) over a data directory whose warehouse holds <c>gold.q_types</c>: 2,500 rows with a
/// BIGINT, two DECIMALs, a DOUBLE, text with commas, quotes, line breaks and NULLs, a BOOLEAN, a TIMESTAMPTZ with
/// microseconds, a DATE and an INTEGER. Query limits: default 1,000 rows, at most 3,000.
/// </summary>
internal sealed class QueryServer : IAsyncDisposable
{
    public const string ApiKey = "query-test-key";
    public const int TableRows = 2500;

    public const string CreateTable = """
        CREATE TABLE gold.q_types AS
        SELECT i::BIGINT AS id,
               (i * 1.37)::DECIMAL(18,2) AS amount,
               (i * 12345678.123457)::DECIMAL(38,6) AS big_amount,
               i / 7.0::DOUBLE AS ratio,
               CASE WHEN i % 5 = 0 THEN NULL
                    ELSE 'name ' || i || CASE WHEN i % 3 = 0 THEN ', "quoted"' ELSE '' END || CASE WHEN i % 11 = 0 THEN chr(10) || 'line' ELSE '' END END AS label,
               i % 2 = 0 AS even,
               TIMESTAMPTZ '2024-03-01 00:00:00+00' + i * INTERVAL 37 MINUTE + (i * 1234) * INTERVAL 1 MICROSECOND AS ts,
               DATE '2024-01-01' + i::INTEGER AS day,
               (i % 100)::INTEGER AS small
        FROM range(2500) t(i)
        """;

    private readonly WebApplication _app;

    private QueryServer(WebApplication app, DataDirectory dataDirectory)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public DataDirectory DataDirectory { get; }

    public HttpClient Client { get; }

    public static async Task<QueryServer> StartAsync()
    {
        var dataDirectory = new DataDirectory(Path.Combine(Path.GetTempPath(), "cw-query-" + Guid.NewGuid().ToString("N")));
        using (var warehouse = Cartwheel.Warehouse.Warehouse.Open(dataDirectory))
        {
            warehouse.Execute(CreateTable);
        }

        var app = CartwheelServer.Build(new CartwheelServerOptions
        {
            DataDirectory = dataDirectory,
            Urls = "http://127.0.0.1:0",
            WriteKeys = ["query-test-write-key"],
            ApiKeys = [ApiKey],
            Settings = new Dictionary<string, string?>
            {
                ["Cartwheel:Stream:Enabled"] = "false",
                ["Cartwheel:Dags:Enabled"] = "false",
                ["Cartwheel:Query:DefaultMaxRows"] = "1000",
                ["Cartwheel:Query:MaxRows"] = "3000",
            },
            MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new QueryServer(app, dataDirectory);
    }

    /// <summary>POSTs a body to /api/v1/query with a key (or none) and an Accept header (or none).</summary>
    public async Task<HttpResponseMessage> PostAsync(object body, string? key = ApiKey, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/query")
        {
            Content = new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (accept is not null)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        }

        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>The same SQL straight on the warehouse file with DuckDB (the server's owner has closed it between requests).</summary>
    public List<object?[]> Direct(string sql)
    {
        using var connection = new DuckDBConnection($"Data Source={DataDirectory.WarehousePath};ACCESS_MODE=READ_ONLY");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SET TimeZone = 'UTC'; " + sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
        if (Directory.Exists(DataDirectory.Root))
        {
            Directory.Delete(DataDirectory.Root, recursive: true);
        }
    }
}
