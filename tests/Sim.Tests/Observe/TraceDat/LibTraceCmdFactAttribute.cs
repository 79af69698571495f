using IommuSim.Tests.Support;
namespace IommuSim.Tests.Observe.TraceDat;

/// <summary>
/// A fact judged by the C reader built against libtracecmd (and, when asked, by trace-cmd too): skipped, with the
/// reason, where <c>cc</c>, pkg-config's libtracecmd or trace-cmd is missing; under CI (CI=true) it runs anyway
/// and fails, so that a CI image without them is noticed rather than passed.
/// </summary>
public sealed class LibTraceCmdFactAttribute : FactAttribute
{
    /// <summary>Sets the skip reason when the reader (or trace-cmd, if <paramref name="withTraceCmd"/>) is missing outside CI.</summary>
    public LibTraceCmdFactAttribute(bool withTraceCmd = false)
    {
        if (ContinuousIntegration.IsOn) return;
        if (LibTraceCmdReader.Missing is { } missing)
            Skip = $"{missing}; under CI=true this test fails instead";
        else if (withTraceCmd && TraceCmd.Path is null)
            Skip = "trace-cmd is not installed (apt-get install trace-cmd); under CI=true this test fails instead";
    }
}
