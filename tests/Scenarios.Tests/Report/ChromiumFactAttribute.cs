using IommuSim.Tests.Support;
namespace IommuSim.Scenarios.Tests.Reports;

/// <summary>
/// A fact judged in headless Chromium: skipped, with the reason, where /usr/bin/chromium is not installed; under CI
/// (CI=true) it runs anyway and fails, so that a CI image without Chromium is noticed rather than passed.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Debian's Chromium; Playwright is told to use it and never downloads a browser of its own.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";


    public ChromiumFactAttribute()
    {
        if (!File.Exists(ChromiumPath) && !ContinuousIntegration.IsOn)
            Skip = $"{ChromiumPath} is not installed (apt-get install chromium); under CI=true this test fails instead";
    }
}
