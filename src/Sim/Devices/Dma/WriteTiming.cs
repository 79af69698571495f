namespace IommuSim.Devices;

/// <summary>When a posted write left the device and when it reached memory, as <see cref="PcieDmaEngine"/> computes them.</summary>
/// <param name="DrainedPs">When its last TLP had crossed the link, so its data has left the device, in picoseconds.</param>
/// <param name="InMemoryPs">When its last TLP retired to memory, in picoseconds; <see cref="Pcie.RetireTimeline.Unknown"/>
/// while a translation it waits behind is still walking.</param>
/// <param name="Faulted">True when an IO page fault aborted one of its pieces: the root complex dropped that data.</param>
public readonly record struct WriteTiming(long DrainedPs, long InMemoryPs, bool Faulted);
