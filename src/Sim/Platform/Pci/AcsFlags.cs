using IommuSim.Parameters;

namespace IommuSim.Platform;

/// <summary>
/// PCIe Access Control Services controls in effect on a port or function (PCIe Base 3.0 §6.12 and
/// §7.16; bit values of the ACS Control register as in Linux's <c>PCI_ACS_*</c>). Write the effective set:
/// Linux treats a control the capability does not implement as hard-wired on, and a function with no ACS
/// capability at all as isolating nothing. Scenario files list them, e.g. <c>acs: [sv, rr, cr, uf]</c> or <c>acs: [all]</c>.
/// </summary>
[Flags]
public enum AcsFlags
{
    /// <summary>No ACS capability.</summary>
    [SpecName("none")]
    None = 0,
    /// <summary>Source Validation: the port checks requester IDs against its bus range (no spoofing).</summary>
    [SpecName("sv")]
    SourceValidation = 0x01,
    /// <summary>P2P Request Redirect: peer-to-peer requests go up to the root complex (and its IOMMU).</summary>
    [SpecName("rr")]
    RequestRedirect = 0x04,
    /// <summary>P2P Completion Redirect: peer-to-peer completions go up as well.</summary>
    [SpecName("cr")]
    CompletionRedirect = 0x08,
    /// <summary>Upstream Forwarding: requests aimed back down the port they came from are forwarded up.</summary>
    [SpecName("uf")]
    UpstreamForwarding = 0x10,
    /// <summary>
    /// The four controls Linux requires before it calls a function isolated (REQ_ACS_FLAGS in
    /// drivers/iommu/iommu.c): SV, RR, CR and UF.
    /// </summary>
    [SpecName("all")]
    Isolating = SourceValidation | RequestRedirect | CompletionRedirect | UpstreamForwarding,
}
