using IommuSim.Kernel;
using IommuSim.Parameters;

namespace IommuSim.Pcie;

/// <summary>
/// The root complex's inbound buffers and the memory behind them: how many cache lines of posted writes and of
/// non-posted reads it holds at once, how long a line takes to reach memory (or the LLC, with DDIO), and how often
/// DDIO places a write in, or serves a read from, the last-level cache.
/// </summary>
/// <remarks>
/// A buffer line stays taken from the credit grant until the write is admitted to the memory controller (or the LLC)
/// or the read's data leaves; so, as in the P2M-Write domain of Vuppalapati et al., throughput is at most
/// lines × 64 B / (translation + write latency).
/// </remarks>
public sealed record RootComplexParams
{
    internal const string HostNetwork =
        "Vuppalapati et al., Understanding the Host Network, SIGCOMM 2024 (extended version, tech-report.pdf of " +
        "github.com/host-architecture/understanding-the-host-network), on their Ice Lake (Xeon Platinum 8362) and " +
        "Cascade Lake (Xeon Gold 6234) servers of Table 1";

    /// <summary>Cache lines of posted writes the root complex buffers at once: the write credits.</summary>
    [Param("write_buffer_lines", "Cache lines (64 B) of posted DMA writes the root complex's IIO write buffer holds; a write waits for free lines.",
        Source = HostNetwork + ": §4.1 (Domain Credits: P2M-Write credits are limited by the IIO write buffer size, ~92 cache lines) " +
                 "and §4.2 (P2M-Write: the IIO write buffer occupancy saturates at ~92)", Min = 1, Max = 65536)]
    public int WriteBufferLines { get; init; } = 92;

    /// <summary>Cache lines of non-posted reads in flight at once: the read credits.</summary>
    [Param("read_buffer_entries", "Cache lines of DMA reads the root complex's IIO read buffer tracks at once, each held until its completion data leaves.",
        Source = HostNetwork + ": a lower bound; §4.1 gives the IIO read buffer as >164 cache lines and §4.2 (P2M-Read) finds " +
                 "in-flight P2M reads at the CHA saturating at ~164 (the IIO read buffer itself could not be measured)", Min = 1, Max = 65536)]
    public int ReadBufferEntries { get; init; } = 164;

    /// <summary>From a write's arrival (and translation) until the memory controller admits it and its lines are free.</summary>
    [Param("memory_write_latency", "Time from a translated DMA write in the root complex until the memory controller admits it and its buffer lines are freed.",
        Source = HostNetwork + ": §4.2 (P2M-Write, Figure 6(c)): unloaded P2M-Write domain latency, IIO to memory controller, ~300 ns",
        Min = 0, Max = Bounds.HardwareLatency)]
    public SimTime MemoryWriteLatency { get; init; } = SimTime.FromNanoseconds(300);

    /// <summary>From a read's arrival (and translation) until its data is back from DRAM and its completion leaves.</summary>
    [Param("memory_read_latency", "Time from a translated DMA read in the root complex until its data is back from memory and its completion leaves.",
        Source = "convention: platform.memory.dram_latency's value (AnandTech, Skylake-SP vs EPYC 7000 (2017), LMBench random load: " +
                 "Xeon Skylake-SP memory 89-91 ns), as a read from the IIO waits for DRAM as a core's does; " + HostNetwork +
                 ", §4.2 (P2M-Read) could not measure the IIO read latency", Min = 0, Max = Bounds.HardwareLatency)]
    public SimTime MemoryReadLatency { get; init; } = SimTime.FromNanoseconds(90);

    /// <summary>Whether DDIO places DMA writes in, and serves DMA reads from, the last-level cache.</summary>
    [Param("ddio", "Intel DDIO: DMA writes go to the LLC's I/O ways (with probability ddio_write_probability) and reads may hit the LLC.",
        Source = "convention: off, as in the measurements the write buffer and write latency come from (" + HostNetwork +
                 ", §2.2: prefetching and DDIO disabled in the four-quadrant experiments; §7: all peripheral transfers ran with DDIO disabled)")]
    public bool Ddio { get; init; }

    /// <summary>With DDIO, the probability that a write's lines go to the LLC rather than to memory.</summary>
    [Param("ddio_write_probability", "With ddio, probability that a DMA write is placed in the LLC's I/O ways instead of going to memory.",
        Source = "convention: 1, every write goes to the LLC, as Intel describes DDIO (Intel VTune Profiler Performance Analysis Cookbook, " +
                 "Effective Utilization of Intel DDIO Technology: PCIe devices perform read and write operations directly to and from " +
                 "the L3 cache); the I/O ways' capacity and their evictions are not modelled", Min = 0, Max = 1)]
    public double DdioWriteProbability { get; init; } = 1.0;

    /// <summary>With DDIO, the probability that a read finds its lines in the LLC.</summary>
    [Param("ddio_read_hit_probability", "With ddio, probability that a DMA read is served from the LLC instead of memory.",
        Source = "convention: every read misses the LLC, the case " + HostNetwork +
                 " study (§3: requests miss at all levels of the cache hierarchy); a buffer the CPU just wrote would hit", Min = 0, Max = 1)]
    public double DdioReadHitProbability { get; init; }

    /// <summary>From a translated write placed in the LLC until its lines are free.</summary>
    [Param("llc_write_latency", "Time from a translated DMA write in the root complex until DDIO has placed it in the LLC and its lines are freed.",
        Source = "convention: platform.memory.llc_latency's value (AnandTech, EPYC Rome review (2019): Xeon 8280 L3 about 46 cycles " +
                 "at 2.7 GHz = 17 ns), an LLC access; no measured IIO-to-LLC write latency was found", Min = 0, Max = Bounds.HardwareLatency)]
    public SimTime LlcWriteLatency { get; init; } = SimTime.FromNanoseconds(17);

    /// <summary>From a translated read that hits the LLC until its completion leaves.</summary>
    [Param("llc_read_latency", "Time from a translated DMA read in the root complex until its data is read from the LLC and its completion leaves.",
        Source = "convention: platform.memory.llc_latency's value (AnandTech, EPYC Rome review (2019): Xeon 8280 L3 about 46 cycles " +
                 "at 2.7 GHz = 17 ns), an LLC read", Min = 0, Max = Bounds.HardwareLatency)]
    public SimTime LlcReadLatency { get; init; } = SimTime.FromNanoseconds(17);
}
