namespace IommuSim.Iommu;

/// <summary>The result of translating one IOVA: where it lands, through what page, with what rights.</summary>
/// <param name="PhysicalAddress">The physical address of the translated IOVA (page base plus offset).</param>
/// <param name="PageSize">The size of the leaf that maps it.</param>
/// <param name="Permissions">The rights the leaf grants.</param>
public readonly record struct TranslationLeaf(ulong PhysicalAddress, PageSize PageSize, Permissions Permissions)
{
    /// <summary>The physical address of the start of the page.</summary>
    public ulong PagePhysicalAddress => PhysicalAddress & ~PageSize.OffsetMask;
}
