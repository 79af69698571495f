namespace IommuSim.Devices.DmaStream;

/// <summary>Direction of a DMA from the device's point of view.</summary>
public enum DmaDirection
{
    /// <summary>The device reads memory (e.g. NIC TX, NVMe write command data).</summary>
    Read,
    /// <summary>The device writes memory (e.g. NIC RX, NVMe read command data).</summary>
    Write,
}
