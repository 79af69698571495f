using IommuSim.Tests.Support;

namespace IommuSim.Scenarios.Tests.ScaleOut;

/// <summary>
/// A fact judged on a real single-node Slurm cluster (<see cref="SlurmCluster"/>): skipped, with the reason, where
/// slurm-wlm or munge is not installed or the tests do not run as root; under CI (CI=true) it runs anyway and fails,
/// so that a CI image without them is noticed rather than passed.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (ContinuousIntegration.IsOn) return;
        if (SlurmTools.Missing() is { } reason) Skip = reason + "; under CI=true this test fails instead";
    }
}
