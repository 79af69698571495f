using IommuSim.Iommu;
using IommuSim.Parameters;

namespace IommuSim.Platform;

/// <summary>
/// One IOMMU unit (an Intel DRHD, an AMD IVHD, an Arm SMMUv3 node) and the PCI functions it translates,
/// one item of <c>platform.iommu_units</c>. The scope is either everything on the segment not claimed by
/// another unit (<c>include_all</c>, Intel's INCLUDE_PCI_ALL) or explicit lists: <c>devices</c> (exactly
/// those functions) and <c>subtrees</c> (a port or bridge and everything below it, like a DMAR
/// "PCI sub-hierarchy" scope entry). A virtual function belongs to its physical function's unit.
/// </summary>
/// <example>
/// <code>
/// platform:
///   iommu_units:
///     - { name: dmar0, subtrees: ["0000:00:02.0"] }
///     - { name: dmar1, include_all: true }
/// </code>
/// </example>
public sealed record IommuUnitSpec : IValidatableSpec
{
    /// <summary>Unit name, used in reports.</summary>
    [Param("name", "Unique unit name, used in reports (e.g. dmar0).", Required = true)]
    public string Name { get; init; } = "";

    /// <summary>The unit's architecture; null means platform.iommu.kind, which every unit must match.</summary>
    [Param("kind", "IOMMU architecture of the unit; empty means platform.iommu.kind, which every unit must match.",
        Source = "platform.iommu.kind: Linux runs one IOMMU driver per host, so all units share its kind")]
    public IommuKind? Kind { get; init; }

    /// <summary>The PCI segment the unit serves.</summary>
    [Param("segment", "PCI segment group the unit serves.", Source = "segment 0: single-segment machines", Min = 0, Max = 65535)]
    public int Segment { get; init; }

    /// <summary>True: every function of the segment that no other unit lists (Intel INCLUDE_PCI_ALL).</summary>
    [Param("include_all", "True: the unit translates every function of its segment that no other unit lists (Intel INCLUDE_PCI_ALL).")]
    public bool IncludeAll { get; init; }

    /// <summary>Functions in scope, exactly as listed.</summary>
    [Param("devices", "Functions the unit translates, exactly as listed (BDFs).")]
    public IReadOnlyList<string> Devices { get; init; } = [];

    /// <summary>Ports or bridges whose whole subtree (themselves included) is in scope.</summary>
    [Param("subtrees", "Ports or bridges whose whole subtree, themselves included, the unit translates (BDFs).")]
    public IReadOnlyList<string> Subtrees { get; init; } = [];

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
            yield return new SpecProblem("name", "a unit needs a name");
        bool listed = Devices.Count > 0 || Subtrees.Count > 0;
        if (IncludeAll && listed)
            yield return new SpecProblem("include_all",
                $"unit '{Name}' has include_all and also lists devices or subtrees; include_all already covers every unlisted function, drop one");
        if (!IncludeAll && !listed)
            yield return new SpecProblem("include_all",
                $"unit '{Name}' translates nothing: set include_all: true, or list devices or subtrees");
        for (int i = 0; i < Devices.Count; i++)
            if (!PciAddress.TryParse(Devices[i], out _, out var error))
                yield return new SpecProblem($"devices.{i}", error);
        for (int i = 0; i < Subtrees.Count; i++)
            if (!PciAddress.TryParse(Subtrees[i], out _, out var error))
                yield return new SpecProblem($"subtrees.{i}", error);
    }
}
