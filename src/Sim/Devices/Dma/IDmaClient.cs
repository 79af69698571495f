namespace IommuSim.Devices;

/// <summary>
/// Receives the outcome of a <see cref="DmaEngine"/> transfer. Implement it on the device that starts transfers; the
/// token identifies the transfer (a slot index), so completing one allocates nothing.
/// </summary>
public interface IDmaClient
{
    /// <summary>
    /// Called when the transfer is over: its data is in memory (a write) or in the device (a read), or, after an IO
    /// page fault, when the IOMMU aborted it (no data moved).
    /// </summary>
    void OnDmaDone(long token, in DmaOutcome outcome);
}
