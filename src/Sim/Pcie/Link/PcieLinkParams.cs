using IommuSim.Kernel;
using IommuSim.Parameters;
using IommuSim.Units;

namespace IommuSim.Pcie;

/// <summary>
/// A device's PCIe link and the transaction sizes configured on it: generation, width, Max Payload Size, Max Read
/// Request Size, Read Completion Boundary, ECRC, header format and tags. The link defaults are the configuration
/// pcie-bench's model computes by default (Neugebauer et al., SIGCOMM 2018; github.com/pcie-bench/pcie-model,
/// pcie_bw.py): Gen3 x8, MPS 256 B, MRRS 512 B, RCB 64 B, 64-bit addresses, no ECRC.
/// </summary>
public sealed record PcieLinkParams : IValidatableSpec
{
    // The widths of the Link Capabilities register's Maximum Link Width field.
    private static readonly int[] LinkWidths = [1, 2, 4, 8, 12, 16, 32];

    /// <summary>The PCIe generation, 1 to 6: 2.5, 5, 8, 16, 32 or 64 GT/s per lane.</summary>
    [Param("generation", "PCIe generation 1-6 (2.5, 5, 8, 16, 32, 64 GT/s per lane); 6 runs in Flit mode.",
        Source = "pcie-model pcie_bw.py default --gen gen3 (the model of Neugebauer et al., SIGCOMM 2018)",
        Min = 1, Max = 6)]
    public int Generation { get; init; } = 3;

    /// <summary>Lanes of the link.</summary>
    [Param("lanes", "Link width in lanes: 1, 2, 4, 8, 12, 16 or 32.",
        Source = "pcie-model pcie_bw.py default --lanes x8 (the model of Neugebauer et al., SIGCOMM 2018)",
        Min = 1, Max = 32)]
    public int Lanes { get; init; } = 8;

    /// <summary>Max Payload Size: the largest data payload of one TLP (writes and completions).</summary>
    [Param("max_payload", "Max Payload Size: the largest payload of a write or completion TLP, a power of two 128B-4KiB.",
        Source = "pcie-model pcie_bw.py default --mps 256",
        Min = 128, Max = 4096)]
    public ByteSize MaxPayload { get; init; } = ByteSize.FromBytes(256);

    /// <summary>Max Read Request Size: the most bytes one read request asks for.</summary>
    [Param("max_read_request", "Max Read Request Size: the most bytes one read request TLP asks for, a power of two 128B-4KiB.",
        Source = "pcie-model pcie_bw.py default --mrrs 512",
        Min = 128, Max = 4096)]
    public ByteSize MaxReadRequest { get; init; } = ByteSize.FromBytes(512);

    /// <summary>Read Completion Boundary of the root complex: completions are split at multiples of it.</summary>
    [Param("read_completion_boundary", "Read Completion Boundary of the completer (the root port): 64B or 128B.",
        Source = "pcie-model pcie_bw.py default --rcb 64",
        Min = 64, Max = 128)]
    public ByteSize ReadCompletionBoundary { get; init; } = ByteSize.FromBytes(64);

    /// <summary>Whether every TLP carries the 4-byte end-to-end CRC (the TLP digest).</summary>
    [Param("ecrc", "Whether TLPs carry the 4-byte ECRC digest.",
        Source = "off: pcie-model pcie_bw.py default --ecrc 0")]
    public bool Ecrc { get; init; }

    /// <summary>
    /// Whether the device addresses memory with 64 bits: requests to addresses at or above 4 GiB then use 4DW
    /// headers, those below 3DW, as the spec requires (PCIe Base Spec §2.2.4.1: below 4 GiB the 32-bit format
    /// must be used). When false every request has a 3DW header and must address the first 4 GiB.
    /// </summary>
    [Param("address_64bit", "64-bit addressing: 4DW request headers at or above 4GiB (3DW below, as the spec requires); false: 3DW only, addresses below 4GiB.",
        Source = "pcie-model pcie_bw.py default --addr 64")]
    public bool Address64Bit { get; init; } = true;

    /// <summary>Non-posted requests (reads) the device may have outstanding: one tag each.</summary>
    [Param("tags", "Outstanding read requests (tags): 32 with 5-bit tags, 256 with 8-bit Extended Tags, 768 with 10-bit tags (Gen4 and later).",
        Source = "256: Linux enables 8-bit Extended Tags on every device that supports them (drivers/pci/probe.c, pci_configure_extended_tags, since commit 60db3a4d8cc9)",
        Min = 1, Max = 768)]
    public int Tags { get; init; } = 256;

    /// <summary>One-way latency between the device's DMA engine and the root port's buffers, besides serialisation.</summary>
    [Param("latency", "One-way latency from the device's DMA engine to the root port's buffers (and back), besides the time the TLPs take on the link.",
        Source = "fitted to pcie-bench's measured 64 B DMA read round trip, median about 600 ns with the IOMMU off on an NFP-6000 " +
                 "(Neugebauer et al., SIGCOMM 2018; github.com/pcie-bench/data): (600 - 90 ns DRAM read - 15 ns of Gen3 x8 " +
                 "serialisation) / 2, see docs/parameters.md", Min = 0, Max = Bounds.HardwareLatency)]
    public SimTime Latency { get; init; } = SimTime.FromNanoseconds(248);

    /// <summary>DMA transactions per second the device's engine can start; 0 for no limit beyond the link's.</summary>
    [Param("dma_rate", "DMA transactions per second the device's DMA engine starts at most (each write or read it issues); 0: no limit but the link.",
        Source = "convention: 0, an ASIC NIC's engine keeps up with its line rate; pcie-bench measured about 47.5 M small writes/s and 67 M " +
                 "small reads/s on the NFP-6000 (github.com/pcie-bench/data), a value to set for such a device", Min = 0, Max = 1e10)]
    public double DmaRate { get; init; }

    /// <inheritdoc/>
    public IEnumerable<SpecProblem> Validate()
    {
        if (Generation is < 1 or > 6) yield return new SpecProblem("generation", $"generation must be 1 to 6, not {Generation}");
        if (Array.IndexOf(LinkWidths, Lanes) < 0)
            yield return new SpecProblem("lanes", $"a link is x1, x2, x4, x8, x12, x16 or x32, not x{Lanes}");
        if (!IsTransferSize(MaxPayload.Bytes))
            yield return new SpecProblem("max_payload", $"max_payload must be a power of two from 128B to 4KiB, not {MaxPayload}");
        if (!IsTransferSize(MaxReadRequest.Bytes))
            yield return new SpecProblem("max_read_request", $"max_read_request must be a power of two from 128B to 4KiB, not {MaxReadRequest}");
        if (ReadCompletionBoundary.Bytes is not (64 or 128))
            yield return new SpecProblem("read_completion_boundary", $"read_completion_boundary must be 64B or 128B, not {ReadCompletionBoundary}");
        if (Tags is < 1 or > 768)
            yield return new SpecProblem("tags", $"tags must be 1 to 768, not {Tags}");
        else if (Tags > 256 && Generation < 4)
            yield return new SpecProblem("tags", $"more than 256 tags needs 10-bit tags, which came with PCIe 4.0 (generation 4); generation is {Generation}");
    }

    /// <summary>True when the record passes <see cref="Validate"/>.</summary>
    public bool IsValid
    {
        get
        {
            foreach (var _ in Validate()) return false;
            return true;
        }
    }

    private static bool IsTransferSize(long bytes) => bytes is >= 128 and <= 4096 && (bytes & (bytes - 1)) == 0;
}
