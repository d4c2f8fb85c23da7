using System.Text;
using Cartwheel.Ingest;

namespace Cartwheel.Tests.Ingest;

/// <summary>The timestamp fast path must agree with the general parser on everything it accepts.</summary>
public sealed class EventTimeTests
{
    [Theory]
    [InlineData("2024-03-01T12:34:56.789Z")]
    [InlineData("2024-02-29T23:59:59.999Z")]
    [InlineData("0001-01-01T00:00:00.000Z")]
    [InlineData("9999-12-31T23:59:59.999Z")]
    public void TryParseUtcMillis_SimulatorShape_SameAsGeneralParser(string text)
    {
        EventTime.TryParseUtcMillis(Encoding.UTF8.GetBytes(text), out var fast).ShouldBeTrue();

        EventTime.TryParse(text.AsSpan(), out var general).ShouldBeTrue();
        fast.ShouldBe(general);
        fast.Kind.ShouldBe(DateTimeKind.Utc);
    }

    [Theory]
    [InlineData("2023-02-29T00:00:00.000Z")] // not a leap year
    [InlineData("2024-04-31T00:00:00.000Z")]
    [InlineData("2024-13-01T00:00:00.000Z")]
    [InlineData("2024-00-01T00:00:00.000Z")]
    [InlineData("2024-01-00T00:00:00.000Z")]
    [InlineData("0000-01-01T00:00:00.000Z")]
    [InlineData("2024-01-01T24:00:00.000Z")]
    [InlineData("2024-01-01T00:60:00.000Z")]
    [InlineData("2024-01-01T00:00:60.000Z")]
    [InlineData("2024-01-01 00:00:00.000Z")]
    [InlineData("2024-01-01T00:00:00.000+")]
    [InlineData("2024-01-01T00:00:00,000Z")]
    [InlineData("2024-01-01T0a:00:00.000Z")]
    [InlineData("-024-01-01T00:00:00.000Z")]
    public void TryParseUtcMillis_InvalidOrOtherShape_DeclinesAndGeneralParserDecidesAlone(string text)
    {
        EventTime.TryParseUtcMillis(Encoding.UTF8.GetBytes(text), out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("2024-03-01T12:34:56Z", "2024-03-01T12:34:56.0000000Z")]
    [InlineData("2024-03-01T12:34:56.123456Z", "2024-03-01T12:34:56.1234560Z")]
    [InlineData("2024-03-01T12:34:56.789+02:00", "2024-03-01T10:34:56.7890000Z")]
    [InlineData("2024-03-01 12:34:56", "2024-03-01T12:34:56.0000000Z")]
    [InlineData("2024-03-01", "2024-03-01T00:00:00.0000000Z")]
    public void TryParse_OtherFormats_StillParsedByGeneralParser(string text, string expected)
    {
        EventTime.TryParse(Encoding.UTF8.GetBytes(text), out var utc).ShouldBeTrue();

        utc.ToString("O", System.Globalization.CultureInfo.InvariantCulture).ShouldBe(expected);
    }

    [Fact]
    public void TryParse_TenThousandMutatedTimestamps_FastPathAgreesWithGeneralParser()
    {
        // Random valid instants, each also with one character replaced by a digit, a separator or a letter:
        // whenever the fast path accepts, the general parser must accept the same instant; and every 24-byte
        // ...Z text the general parser accepts must take the fast path.
        var random = new Random(2024);
        const string replacements = "0123456789-:T.Z +a";
        var accepted = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var instant = new DateTime(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc);
            var chars = instant.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture).ToCharArray();
            if (i % 2 == 1)
            {
                chars[random.Next(chars.Length)] = replacements[random.Next(replacements.Length)];
            }

            var text = new string(chars);
            var fast = EventTime.TryParseUtcMillis(Encoding.UTF8.GetBytes(text), out var fastValue);
            var general = EventTime.TryParse(text.AsSpan(), out var generalValue);

            if (fast)
            {
                general.ShouldBeTrue(text);
                fastValue.ShouldBe(generalValue, text);
                accepted++;
            }
            else if (general && text.Length == 24 && text[^1] == 'Z' && text[10] == 'T' && text[19] == '.')
            {
                throw new ShouldAssertException($"{text}: the general parser accepts it but the fast path declined");
            }
        }

        accepted.ShouldBeGreaterThan(5_000);
    }
}
