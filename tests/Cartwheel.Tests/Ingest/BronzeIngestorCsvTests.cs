using Cartwheel.Ingest;

namespace Cartwheel.Tests.Ingest;

public sealed class BronzeIngestorCsvTests : IngestFixture
{
    private const string NativeUsersHeader = "user_id,email,name,phone,country,state,tier,device_type,signup_date,updated_at";

    [Fact]
    public void Ingest_CsvWithQuotedNewline_KeepsFirstLineNumbersAndPartitionsByUpdatedAt()
    {
        var text = NativeUsersHeader + "\n" +
                   "u1,a@x.io,\"Ann\nSmith\",1,US,CA,free,mobile,2024-01-01,2024-02-03T10:00:00Z\n" +
                   "u2,b@x.io,\"Bo \"\"B\"\"\",2,FR,,vip,desktop,2024-01-01,2024-02-04T00:00:00Z\r\n" +
                   "u3,c@x.io,broken,1\n" +
                   "u4,d@x.io,Dee,3,US,NY,free,tablet,2024-01-01,\n";
        var path = WriteInput("users.csv", text);

        var file = Ingest(path).Files.ShouldHaveSingleItem();

        (file.Received, file.Accepted, file.Quarantined).ShouldBe((4L, 2L, 2L));
        file.QuarantinedByReason.OrderBy(p => p.Key, StringComparer.Ordinal)
            .ShouldBe(new Dictionary<string, long> { ["invalid_csv"] = 1, ["missing_event_time"] = 1 }.OrderBy(p => p.Key, StringComparer.Ordinal));
        ReadBronze("users").Select(r => (r.RecordId, r.Line, r.Dt, r.Raw, r.Payload)).ShouldBe(
        [
            ("u1", 2L, "2024-02-03", "u1,a@x.io,\"Ann\nSmith\",1,US,CA,free,mobile,2024-01-01,2024-02-03T10:00:00Z",
                """{"user_id":"u1","email":"a@x.io","name":"Ann\nSmith","phone":"1","country":"US","state":"CA","tier":"free","device_type":"mobile","signup_date":"2024-01-01","updated_at":"2024-02-03T10:00:00Z"}"""),
            ("u2", 4L, "2024-02-04", "u2,b@x.io,\"Bo \"\"B\"\"\",2,FR,,vip,desktop,2024-01-01,2024-02-04T00:00:00Z",
                """{"user_id":"u2","email":"b@x.io","name":"Bo \"B\"","phone":"2","country":"FR","state":"","tier":"vip","device_type":"desktop","signup_date":"2024-01-01","updated_at":"2024-02-04T00:00:00Z"}"""),
        ]);
        QuarantineLines("users").Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("line_number").GetInt64()).ShouldBe([5L, 6L]);
    }

    [Fact]
    public void Ingest_Seed004Users_PartitionsBySignupDate()
    {
        var path = WriteInput("users.csv", "user_id,signup_date,device_type,country\nu1,2023-12-31,mobile,US\n");

        Ingest(path).Files.ShouldHaveSingleItem().Accepted.ShouldBe(1);

        ReadBronze("users").Select(r => (r.RecordId, r.EventTime, r.Dt)).ShouldBe([("u1", "2023-12-31T00:00:00.000Z", "2023-12-31")]);
    }

    [Fact]
    public void Ingest_WrongCsvHeader_RejectsWholeFileNamingExpectedHeaders()
    {
        var bad = WriteInput("users.csv", "id,mail\nu1,a@x.io\n");
        var good = WriteInput("products.csv", "product_id,name,category,subcategory,brand,price,is_active,updated_at\np1,Pen,office,pens,Bic,1.50,true,2024-01-05T00:00:00Z\n");

        var report = Ingest(bad, good);

        report.Files[0].Status.ShouldBe(IngestFileStatus.Rejected);
        report.Files[0].ErrorCode.ShouldBe(ErrorCodes.InputBadHeader);
        report.Files[0].Message.ShouldBe($"{bad}: unknown CSV header 'id,mail' for users; expected '{NativeUsersHeader}' (native) or 'user_id,signup_date,device_type,country' (seed004).");
        report.Files[1].Status.ShouldBe(IngestFileStatus.Ingested);
        report.Succeeded.ShouldBeFalse();
        BronzeFilesOnDisk().ShouldAllBe(p => p.StartsWith("lake/bronze/products/"));
        Catalog.ListIngestedFiles().Select(f => f.Kind).ShouldBe(["products"]);
    }
}
