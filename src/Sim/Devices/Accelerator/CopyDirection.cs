using IommuSim.Parameters;

namespace IommuSim.Devices.Accelerator;

/// <summary>Which way an accelerator's bulk copies go.</summary>
public enum CopyDirection
{
    /// <summary>Host to device: the device DMA-reads host memory.</summary>
    [SpecName("to-device")]
    ToDevice,

    /// <summary>Device to host: the device DMA-writes host memory.</summary>
    [SpecName("from-device")]
    FromDevice,

    /// <summary>Both, request by request in turn.</summary>
    [SpecName("both")]
    Both,
}
