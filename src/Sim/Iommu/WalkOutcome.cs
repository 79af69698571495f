namespace IommuSim.Iommu;

/// <summary>How a page walk ended.</summary>
public enum WalkOutcome
{
    /// <summary>A leaf maps the IOVA.</summary>
    Leaf,
    /// <summary>An entry on the path is not present: the IOVA is unmapped (an IO page fault for a device).</summary>
    NotPresent,
    /// <summary>The IOVA lies past the table's address width; no table is read.</summary>
    BeyondAddressWidth,
}
