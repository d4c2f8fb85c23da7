using System.Text;
using Cartwheel.Contracts;
using Cartwheel.Ingest;

namespace Cartwheel.Tests.Ingest;

public sealed class BronzeIngestorBadInputTests : IngestFixture
{
    private const string Event = """{"event_id":"e1","event_time":"2024-01-02T03:04:05Z"}""";

    [Fact]
    public void Ingest_EmptyFile_SkippedWithMessageAndNothingWritten()
    {
        var path = WriteInput("events.jsonl", string.Empty);

        var report = Ingest(path);

        var file = report.Files.ShouldHaveSingleItem();
        (file.Status, file.Message).ShouldBe((IngestFileStatus.Skipped, "empty file, nothing to ingest"));
        report.Succeeded.ShouldBeTrue();
        BronzeFilesOnDisk().ShouldBeEmpty();
        Catalog.ListIngestedFiles().ShouldBeEmpty();
    }

    [Fact]
    public void Ingest_BinaryGarbage_RejectedAndNothingInBronze()
    {
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        garbage[10] = 0;
        var path = WriteInput("events.jsonl", garbage);

        var file = Ingest(path).Files.ShouldHaveSingleItem();

        (file.Status, file.ErrorCode).ShouldBe((IngestFileStatus.Rejected, ErrorCodes.InputBinary));
        file.Message.ShouldBe($"{path}: binary content (NUL bytes in the first 4096 bytes); expected UTF-8 JSON lines or CSV text.");
        BronzeFilesOnDisk().ShouldBeEmpty();
        QuarantineLines("events").ShouldBeEmpty();
        Directory.EnumerateFileSystemEntries(Data.IngestStaging).ShouldBeEmpty();
    }

    [Fact]
    public void Ingest_FiftyMegabyteLine_QuarantinedAsLineTooLongWithFirstKibibyte()
    {
        var huge = "{\"event_id\":\"big\",\"event_time\":\"2024-01-02T00:00:00Z\",\"pad\":\"" + new string('x', 50 * 1024 * 1024) + "\"}";
        var path = WriteInput("events.jsonl", Event + "\n" + huge + "\n" + Event + "\n");

        var file = Ingest(path).Files.ShouldHaveSingleItem();

        (file.Received, file.Accepted, file.Quarantined).ShouldBe((3L, 2L, 1L));
        file.QuarantinedByReason.ShouldBe(new Dictionary<string, long> { ["line_too_long"] = 1 });
        var line = System.Text.Json.JsonDocument.Parse(QuarantineLines("events").ShouldHaveSingleItem()).RootElement;
        line.GetProperty("line_number").GetInt64().ShouldBe(2);
        line.GetProperty("raw").GetString().ShouldBe(huge[..1024]);
        ReadBronze("events").Select(r => r.Line).ShouldBe([1L, 3L]);
    }

    [Fact]
    public void Ingest_InvalidUtf8Line_QuarantinedOthersAccepted()
    {
        var bytes = Encoding.UTF8.GetBytes(Event + "\n").Concat(new byte[] { (byte)'{', 0xC3, 0x28, (byte)'}', (byte)'\n' }).ToArray();
        var path = WriteInput("events.jsonl", bytes);

        var file = Ingest(path).Files.ShouldHaveSingleItem();

        (file.Received, file.Accepted, file.Quarantined).ShouldBe((2L, 1L, 1L));
        file.QuarantinedByReason.ShouldBe(new Dictionary<string, long> { ["invalid_utf8"] = 1 });
        System.Text.Json.JsonDocument.Parse(QuarantineLines("events").ShouldHaveSingleItem()).RootElement
            .GetProperty("detail").GetString().ShouldBe("invalid UTF-8 at byte 1");
    }

    [Fact]
    public void Ingest_MissingPathAndUnknownKind_RejectedWhileOthersIngest()
    {
        var good = WriteInput("events.jsonl", Event + "\n");
        var unknown = WriteInput("stuff.jsonl", Event + "\n");
        var missing = Path.Combine(Input, "nope.jsonl");

        var report = Ingest(missing, unknown, good);

        report.Files.Select(f => (f.Status, f.ErrorCode)).ShouldBe(
        [
            (IngestFileStatus.Rejected, ErrorCodes.InputNotFound),
            (IngestFileStatus.Rejected, ErrorCodes.UnknownKind),
            (IngestFileStatus.Ingested, (string?)null),
        ]);
        report.Files[0].Message.ShouldBe($"{missing}: no such file or folder.");
        report.Files[1].Message!.ShouldStartWith($"{unknown}: cannot tell the kind from the file name");
        report.RejectedFiles.ShouldBe(2);
        BronzeFilesOnDisk().Count.ShouldBe(1);
    }

    [Fact]
    public void Ingest_KindOption_OverridesFileName()
    {
        var path = WriteInput("stuff.jsonl", Event + "\n");

        var report = new BronzeIngestor(Data, Catalog).Ingest([path], EntityKind.Events, cancellationToken: Token);

        report.Files.ShouldHaveSingleItem().Status.ShouldBe(IngestFileStatus.Ingested);
        ReadBronze("events").ShouldHaveSingleItem().RecordId.ShouldBe("e1");
    }

    [Fact]
    public void Ingest_CorruptGzip_RejectedAsUnreadable()
    {
        var path = WriteInput("events.jsonl", new byte[] { 0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7 });

        var file = Ingest(path).Files.ShouldHaveSingleItem();

        (file.Status, file.ErrorCode).ShouldBe((IngestFileStatus.Rejected, ErrorCodes.InputUnreadable));
        BronzeFilesOnDisk().ShouldBeEmpty();
    }
}
