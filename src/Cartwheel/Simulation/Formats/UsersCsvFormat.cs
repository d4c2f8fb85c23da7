using System.Globalization;
using Cartwheel.Contracts;

namespace Cartwheel.Simulation.Formats;

/// <summary>Native <c>users.csv</c>: one profile version per row.</summary>
internal sealed class UsersCsvFormat()
    : CsvRecordFormat<UserProfile>("users.csv",
        ["user_id", "email", "name", "phone", "country", "state", "tier", "device_type", "signup_date", "updated_at"],
        "user_id", "updated_at", [.. Common, CorruptionKind.WrongType, CorruptionKind.BadValue])
{
    private static readonly string[] Tiers = ["free", "premium", "vip"];

    protected override string[] Fields(UserProfile u) =>
    [
        u.UserId, u.Email, u.Name, u.Phone ?? "", u.Country, u.State ?? "", Tiers[(int)u.Tier], EventJson.DeviceName(u.DeviceType),
        u.SignupDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), UtcTimestampJsonConverter.ToText(u.UpdatedAt),
    ];

    protected override void Mutate(string[] fields, CorruptionKind kind, double choice)
    {
        switch (kind)
        {
            case CorruptionKind.WrongType: fields[Column("signup_date")] = "someday"; break;
            case CorruptionKind.BadValue when choice < 0.5: fields[Column("email")] = "not-an-email"; break;
            case CorruptionKind.BadValue: fields[Column("tier")] = "platinum"; break;
            default: throw Unsupported(kind);
        }
    }
}
