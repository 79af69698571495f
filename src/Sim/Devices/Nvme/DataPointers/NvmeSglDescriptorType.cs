namespace IommuSim.Devices.Nvme;

/// <summary>
/// SGL descriptor types the Linux driver uses (NVMe Base Specification, SGL Descriptor Type, the upper nibble of
/// byte 15 of a 16-byte descriptor).
/// </summary>
public enum NvmeSglDescriptorType : byte
{
    /// <summary>Data Block: address and length of data.</summary>
    DataBlock = 0x0,

    /// <summary>Segment: points to a further segment that is not the last (Linux no longer builds these).</summary>
    Segment = 0x2,

    /// <summary>Last Segment: points to the final segment, an array of Data Block descriptors.</summary>
    LastSegment = 0x3,
}
