using Cartwheel.Catalog;
using Cartwheel.Ingest;
using Cartwheel.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace Cartwheel.Tests.Resilience;

/// <summary>The dead-letter area: recording repeated failures, listing, replay through handlers, the file-ingest round trip.</summary>
public sealed class DeadLetterTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2024, 3, 5, 10, 0, 0, TimeSpan.Zero);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "cw-dl-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly DataDirectory _dataDirectory;
    private readonly CatalogStore _catalog;
    private readonly DeadLetterStore _store;

    public DeadLetterTests()
    {
        _dataDirectory = new DataDirectory(_root);
        _catalog = CatalogStore.Open(_dataDirectory);
        _store = new DeadLetterStore(_catalog, _clock);
    }

    [Fact]
    public void Record_SameKeyTwice_OneLetterWithAttemptsAndTimes()
    {
        _store.Record("rest-poll", "page-1", "{\"page\":1}", "503", attempts: 3);
        _clock.Advance(TimeSpan.FromMinutes(5));
        _store.Record("rest-poll", "page-1", "{\"page\":1}", "timeout", attempts: 3);
        _store.Record("file-ingest", "/in/a.csv", "{}", "binary");
        var letter = _store.List("rest-poll").ShouldHaveSingleItem();
        (letter.Attempts, letter.Error, letter.FirstFailureAt, letter.LastFailureAt, letter.Status)
            .ShouldBe((6, "timeout", Start, Start.AddMinutes(5), DeadLetterStatus.Pending));
        _store.List().Select(l => l.Source).ShouldBe(["rest-poll", "file-ingest"]);
    }

    [Fact]
    public async Task Replay_FailsThenSucceeds_AttemptsGrowThenReplayed()
    {
        var letter = _store.Record("rest-poll", "page-2", "{\"page\":2}", "503");
        var handler = new ScriptedHandler("rest-poll", fail: true);
        var replayer = new DeadLetterReplayer(_store, [handler]);
        var ct = TestContext.Current.CancellationToken;
        var first = (await replayer.ReplayAsync("rest-poll", cancellationToken: ct)).ShouldHaveSingleItem();
        (first.Replayed, first.Letter.Attempts, first.Letter.Error).ShouldBe((false, 2, "still down"));
        handler.Fail = false;
        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = (await replayer.ReplayAsync(id: letter.Id, cancellationToken: ct)).ShouldHaveSingleItem();
        (second.Replayed, second.Letter.Status, second.Letter.ReplayedAt).ShouldBe((true, DeadLetterStatus.Replayed, Start.AddMinutes(1)));
        handler.Payloads.ShouldBe(["{\"page\":2}", "{\"page\":2}"]);
        _store.List().ShouldBeEmpty();
        _store.List(includeReplayed: true).ShouldHaveSingleItem().Id.ShouldBe(letter.Id);
    }

    [Fact]
    public async Task Replay_SourceWithoutHandler_IsAnError()
    {
        _store.Record("kafka", "p0:17", "{}", "poison");
        var ex = await Should.ThrowAsync<CartwheelException>(() => new DeadLetterReplayer(_store, [])
            .ReplayAsync(cancellationToken: TestContext.Current.CancellationToken));
        ex.Code.ShouldBe(ErrorCodes.DeadLetterNoHandler);
    }

    [Fact]
    public async Task FileIngest_RejectedFile_ListedThenReplayedOnceFixed()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(_root, "inbox")).FullName;
        var file = Path.Combine(inbox, "events.jsonl");
        await File.WriteAllBytesAsync(file, [0, 1, 2, 3], TestContext.Current.CancellationToken);
        var report = new BronzeIngestor(_dataDirectory, _catalog).Ingest([file], cancellationToken: TestContext.Current.CancellationToken);
        FileIngestDeadLetters.RecordRejected(_store, report).ShouldBe(1);
        var letter = _store.List(FileIngestDeadLetters.SourceName).ShouldHaveSingleItem();
        (letter.RecordKey, letter.Payload).ShouldBe((file, $"{{\"path\":\"{file}\",\"kind\":\"events\"}}"));
        letter.Error.ShouldStartWith(ErrorCodes.InputBinary + ":");

        var replayer = new DeadLetterReplayer(_store, [new FileIngestDeadLetters(_dataDirectory, _catalog)]);
        (await replayer.ReplayAsync(cancellationToken: TestContext.Current.CancellationToken)).Single().Replayed.ShouldBeFalse();
        _store.List().Single().Attempts.ShouldBe(2);

        await File.WriteAllTextAsync(file, "{\"event_id\":\"e1\",\"session_id\":\"s1\",\"event_type\":\"page_view\",\"event_time\":\"2024-03-05T09:00:00Z\"}\n",
            TestContext.Current.CancellationToken);
        (await replayer.ReplayAsync(cancellationToken: TestContext.Current.CancellationToken)).Single().Replayed.ShouldBeTrue();
        _catalog.ListIngestedFiles().ShouldHaveSingleItem().RowsAccepted.ShouldBe(1);
        _store.List().ShouldBeEmpty();
    }

    public void Dispose()
    {
        CatalogStore.ReleaseConnections(_dataDirectory);
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private sealed class ScriptedHandler(string source, bool fail) : IDeadLetterHandler
    {
        public bool Fail { get; set; } = fail;

        public List<string> Payloads { get; } = [];

        public string Source => source;

        public Task ReplayAsync(DeadLetter letter, CancellationToken cancellationToken = default)
        {
            Payloads.Add(letter.Payload);
            return Fail ? throw new IOException("still down") : Task.CompletedTask;
        }
    }
}
