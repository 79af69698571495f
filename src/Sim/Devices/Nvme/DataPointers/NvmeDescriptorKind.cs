namespace IommuSim.Devices.Nvme;

/// <summary>What a descriptor read fetches before the controller can move data.</summary>
public enum NvmeDescriptorKind
{
    /// <summary>Entries of a PRP list page (8 bytes each; the last of a full page may point to the next page).</summary>
    PrpList,

    /// <summary>An SGL segment: an array of 16-byte SGL descriptors.</summary>
    SglSegment,
}
