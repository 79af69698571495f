namespace IommuSim.Iommu;

/// <summary>
/// One DMA's request for translation: who asks (the PCIe requester ID the IOMMU sees, bus:device.function as
/// <c>bus &lt;&lt; 8 | device &lt;&lt; 3 | function</c>), which IOVA, for what access, and whether the device
/// uses ATS (its own ATC first). The domain is not part of the request: the IOMMU finds it from the
/// requester ID through the context cache and context table, as hardware does.
/// </summary>
/// <param name="RequesterId">The requester ID.</param>
/// <param name="Iova">The address the device used.</param>
/// <param name="Access">Read or write.</param>
/// <param name="UseAts">Whether the device looks in its ATC first (honoured when the unit has ATS enabled).</param>
public readonly record struct TranslationRequest(ushort RequesterId, ulong Iova, AccessKind Access, bool UseAts = false);
