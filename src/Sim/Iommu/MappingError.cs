namespace IommuSim.Iommu;

/// <summary>Why a map or unmap request was refused.</summary>
public enum MappingError
{
    /// <summary>The size is zero.</summary>
    ZeroSize,
    /// <summary>The IOVA, physical address or size is not a multiple of 4 KiB.</summary>
    Unaligned,
    /// <summary>The IOVA range reaches past the domain's input address width.</summary>
    BeyondAddressWidth,
    /// <summary>The physical range reaches past what a table entry can hold (52 bits).</summary>
    BeyondPhysicalWidth,
    /// <summary>The permissions are <see cref="Permissions.None"/> or contain unknown bits.</summary>
    InvalidPermissions,
    /// <summary>Part of the IOVA range is already mapped.</summary>
    Overlap,
}
