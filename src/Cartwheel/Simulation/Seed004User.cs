namespace Cartwheel.Simulation;

/// <summary>A row of the seed004 <c>users.csv</c>: <c>user_id,signup_date,device_type,country</c>.</summary>
public sealed record Seed004User(string UserId, DateOnly SignupDate, string DeviceType, string Country);
