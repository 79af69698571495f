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
    public SimTime SubmittedAt; // strict mode: when its range invalidation was issued
    public Action<object?>? Callback;
    public object? State;
    public PendingUnmap? Next;  // wait list of a locked flush queue, or the pool's free list

    public ulong Pfn => Iova >> IovaAllocator.PageShift;
    public ulong Pages => Size >> IovaAllocator.PageShift;
}
