using IommuSim.Tests.Support;
namespace IommuSim.Tests.Observe.TraceDat;

/// <summary>A theory that needs trace-cmd: skipped with a reason when it is absent, failing under CI=true instead.</summary>
public sealed class TraceCmdTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets the skip reason when trace-cmd is missing outside CI.</summary>
    public TraceCmdTheoryAttribute()
    {
        if (TraceCmd.Path is null && !ContinuousIntegration.IsOn)
            Skip = "trace-cmd is not installed (apt-get install trace-cmd); under CI=true this test fails instead";
    }
}
