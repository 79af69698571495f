namespace IommuSim.Devices;

/// <summary>
/// Where a device's buffers are placed, handed out in order: host memory (physical addresses, which the driver maps
/// through the DMA API) or a VM's RAM (guest-physical addresses, which the VM's VFIO mapping already translates, so a
/// driver in the guest maps nothing). Regions never overlap, so a translation that lands in the wrong one shows.
/// </summary>
public sealed class DeviceMemory
{
    /// <summary>Where host buffers start: 64 GiB, far above the page tables (from 4 GiB).</summary>
    public const ulong HostBase = 64UL << 30;

    /// <summary>Bytes of host memory for buffers: from 64 GiB up to the VMs' RAM at 1 TiB.</summary>
    public const long MaxHostBufferBytes = 960L << 30;

    private readonly ulong _end;
    private ulong _next;

    private DeviceMemory(ulong start, ulong end, bool inGuest)
    {
        _next = start;
        _end = end;
        InGuest = inGuest;
    }

    /// <summary>The host's buffer memory.</summary>
    public static DeviceMemory Host() => new(HostBase, HostBase + MaxHostBufferBytes, inGuest: false);

    /// <summary>Buffer memory inside a VM's RAM region of <paramref name="size"/> bytes at guest-physical <paramref name="start"/>.</summary>
    public static DeviceMemory Guest(ulong start, ulong size) => new(start, start + size, inGuest: true);

    /// <summary>True for a VM's RAM: addresses are guest-physical and need no mapping by the device's driver.</summary>
    public bool InGuest { get; }

    /// <summary>The next free address, for a region of <paramref name="bytes"/> aligned to <paramref name="alignment"/> (a power of two).</summary>
    /// <exception cref="InvalidOperationException">The memory is exhausted (validation bounds the working sets, so this is a bug).</exception>
    public ulong Allocate(ulong bytes, ulong alignment)
    {
        ulong start = (_next + alignment - 1) & ~(alignment - 1);
        if (start + bytes > _end || start + bytes < start)
            throw new InvalidOperationException($"buffer memory exhausted: {bytes} bytes at {start:x} do not fit below {_end:x}");
        _next = start + bytes;
        return start;
    }
}
