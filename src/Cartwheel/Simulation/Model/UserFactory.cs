using Bogus;
using Cartwheel.Contracts;

namespace Cartwheel.Simulation.Model;

/// <summary>
/// Creates the customers and their profile history: most signed up before the window, some during it; some change
/// tier once, some twice, some move. Every change is a new full row with a later updated_at.
/// </summary>
internal static class UserFactory
{
    private static readonly string[] Domains = ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "proton.me", "example.net"];

    public static List<SimUser> Create(SimulationOptions options, Faker faker, Random random)
    {
        var start = options.StartTime;
        var end = options.End;
        var users = new List<SimUser>(options.Users);
        for (var i = 0; i < options.Users; i++)
        {
            var id = $"user_{i + 1:D6}";
            var first = faker.Name.FirstName();
            var last = faker.Name.LastName();
            var email = $"{Ascii(first)}.{Ascii(last)}{i + 1}@{Domains[random.Next(Domains.Length)]}";
            var (country, state) = Geography.Pick(random);
            var tierRoll = random.NextDouble();
            var tier = tierRoll < 0.75 ? UserTier.Free : tierRoll < 0.93 ? UserTier.Premium : UserTier.Vip;
            var deviceRoll = random.NextDouble();
            var device = deviceRoll < 0.55 ? DeviceType.Mobile : deviceRoll < 0.9 ? DeviceType.Desktop : DeviceType.Tablet;
            var signup = random.NextDouble() < 0.8
                ? Sampling.Between(start.AddDays(-730), start, random)
                : Sampling.Between(start, end.AddHours(-1), random);
            var profile = new UserProfile(id, email, $"{first} {last}", faker.Phone.PhoneNumber("###-###-####"), country, state,
                tier, device, DateOnly.FromDateTime(signup.UtcDateTime), signup);
            var versions = new List<UserProfile> { profile };
            AddChanges(versions, random, start, end);
            users.Add(new SimUser(id, Sampling.Id("a_", random), signup, Ip(random), versions));
        }

        return users;
    }

    public static string Ip(Random random) =>
        $"{random.Next(1, 224)}.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}";

    private static void AddChanges(List<UserProfile> versions, Random random, DateTimeOffset start, DateTimeOffset end)
    {
        var first = versions[0];
        var from = first.UpdatedAt.AddMinutes(1) > start.AddDays(-60) ? first.UpdatedAt.AddMinutes(1) : start.AddDays(-60);
        var roll = random.NextDouble();
        var t1 = Sampling.Between(from, end, random);
        if (roll < 0.04)
        {
            // Two tier changes: exactly three versions.
            var t2 = Sampling.Between(t1.AddSeconds(1), end.AddSeconds(1), random);
            var middle = first with { Tier = NextTier(first.Tier), UpdatedAt = t1 };
            versions.Add(middle);
            versions.Add(middle with { Tier = NextTier(middle.Tier), UpdatedAt = t2 });
        }
        else if (roll < 0.16)
        {
            versions.Add(first with { Tier = NextTier(first.Tier), UpdatedAt = t1 });
        }
        else if (roll < 0.20)
        {
            var (country, state) = Geography.Pick(random);
            while (country == first.Country && state == first.State)
            {
                (country, state) = Geography.Pick(random);
            }

            versions.Add(first with { Country = country, State = state, UpdatedAt = t1 });
        }
    }

    private static UserTier NextTier(UserTier tier) => tier switch
    {
        UserTier.Free => UserTier.Premium,
        UserTier.Premium => UserTier.Vip,
        _ => UserTier.Premium,
    };

    private static string Ascii(string name)
    {
        var letters = new string(name.ToLowerInvariant().Where(c => c is >= 'a' and <= 'z').ToArray());
        return letters.Length > 0 ? letters : "user";
    }
}
