using System.Text;
using System.Text.Json;
using Cartwheel.Contracts;
using Cartwheel.Simulation;

namespace Cartwheel.Tests.Simulation;

public sealed class ShopSimulatorFilesTests(SimulationFixture fixture) : IClassFixture<SimulationFixture>
{
    private static readonly string[] NativeFiles = ["users.csv", "products.csv", "events.jsonl", "orders.jsonl", "inventory.jsonl"];
    private static readonly string[] Seed004Files = ["users.csv", "events.jsonl", "transactions.csv"];
    private static readonly SimulationOptions Small = new() { Users = 300, Products = 60, Days = 2 };

    [Fact]
    public void WriteTo_SameOptions_ByteIdenticalFiles_OtherSeedDiffers()
    {
        var first = fixture.Write(Small, "a");
        var second = fixture.Write(Small, "b");
        var other = fixture.Write(Small with { Seed = 7 }, "c");

        foreach (var file in NativeFiles.Append(ShopSimulator.ManifestFileName))
        {
            File.ReadAllBytes(Path.Combine(second, file)).ShouldBe(File.ReadAllBytes(Path.Combine(first, file)), file);
        }

        foreach (var file in NativeFiles)
        {
            File.ReadAllBytes(Path.Combine(other, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(first, file))).ShouldBeFalse(file);
        }
    }

    [Theory]
    [InlineData(SimulationFormat.Native)]
    [InlineData(SimulationFormat.Seed004)]
    public void WriteTo_ManifestCounts_EqualCountsRecomputedFromTheFiles(SimulationFormat format)
    {
        // A high corruption rate so every corruption kind shows up, also in the small transactions file.
        var options = Small with { Format = format, CorruptRate = 0.1, DuplicateRate = 0.05, Seed = 11 };
        var directory = fixture.Write(options, "manifest-" + format);
        var manifest = ShopSimulator.ReadManifest(Path.Combine(directory, ShopSimulator.ManifestFileName));
        var files = format == SimulationFormat.Native ? NativeFiles : Seed004Files;

        manifest.Options.ShouldBe(options);
        manifest.Files.Select(f => f.File).ShouldBe(files);
        foreach (var file in files)
        {
            var expected = manifest[file];
            var actual = FileRecount.Of(directory, file, format == SimulationFormat.Seed004);
            actual.Lines.ShouldBe(expected.Lines, file);
            actual.Records.ShouldBe(expected.Records, file);
            actual.Duplicates.ShouldBe(expected.Duplicates, file);
            actual.Corrupt.ShouldBe(expected.Corrupt, file);
            actual.CorruptByReason.ShouldBe(expected.CorruptByReason, file);
            expected.Corrupt.ShouldBeGreaterThan(0, file);
        }

        manifest.Files.SelectMany(f => f.CorruptByReason.Keys).Distinct().Order().ShouldBe(
            ["invalid_csv", "invalid_event_time", "invalid_json", "invalid_type", "invalid_value", "missing_event_time", "missing_key", "not_an_object"]);
    }

    [Fact]
    public void Generate_TruthIsExactlyTheCleanLinesOfTheFiles()
    {
        var options = Small with { CorruptRate = 0.02, Seed = 5 };
        var directory = fixture.Write(options, "truth");
        var shop = new ShopSimulator(options).Generate(TestContext.Current.CancellationToken);

        shop.Manifest.ShouldBe(ShopSimulator.ReadManifest(Path.Combine(directory, ShopSimulator.ManifestFileName)), new ManifestComparer());
        Lines(shop.Events, ContractsJsonContext.Default.ClickEvent).ShouldBe(FileRecount.Of(directory, "events.jsonl", false).CleanLines);
        Lines(shop.Orders, ContractsJsonContext.Default.Order).ShouldBe(FileRecount.Of(directory, "orders.jsonl", false).CleanLines);
        Lines(shop.Inventory, ContractsJsonContext.Default.InventoryUpdate).ShouldBe(FileRecount.Of(directory, "inventory.jsonl", false).CleanLines);
        shop.UserProfiles.Count.ShouldBe((int)shop.Manifest["users.csv"].Records);
        shop.Products.Count.ShouldBe((int)shop.Manifest["products.csv"].Records);
        shop.LateEventIds.Count.ShouldBe((int)shop.Manifest["events.jsonl"].Late);
        shop.DuplicatedEventIds.Count.ShouldBe((int)shop.Manifest["events.jsonl"].Duplicates);
    }

    [Fact]
    public void WriteTo_Seed004_HasExactlyTheDocumentedHeadersAndFields()
    {
        var directory = fixture.Write(Small with { Format = SimulationFormat.Seed004, CorruptRate = 0 }, "seed004");

        Directory.GetFiles(directory).Select(Path.GetFileName).Order().ShouldBe(["events.jsonl", "manifest.json", "transactions.csv", "users.csv"]);
        File.ReadLines(Path.Combine(directory, "users.csv")).First().ShouldBe("user_id,signup_date,device_type,country");
        File.ReadLines(Path.Combine(directory, "transactions.csv")).First().ShouldBe("transaction_id,session_id,user_id,amount,currency,transaction_timestamp");
        foreach (var line in File.ReadLines(Path.Combine(directory, "events.jsonl")))
        {
            using var json = JsonDocument.Parse(line);
            json.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["event_id", "session_id", "user_id", "event_type", "event_timestamp", "event_details"]);
            json.RootElement.GetProperty("event_details").EnumerateObject().Select(p => p.Name).Take(4).ShouldBe(["page_url", "referrer", "product_id", "device"]);
        }

        var transactions = FileRecount.Of(directory, "transactions.csv", true).CleanLines;
        transactions.Count.ShouldBeGreaterThan(0);
        transactions.ShouldAllBe(l => IndependentValidator.SplitCsv(l)!.Count == 6);
    }

    [Fact]
    public void WriteTo_PadEventsTo_CleanEventLinesHaveExactlyThatSize()
    {
        var directory = fixture.Write(Small with { Users = 50, Days = 1, PadEventsTo = 1000, CorruptRate = 0 }, "padded");

        var lengths = File.ReadLines(Path.Combine(directory, "events.jsonl")).Select(l => Encoding.UTF8.GetByteCount(l)).Distinct().ToList();
        lengths.ShouldBe([1000]);
    }

    private static List<string> Lines<T>(IEnumerable<T> records, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        records.Select(r => JsonSerializer.Serialize(r, type)).ToList();

    private sealed class ManifestComparer : IEqualityComparer<SimulationManifest>
    {
        public bool Equals(SimulationManifest? x, SimulationManifest? y) =>
            x!.Options == y!.Options && x.Files.Count == y.Files.Count && x.Files.Zip(y.Files).All(p =>
                p.First with { CorruptByReason = p.Second.CorruptByReason } == p.Second && p.First.CorruptByReason.SequenceEqual(p.Second.CorruptByReason));

        public int GetHashCode(SimulationManifest obj) => obj.Files.Count;
    }
}
