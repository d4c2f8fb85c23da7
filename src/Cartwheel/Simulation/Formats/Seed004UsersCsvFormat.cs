using System.Globalization;

namespace Cartwheel.Simulation.Formats;

/// <summary>The seed004 <c>users.csv</c>: user_id,signup_date,device_type,country.</summary>
internal sealed class Seed004UsersCsvFormat()
    : CsvRecordFormat<Seed004User>("users.csv", ["user_id", "signup_date", "device_type", "country"], "user_id", "signup_date", Common)
{
    protected override string[] Fields(Seed004User u) =>
        [u.UserId, u.SignupDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), u.DeviceType, u.Country];
}
