namespace IommuSim.Parameters;

/// <summary>
/// Upper bounds of scenario values, in their base units (picoseconds, bytes, bit/s, cycles), for
/// <see cref="ParamAttribute.Max"/>. Each is far beyond anything physical, so no real scenario meets it, and
/// near enough that sums and products of bounded values stay representable (a simulated time is a 64-bit
/// count of picoseconds, about 106 days).
/// </summary>
public static class Bounds
{
    /// <summary>A hardware latency (a memory read, a descriptor, a link crossing): 1 ms, a million times a DRAM read.</summary>
    public const double HardwareLatency = 1e9;

    /// <summary>The CPU cycles of one operation: 10^8, a second on a 0.1 GHz CPU; measured costs are thousands.</summary>
    public const double OperationCycles = 1e8;

    /// <summary>A run's measured time or warm-up: 10^6 s, 11.6 days; both together stay far inside a SimTime.</summary>
    public const double RunTime = 1e18;

    /// <summary>A device's offered rate: 10 Tbit/s, ten times a PCIe 6.0 x16 link.</summary>
    public const double Rate = 1e13;

    /// <summary>One request or buffer: 1 GiB, beyond any single DMA a driver submits.</summary>
    public const double RequestBytes = 1L << 30;

    /// <summary>The SWIOTLB pool: 1 GiB, sixteen times the default; x86 allocates it in memory below 4 GiB.</summary>
    public const double SwiotlbBytes = 1L << 30;

    /// <summary>A VM's memory: 16 TiB, beyond the RAM of any host.</summary>
    public const double VmMemoryBytes = 16L << 40;

    /// <summary>
    /// Pages mapped one by one before a run (a pre-mapped working set, a VM's RAM): 2^22, 16 GiB of 4 KiB pages.
    /// Each is a page-table write at setup; more would make setup, not the run, the cost.
    /// </summary>
    public const long SetupPages = 1L << 22;
}
