namespace IommuSim.Tests.Support;

/// <summary>
/// Whether the tests run under CI (CI=true, as .ci/run sets it): there a missing external tool (trace-cmd, a C
/// compiler with libtracecmd, Chromium, Jupyter's .NET kernel) fails its tests instead of skipping them.
/// </summary>
internal static class ContinuousIntegration
{
    public static bool IsOn => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
