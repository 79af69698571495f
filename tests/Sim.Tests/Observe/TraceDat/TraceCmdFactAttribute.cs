using IommuSim.Tests.Support;
namespace IommuSim.Tests.Observe.TraceDat;

/// <summary>
/// A fact judged by the trace-cmd tool: skipped, with the reason, where trace-cmd is not installed; under CI
/// (CI=true) it runs anyway and fails, so that a CI image without trace-cmd is noticed rather than passed.
/// </summary>
public sealed class TraceCmdFactAttribute : FactAttribute
{
    public TraceCmdFactAttribute()
    {
        if (TraceCmd.Path is null && !ContinuousIntegration.IsOn)
            Skip = "trace-cmd is not installed (apt-get install trace-cmd); under CI=true this test fails instead";
    }
}
