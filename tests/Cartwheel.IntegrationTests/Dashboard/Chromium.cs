using Microsoft.Playwright;

namespace Cartwheel.IntegrationTests.Dashboard;

/// <summary>
/// Headless Chromium from the apt package, driven by Playwright without <c>playwright install</c>. Missing: the test is
/// skipped locally with a message, and fails when <c>CI=true</c> (scripts/test.sh installs it from test-prerequisites.txt).
/// </summary>
internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            var message = $"Chromium is not installed at {ExecutablePath} (apt-get install chromium, or run scripts/test.sh as root).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Skip(message);
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        return (playwright, browser);
    }
}
