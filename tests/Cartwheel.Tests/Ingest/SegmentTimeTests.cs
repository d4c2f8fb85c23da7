using System.Globalization;
using System.Text;
using Cartwheel.Ingest.Segment;

namespace Cartwheel.Tests.Ingest;

/// <summary>The collector's byte parse of SDK times reads every text it accepts as DateTimeOffset.TryParse does.</summary>
public sealed class SegmentTimeTests
{
    [Theory]
    [InlineData("2024-03-01T10:00:00Z")]
    [InlineData("2024-03-01T10:00:00.1Z")]
    [InlineData("2024-03-01T10:00:00.123Z")]
    [InlineData("2024-03-01T10:00:00.1234567Z")]
    [InlineData("2024-03-01T10:00:00.123+02:00")]
    [InlineData("2024-03-01T00:30:00-05:30")]
    [InlineData("2024-02-29T23:59:59.999+14:00")]
    [InlineData("2024-12-31T23:59:59.999-14:00")]
    [InlineData("0002-01-01T00:00:00Z")]
    [InlineData("9998-12-31T23:59:59.9999999Z")]
    public void SdkTime_Accepted_SameInstantAsTryParse(string text)
    {
        SegmentTime.TryParseIso(Encoding.UTF8.GetBytes(text), out var fast).ShouldBeTrue();

        fast.ShouldBe(Slow(text).ShouldNotBeNull());
        fast.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Theory]
    [InlineData("2024-03-01T10:00:00")]
    [InlineData("2024-03-01 10:00:00Z")]
    [InlineData("2024-03-01t10:00:00z")]
    [InlineData("2024-03-01T10:00:00.12345678Z")]
    [InlineData("2024-03-01T10:00:00.Z")]
    [InlineData("2024-02-30T10:00:00Z")]
    [InlineData("2024-03-01T24:00:00Z")]
    [InlineData("2024-03-01T10:00:60Z")]
    [InlineData("2024-03-01T10:00:00+15:00")]
    [InlineData("2024-03-01T10:00:00+0200")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("2024-03-01")]
    [InlineData("yesterday")]
    public void OtherText_Declined(string text) =>
        SegmentTime.TryParseIso(Encoding.UTF8.GetBytes(text), out _).ShouldBeFalse();

    [Fact]
    public void RandomTexts_AcceptedOnlyWhereTryParseAgrees()
    {
        var random = new Random(3);
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var text = RandomTime(random);
            if (SegmentTime.TryParseIso(Encoding.UTF8.GetBytes(text), out var fast))
            {
                accepted++;
                fast.ShouldBe(Slow(text).ShouldNotBeNull(), text);
            }
        }

        accepted.ShouldBeGreaterThan(5_000);
    }

    private static DateTimeOffset? Slow(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;

    private static string RandomTime(Random random)
    {
        string Two(int max) => random.Next(max).ToString("00", CultureInfo.InvariantCulture);
        var fraction = random.Next(10) switch
        {
            0 => "",
            1 => ".",
            _ => "." + new string([.. Enumerable.Range(0, random.Next(1, 10)).Select(_ => (char)('0' + random.Next(10)))]),
        };
        var zone = random.Next(5) switch
        {
            0 => "Z",
            1 => "",
            2 => "z",
            _ => (random.Next(2) == 0 ? "+" : "-") + Two(16) + ":" + Two(62),
        };
        return $"{random.Next(1, 10000):0000}-{Two(14)}-{Two(33)}T{Two(26)}:{Two(62)}:{Two(62)}{fraction}{zone}";
    }
}
