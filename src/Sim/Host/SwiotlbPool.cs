using IommuSim.Units;

namespace IommuSim.Host;

/// <summary>
/// The SWIOTLB bounce-buffer pool (kernel/dma/swiotlb.c): memory the device can reach, cut into 2 KiB
/// slots, from which each bounced mapping takes a run of contiguous slots inside one 128-slot segment.
/// </summary>
/// <remarks>
/// <para>Like Linux: a mapping of n bytes takes ceil(n / 2 KiB) slots, at most 128 (256 KiB, the largest
/// mapping); a mapping of 4 KiB or more starts on a page boundary (an even slot); the search is next-fit,
/// starting after the last mapping and wrapping once round the pool. No room is "swiotlb buffer is full":
/// the map fails and <see cref="SlotExhaustions"/> counts it.</para>
/// <para>Simplifications: one search area (Linux splits the pool into per-CPU areas to cut lock contention,
/// which changes where a mapping lands but not whether the pool has room for it), and no preservation of
/// the original buffer's offset under the device's min_align_mask.</para>
/// </remarks>
public sealed class SwiotlbPool
{
    /// <summary>Slot size: IO_TLB_SIZE = 1 &lt;&lt; IO_TLB_SHIFT = 2 KiB (include/linux/swiotlb.h).</summary>
    public const int SlotSize = 2048;

    /// <summary>Slots per segment, the longest run one mapping may take: IO_TLB_SEGSIZE = 128 (include/linux/swiotlb.h).</summary>
    public const int SegmentSlots = 128;

    /// <summary>The largest mapping: 128 slots of 2 KiB = 256 KiB (swiotlb_max_mapping_size).</summary>
    public const ulong MaxMappingSize = (ulong)SlotSize * SegmentSlots;

    /// <summary>Default pool size: IO_TLB_DEFAULT_SIZE = 64 MiB (include/linux/swiotlb.h).</summary>
    public static readonly ByteSize DefaultSize = ByteSize.FromMiB(64);

    private const int PageSlots = 4096 / SlotSize;

    // Per slot: free slots from here to the end of its segment when free (Linux's slots[].list), 0 when used.
    private readonly int[] _freeRun;
    // Per first slot of a mapping: its size in bytes (0 elsewhere).
    private readonly ulong[] _mappedBytes;
    private int _nextIndex;

    /// <summary>Creates a pool of <paramref name="size"/> at <paramref name="baseAddress"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The base is not 4 KiB aligned, or the size is not a
    /// positive multiple of 2 KiB.</exception>
    public SwiotlbPool(ulong baseAddress, ByteSize size)
    {
        if (baseAddress % 4096 != 0)
            throw new ArgumentOutOfRangeException(nameof(baseAddress), $"SWIOTLB pool base 0x{baseAddress:x} is not 4KiB aligned");
        if (size.Bytes == 0 || size.Bytes % SlotSize != 0)
            throw new ArgumentOutOfRangeException(nameof(size), $"SWIOTLB pool size {size} is not a positive multiple of 2KiB");
        BaseAddress = baseAddress;
        Size = size;
        int slots = checked((int)(size.Bytes / SlotSize));
        _freeRun = new int[slots];
        _mappedBytes = new ulong[slots];
        for (int i = 0; i < slots; i++) _freeRun[i] = SegmentSlots - i % SegmentSlots;
        // A last, partial segment ends at the end of the pool.
        for (int i = slots - 1, run = 1; i >= 0 && i / SegmentSlots == (slots - 1) / SegmentSlots; i--, run++)
            _freeRun[i] = Math.Min(_freeRun[i], run);
    }

    /// <summary>First address of the pool (what the device is given).</summary>
    public ulong BaseAddress { get; }
    /// <summary>Size of the pool.</summary>
    public ByteSize Size { get; }
    /// <summary>Number of slots.</summary>
    public int SlotCount => _freeRun.Length;
    /// <summary>Slots currently in use.</summary>
    public int SlotsInUse { get; private set; }
    /// <summary>The most slots ever in use at once.</summary>
    public int PeakSlotsInUse { get; private set; }
    /// <summary>Successful mappings.</summary>
    public long Mappings { get; private set; }
    /// <summary>Mappings refused because no run of free slots was found ("swiotlb buffer is full").</summary>
    public long SlotExhaustions { get; private set; }
    /// <summary>Mappings refused because they exceed <see cref="MaxMappingSize"/>.</summary>
    public long OversizeRejections { get; private set; }

    /// <summary>True when <paramref name="address"/> is inside the pool.</summary>
    public bool Contains(ulong address) => address >= BaseAddress && address - BaseAddress < (ulong)Size.Bytes;

    /// <summary>
    /// Takes slots for a mapping of <paramref name="size"/> bytes and returns the bounce buffer's address.
    /// </summary>
    /// <returns>False, counted, when the size is over 256 KiB or no run of free slots is found.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A size of 0.</exception>
    public bool TryMap(ulong size, out ulong bounceAddress)
    {
        ArgumentOutOfRangeException.ThrowIfZero(size);
        bounceAddress = 0;
        if (size > MaxMappingSize)
        {
            OversizeRejections++;
            return false;
        }
        int need = (int)((size + SlotSize - 1) / SlotSize);
        int stride = size >= 4096 ? PageSlots : 1;
        int slots = _freeRun.Length;
        int start = (_nextIndex + stride - 1) / stride * stride;
        if (start >= slots) start = 0;
        for (int tried = 0, i = start; tried < slots; tried += stride)
        {
            if (_freeRun[i] >= need)
            {
                Take(i, need, size);
                bounceAddress = BaseAddress + (ulong)i * SlotSize;
                return true;
            }
            i += stride;
            if (i >= slots) i = 0;
        }
        SlotExhaustions++;
        return false;
    }

    /// <summary>Gives back the slots of the mapping at <paramref name="bounceAddress"/> and returns its size in bytes.</summary>
    /// <exception cref="InvalidOperationException">No mapping starts at that address.</exception>
    public ulong Unmap(ulong bounceAddress)
    {
        ulong offset = bounceAddress - BaseAddress;
        if (!Contains(bounceAddress) || offset % SlotSize != 0 || _mappedBytes[offset / SlotSize] == 0)
            throw new InvalidOperationException($"no SWIOTLB mapping starts at 0x{bounceAddress:x}");
        int index = (int)(offset / SlotSize);
        ulong size = _mappedBytes[index];
        int count = (int)((size + SlotSize - 1) / SlotSize);
        _mappedBytes[index] = 0;

        // Free run after the mapping, if it continues in the same segment.
        int end = index + count;
        int run = end < _freeRun.Length && end % SegmentSlots != 0 ? _freeRun[end] : 0;
        for (int i = end - 1; i >= index; i--) _freeRun[i] = ++run;
        // Free slots just before it, in the same segment, now reach further.
        for (int i = index - 1; i >= 0 && i % SegmentSlots != SegmentSlots - 1 && _freeRun[i] != 0; i--) _freeRun[i] = ++run;
        SlotsInUse -= count;
        return size;
    }

    private void Take(int index, int count, ulong size)
    {
        for (int i = index; i < index + count; i++) _freeRun[i] = 0;
        // Free slots just before the mapping in its segment now end where it starts.
        int run = 0;
        for (int i = index - 1; i >= 0 && i % SegmentSlots != SegmentSlots - 1 && _freeRun[i] != 0; i--) _freeRun[i] = ++run;
        _mappedBytes[index] = size;
        _nextIndex = index + count >= _freeRun.Length ? 0 : index + count;
        SlotsInUse += count;
        if (SlotsInUse > PeakSlotsInUse) PeakSlotsInUse = SlotsInUse;
        Mappings++;
    }
}
