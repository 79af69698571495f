using IommuSim.Kernel;

namespace IommuSim.Host;

/// <summary>
/// An unmap between its call and its return to the caller: pooled by <see cref="DmaApi"/> so the unmap path
/// allocates nothing in steady state.
/// </summary>
internal sealed class PendingUnmap
{
    public DmaApi? Owner;
    public DmaCookie? Cookie;
    public int Cpu;
    public ulong Iova;
    public ulong Size;          // bytes, page aligned
    public bool LeafOnly;       // strict: the unmap freed no page-table page, so the flush may keep walk caches
    public SimTime SubmittedAt; // when its invalidation was issued, or when it began waiting for a queue's lock
    public Action<object?, long>? Callback;
    public object? State;
    public long Token;
    public PendingUnmap? Next;  // wait list of a locked flush queue, or the pool's free list

    public ulong Pfn => Iova >> IovaAllocator.PageShift;
    public ulong Pages => Size >> IovaAllocator.PageShift;
}
