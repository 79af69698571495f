namespace IommuSim.Devices;

/// <summary>
/// The counters every device keeps over the measured time (the columns of <c>devices.csv</c>). A device counts a
/// "request" in its own unit: a DMA request for <c>dma-stream</c>, a packet for a NIC.
/// </summary>
/// <param name="Issued">Requests that arrived.</param>
/// <param name="Completed">Requests whose data reached memory (or the device, for reads).</param>
/// <param name="Aborted">Requests aborted (an IO page fault, a failed map, a drop).</param>
/// <param name="MapFailures">Maps that failed (IOVA space or SWIOTLB slots exhausted).</param>
/// <param name="Interrupts">Interrupts raised.</param>
/// <param name="IotlbHits">Translations of the device's pieces that the IOTLB answered.</param>
/// <param name="IotlbMisses">Translations that needed a page walk (their own or a shared one).</param>
/// <param name="BytesCompleted">Payload bytes of completed requests.</param>
/// <param name="MeanInFlight">Time-averaged requests between arrival and data in memory (Little's law L).</param>
public readonly record struct DeviceCounters(
    long Issued, long Completed, long Aborted, long MapFailures, long Interrupts, long IotlbHits, long IotlbMisses,
    long BytesCompleted, double MeanInFlight);
