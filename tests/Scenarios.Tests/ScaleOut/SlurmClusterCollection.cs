namespace IommuSim.Scenarios.Tests.ScaleOut;

/// <summary>The tests on the Slurm test cluster: one cluster for all of them, and one test at a time on its two CPUs.</summary>
[CollectionDefinition(Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SlurmClusterCollection : ICollectionFixture<SlurmCluster>
{
    public const string Name = "Slurm cluster";
}
