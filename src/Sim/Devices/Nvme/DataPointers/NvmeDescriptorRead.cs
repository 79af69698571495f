namespace IommuSim.Devices.Nvme;

/// <summary>One read the controller makes of host memory to learn where the data are.</summary>
/// <param name="Address">DMA address of the first byte read.</param>
/// <param name="Length">Bytes read: 8 per PRP entry used, 16 per SGL descriptor.</param>
/// <param name="Kind">What the bytes hold.</param>
public readonly record struct NvmeDescriptorRead(ulong Address, uint Length, NvmeDescriptorKind Kind);
