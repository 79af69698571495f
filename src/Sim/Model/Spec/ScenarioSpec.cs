namespace IommuSim.Model.Spec;

/// <summary>
/// One fully bound scenario (one variant): what the scenario file says, with defaults filled in.
/// Scenario files bind to it through the <see cref="ParamAttribute"/> keys; notebooks build it in code.
/// </summary>
public sealed record ScenarioSpec : IValidatableSpec
{
    /// <summary>Scenario name, used in output rows.</summary>
    [Param("name", "Scenario name, shown in reports.")]
    public string Name { get; init; } = "scenario";

    /// <summary>Free text describing the scenario.</summary>
    [Param("description", "What the scenario studies.")]
    public string Description { get; init; } = "";

    /// <summary>Run settings.</summary>
    [Param("run", "Duration, warm-up, seed and replications.")]
    public RunSpec Run { get; init; } = new();

    /// <summary>The hardware platform.</summary>
    [Param("platform", "Memory and IOMMU of the simulated machine.")]
    public PlatformSpec Platform { get; init; } = new();

    /// <summary>The Linux host's IOMMU policy.</summary>
    [Param("host", "How the Linux host uses the IOMMU.")]
    public HostSpec Host { get; init; } = new();

    /// <summary>The devices issuing DMA.</summary>
    [Param("devices", "Devices and their workloads.", Required = true)]
    public IReadOnlyList<DeviceSpec> Devices { get; init; } = [];

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate()
    {
        if (Devices.Count == 0) yield return new SpecProblem("devices", "at least one device is needed");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < Devices.Count; i++)
            if (!seen.Add(Devices[i].Name))
                yield return new SpecProblem($"devices.{i}.name", $"device name '{Devices[i].Name}' is used twice; names must be unique");
    }
}
