namespace IommuSim.Devices.Nvme;

/// <summary>A 16-byte SGL descriptor as the command's data pointer holds it.</summary>
/// <param name="Address">Data address (Data Block) or the address of the segment it points to.</param>
/// <param name="Length">Bytes of data (Data Block) or of the segment (16 per descriptor in it).</param>
/// <param name="Type">The descriptor type.</param>
public readonly record struct NvmeSglDescriptor(ulong Address, uint Length, NvmeSglDescriptorType Type)
{
    /// <summary>Bytes of one SGL descriptor (NVMe Base Specification: every SGL descriptor is 16 bytes).</summary>
    public const int Size = 16;
}
