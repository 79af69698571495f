using IommuSim.Units;

namespace IommuSim.Iommu;

/// <summary>
/// Hands out synthetic, 4 KiB-aligned physical addresses for page-table pages from one region, so that
/// page-walk reads have addresses a memory model can use. Freed pages are reused last-in first-out
/// (deterministic, and like a page allocator's hot list); otherwise the region fills upward from its base.
/// Several page tables may share one allocator so their tables never collide.
/// </summary>
public sealed class TablePageAllocator
{
    /// <summary>
    /// First address an x86 IOMMU table entry cannot hold: entries keep physical address bits 51:12.
    /// </summary>
    public const ulong PhysicalAddressLimit = 1UL << 52;

    private readonly Stack<ulong> _free = new();
    private readonly ulong _base;
    private readonly ulong _end;
    private ulong _next;

    /// <summary>Creates an allocator over [<paramref name="baseAddress"/>, base + <paramref name="capacity"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The base or capacity is not 4 KiB aligned, the capacity
    /// is zero, or the region ends past <see cref="PhysicalAddressLimit"/>.</exception>
    public TablePageAllocator(ulong baseAddress, ByteSize capacity)
    {
        ulong page = (ulong)PageTableFormat.TableSize.Bytes;
        if (baseAddress % page != 0)
            throw new ArgumentOutOfRangeException(nameof(baseAddress), $"table region base 0x{baseAddress:x} is not 4KiB aligned");
        if (capacity.Bytes == 0 || (ulong)capacity.Bytes % page != 0)
            throw new ArgumentOutOfRangeException(nameof(capacity), $"table region capacity {capacity} must be a positive multiple of 4KiB");
        if (baseAddress >= PhysicalAddressLimit || (ulong)capacity.Bytes > PhysicalAddressLimit - baseAddress)
            throw new ArgumentOutOfRangeException(nameof(capacity),
                $"table region 0x{baseAddress:x} + {capacity} ends past the 52-bit physical address limit of a table entry");
        _base = baseAddress;
        _next = baseAddress;
        _end = baseAddress + (ulong)capacity.Bytes;
    }

    /// <summary>First address of the region.</summary>
    public ulong BaseAddress => _base;
    /// <summary>Size of the region.</summary>
    public ByteSize Capacity => new((long)(_end - _base));
    /// <summary>Table pages currently handed out.</summary>
    public long PagesInUse { get; private set; }
    /// <summary>The most pages ever in use at once.</summary>
    public long PeakPagesInUse { get; private set; }

    /// <summary>The address of a free 4 KiB table page.</summary>
    /// <exception cref="InvalidOperationException">The region is full.</exception>
    public ulong Allocate()
    {
        ulong address;
        if (_free.Count > 0) address = _free.Pop();
        else if (_next < _end)
        {
            address = _next;
            _next += (ulong)PageTableFormat.TableSize.Bytes;
        }
        else throw new InvalidOperationException(
            $"page-table memory exhausted: all {Capacity} at 0x{_base:x} are in use; give the table allocator a larger capacity");
        PagesInUse++;
        if (PagesInUse > PeakPagesInUse) PeakPagesInUse = PagesInUse;
        return address;
    }

    // Only page tables free pages, and only pages they were given, so no validation beyond a debug check.
    internal void Free(ulong address)
    {
        System.Diagnostics.Debug.Assert(address >= _base && address < _next);
        _free.Push(address);
        PagesInUse--;
    }
}
