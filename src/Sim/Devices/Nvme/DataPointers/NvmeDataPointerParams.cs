using IommuSim.Parameters;
using IommuSim.Units;

namespace IommuSim.Devices.Nvme;

/// <summary>How the driver may describe a command's data to the controller: PRPs always, SGLs when both sides allow.</summary>
public sealed record NvmeDataPointerParams
{
    /// <summary>Whether the controller supports SGLs for I/O commands (Identify Controller SGLS bits 1:0 not 00b).</summary>
    [Param("sgl", "The controller supports SGLs for I/O commands (Identify Controller SGLS); without them every command uses PRPs.",
        Source = "convention: false, because the NVMe Base Specification makes SGL support optional for I/O commands " +
                 "(Identify Controller SGLS = 00b: not supported) while PRPs are always supported, so PRPs are the format every " +
                 "controller accepts")]
    public bool Sgl { get; init; }

    /// <summary>The average segment size from which Linux chooses SGLs over PRPs; zero keeps PRPs except where they cannot describe the data.</summary>
    [Param("sgl_threshold", "Linux nvme sgl_threshold: use SGLs when the request's average DMA segment is at least this size; 0 disables that choice.",
        Source = "Linux drivers/nvme/host/pci.c: static unsigned int sgl_threshold = SZ_32K; module_param(sgl_threshold, uint, 0644) " +
                 "(\"Use SGLs when average request segment size is larger or equal to this size. Use 0 to disable SGLs.\")",
        Min = 0, Max = uint.MaxValue)]
    public ByteSize SglThreshold { get; init; } = ByteSize.FromKiB(32);
}
