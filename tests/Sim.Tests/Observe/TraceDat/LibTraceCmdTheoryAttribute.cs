using IommuSim.Tests.Support;
namespace IommuSim.Tests.Observe.TraceDat;

/// <summary>
/// A theory judged by the C reader built against libtracecmd: skipped with a reason when <c>cc</c> or
/// pkg-config's libtracecmd is missing, failing under CI=true instead.
/// </summary>
public sealed class LibTraceCmdTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets the skip reason when the reader cannot be built outside CI.</summary>
    public LibTraceCmdTheoryAttribute()
    {
        if (LibTraceCmdReader.Missing is { } missing && !ContinuousIntegration.IsOn)
            Skip = $"{missing}; under CI=true this test fails instead";
    }
}
